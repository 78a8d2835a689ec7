/** ELF symbols as image symbols: which ones name code or data, and where they end up. */
import { UserError } from '../../errors.js';
import type { Endian, ImageArch, ImageSymbol, SymbolKind } from '../types.js';
import { ElfFile, EM_AARCH64, EM_MIPS, machineName, SHF_ALLOC, SHF_EXECINSTR, SHN_LORESERVE, STB_LOCAL, STT_FUNC, STT_NOTYPE, STT_OBJECT, type ElfSymbol } from './file.js';

export function elfArch(elf: ElfFile): ImageArch {
  const { machine, is64 } = elf.header;
  if (machine === EM_MIPS) return 'mips';
  if (machine === EM_AARCH64 && is64) return 'aarch64';
  throw new UserError(`${elf.source.name}: an ELF file for ${machineName(machine)}; oopsreplay reads MIPS and AArch64 kernels`);
}

/** Code and data byte orders of an ELF file: A64 code is little-endian even in a big-endian file. */
export function elfByteOrders(elf: ElfFile, arch: ImageArch): { endian: Endian; dataEndian: Endian; endianSource: string } {
  const data = elf.header.endian;
  const code = arch === 'aarch64' ? 'little' : data;
  return { endian: code, dataEndian: data, endianSource: `${elf.source.name}: ELF header (${data}-endian)` };
}

/**
 * Whether a symbol names code or data one looks up: not a mapping symbol (`$x`, `$d`), file or
 * section symbol, nor undefined, absolute or common; defined in a section that is loaded.
 */
export function namesCodeOrData(type: number, shndx: number, firstNameByte: number | undefined, allocated: (shndx: number) => boolean): boolean {
  if (firstNameByte === undefined || firstNameByte === 0 || firstNameByte === 0x24) return false;
  if (type !== STT_FUNC && type !== STT_OBJECT && type !== STT_NOTYPE) return false;
  return shndx !== 0 && shndx < SHN_LORESERVE && allocated(shndx);
}

/** Functions are STT_FUNC, or untyped labels in code (assembler entry points). */
export function symbolKind(type: number, inCode: boolean): SymbolKind {
  return type === STT_FUNC || (type === STT_NOTYPE && inCode) ? 'function' : type === STT_OBJECT ? 'object' : 'other';
}

/**
 * Image symbols of an ELF file. `addressOf` turns a symbol into its address (link address in a
 * vmlinux, placed address in a module) or null when its section is not placed.
 */
export function imageSymbols(elf: ElfFile, addressOf: (s: ElfSymbol) => bigint | null): ImageSymbol[] {
  const out: ImageSymbol[] = [];
  const allocated = (i: number): boolean => ((elf.sections[i]?.flags ?? 0n) & SHF_ALLOC) !== 0n;
  for (const s of elf.symbols()) {
    if (!namesCodeOrData(s.type, s.shndx, s.name.charCodeAt(0) || 0, allocated)) continue;
    const address = addressOf(s);
    if (address === null) continue;
    const inCode = ((elf.sections[s.shndx]?.flags ?? 0n) & SHF_EXECINSTR) !== 0n;
    out.push({
      name: s.name,
      address,
      size: s.size === 0n && s.type === STT_NOTYPE ? null : s.size,
      kind: symbolKind(s.type, inCode),
      local: s.bind === STB_LOCAL,
    });
  }
  return out;
}
