/**
 * A function out of a vmlinux: located by address or `sym+off/size`, its bytes read straight
 * from the file (header, section table, symbol table and the function only).
 */
import { UserError } from '../errors.js';
import { elfArch, elfByteOrders } from './elf/symbols.js';
import { elfSymbolIndex } from './elf/symbol-index.js';
import { elfConstantData, type Reopen } from './constant-data.js';
import { ElfFile, ET_REL, SHT_NOBITS } from './elf/file.js';
import { locateFunction, type WordsAt } from './locate.js';
import type { FunctionQuery } from './query.js';
import { type ByteSource, withFileSource } from './source.js';
import type { CodeImage, ImageArch } from './types.js';
import { hex, machineAddress } from './words.js';

export function loadVmlinux(path: string, query: FunctionQuery): CodeImage {
  return withFileSource(path, (source) => loadVmlinuxFrom(source, query, (body) => withFileSource(path, body)));
}

/** Instruction words of a linked ELF file at link addresses; null where no section holds them. */
export function elfWordsAt(elf: ElfFile, arch: ImageArch): WordsAt {
  const little = elfByteOrders(elf, arch).endian === 'little';
  return (address, count) => {
    const sec = elf.sections.find((x) => x.index > 0 && x.type !== SHT_NOBITS && machineAddress(arch, x.addr) <= address && address + BigInt(4 * count) <= machineAddress(arch, x.addr) + BigInt(x.size));
    if (sec === undefined) return null;
    const b = elf.sectionBytes(sec, Number(address - machineAddress(arch, sec.addr)), 4 * count);
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return Array.from({ length: count }, (_, i) => view.getUint32(4 * i, little));
  };
}

/** `reopen` gives the file again after `source` is closed: without it the image reads no constant data. */
export function loadVmlinuxFrom(source: ByteSource, query: FunctionQuery, reopen?: Reopen): CodeImage {
  const elf = new ElfFile(source);
  const file = source.name;
  const arch = elfArch(elf);
  if (elf.header.type === ET_REL) throw new UserError(`${file}: a relocatable object (a module?), not a linked vmlinux; pass it with --module`);
  const linked = elfSymbolIndex(elf, arch);
  if (linked === null) throw new UserError(`${file}: has no symbol table (.symtab was stripped); give the unstripped vmlinux, or System.map with the raw image`);
  const located = locateFunction(linked, query, arch, file, elfWordsAt(elf, arch));
  const { symbol, slide } = located;
  if (located.size === null || located.size === 0n) throw new UserError(`${file}: ${symbol.name} has no size in the symbol table; give the oops's sym+off/size`);
  const size = Number(located.size);
  const section = elf.sections.find(
    (s) => s.index > 0 && s.type !== SHT_NOBITS && s.size > 0 && machineAddress(arch, s.addr) <= symbol.address && symbol.address + located.size! <= machineAddress(arch, s.addr) + BigInt(s.size),
  );
  if (section === undefined) throw new UserError(`${file}: ${symbol.name} at ${hex(symbol.address)} lies in no section with contents`);
  const bytes = elf.sectionBytes(section, Number(symbol.address - machineAddress(arch, section.addr)), size);
  // Constant data at link addresses is where the code finds it only while the function runs where
  // it was linked: a relocated (or nominally placed) function computes other addresses.
  const readData = reopen !== undefined && slide === 0n ? elfConstantData(elf.sections, arch, linked, reopen) : undefined;

  return {
    arch,
    ...elfByteOrders(elf, arch),
    ranges: [{ address: machineAddress(arch, symbol.address + slide), bytes, provenance: 'vmlinux', origin: file }],
    gaps: [],
    symbols: linked.slid(slide),
    relocations: [],
    warnings: located.warnings,
    ...(readData === undefined ? {} : { readData }),
  };
}
