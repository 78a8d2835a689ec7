/**
 * A module's function placed where the oops saw it. The oops says `func+off/size [mod]` at pc,
 * so the section holding `func` was loaded at base = pc - off - value(func). That section is
 * placed there and its relocations applied where the symbol's address is known (same section,
 * or an external symbol the caller can resolve, e.g. from System.map); every other relocated
 * field is kept as the object file has it and reported as a RelocationTarget with the reason.
 */
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { aarch64Relocator } from './elf/aarch64.js';
import { ElfFile, ET_REL, SHN_ABS, SHN_COMMON, SHN_UNDEF, STB_WEAK, STT_SECTION, type ElfSection, type ElfSymbol } from './elf/file.js';
import { mipsRelocator } from './elf/mips.js';
import { symbolPlus, type Relocator, type SymbolicRelocation } from './elf/relocate.js';
import { elfArch, elfByteOrders, imageSymbols } from './elf/symbols.js';
import type { FunctionQuery } from './query.js';
import { type ByteSource, withFileSource } from './source.js';
import { arraySymbolIndex, didYouMean } from './symbols.js';
import type { CodeImage, ImageArch, RelocationTarget } from './types.js';
import { hex, machineAddress } from './words.js';

export interface ModuleOptions {
  /** Address of an external (kernel) symbol, e.g. from System.map; null when unknown. */
  readonly resolveExternal?: (name: string) => bigint | null;
  /**
   * Load address of another section of the module (`.data`, `.bss`, `.rodata`), e.g. from
   * /sys/module/NAME/sections/ on the crashed machine; null when unknown.
   */
  readonly sectionBase?: (section: string) => bigint | null;
}

const RELOCATORS: Record<ImageArch, Relocator> = { mips: mipsRelocator, aarch64: aarch64Relocator };

export function loadModule(path: string, query: FunctionQuery, options: ModuleOptions = {}): CodeImage {
  return withFileSource(path, (source) => loadModuleFrom(source, query, options));
}

/** The module's name as the kernel prints it: `.modinfo` `name=`, else the file name with `-` as `_`. */
export function moduleName(elf: ElfFile): string {
  const modinfo = elf.section('.modinfo');
  if (modinfo !== undefined) {
    const text = Buffer.from(elf.sectionBytes(modinfo)).toString('latin1');
    const entry = text.split('\0').find((e) => e.startsWith('name='));
    if (entry !== undefined) return entry.slice(5);
  }
  return basename(elf.source.name).replace(/\.ko(\.[a-z]+)?$/, '').replace(/-/g, '_');
}

export function loadModuleFrom(source: ByteSource, query: FunctionQuery, options: ModuleOptions = {}): CodeImage {
  const elf = new ElfFile(source);
  const file = source.name;
  const arch = elfArch(elf);
  if (arch === 'aarch64' && elf.header.endian === 'big') throw new UserError(`${file}: big-endian arm64 modules are not supported`);
  if (elf.header.type !== ET_REL) throw new UserError(`${file}: not a relocatable module (.ko); pass a linked kernel with --vmlinux`);
  const { pc, symbol: spec } = query;
  if (spec === null || spec.offset === null || pc === null) {
    throw new UserError(`${file}: placing a module needs the oops's pc and func+off; neither may be missing`);
  }
  const name = moduleName(elf);
  if (spec.module !== null && spec.module !== name) {
    throw new UserError(`${file}: is module '${name}' but the oops faulted in module '${spec.module}'; give ${spec.module}.ko`);
  }

  const functions = elf.symbols().filter((s) => s.type === 2 && s.shndx !== SHN_UNDEF && s.shndx < elf.sections.length);
  const candidates = functions.filter((s) => s.name === spec.name);
  if (candidates.length === 0) {
    throw new UserError(`${file}: module '${name}' has no function '${spec.name}'${didYouMean(functions.map((s) => s.name), spec.name)}`);
  }
  const fits = candidates.filter((s) => s.size === 0n || spec.offset! < s.size);
  if (fits.length !== 1) {
    throw new UserError(
      fits.length === 0
        ? `${file}: ${spec.name}+${hex(spec.offset)} lies past the end of ${spec.name} (${hex(candidates[0]!.size)} bytes): the module does not match the oops`
        : `${file}: ${fits.length} functions named '${spec.name}' could hold +${hex(spec.offset)}; the oops cannot tell which`,
    );
  }
  const fn = fits[0] as ElfSymbol;
  const section = elf.sections[fn.shndx] as ElfSection;
  const base = machineAddress(arch, pc - spec.offset - fn.value);

  const warnings: string[] = [];
  if (spec.size !== null && spec.size !== fn.size) warnings.push(sizeWarning(elf, fn, section, spec.size, arch));

  const { bytes, relocations } = relocatedSection(elf, section, base, options);
  const unresolved = relocations.filter((r) => !r.resolved);
  if (unresolved.length > 0) {
    const symbols = [...new Set(unresolved.map((r) => r.symbol))];
    warnings.push(
      `${file}: ${unresolved.length} relocated field(s) in ${section.name} keep the object file's placeholder (unknown at run time): ` +
        `${symbols.slice(0, 6).join(', ')}${symbols.length > 6 ? ', ...' : ''}`,
    );
  }
  const placed = imageSymbols(elf, (s) => (s.shndx === section.index ? machineAddress(arch, base + s.value) : null));
  return {
    arch,
    ...elfByteOrders(elf, arch),
    ranges: [{ address: base, bytes, provenance: 'module', origin: `${file} (${section.name} placed at ${hex(base)})` }],
    gaps: [],
    symbols: arraySymbolIndex(placed),
    relocations,
    warnings,
  };
}

/**
 * arm64 module symbol sizes in oopses run to the next symbol or the end of the section
 * (module kallsyms has no sizes), so such a size is explained rather than flagged.
 */
function sizeWarning(elf: ElfFile, fn: ElfSymbol, section: ElfSection, oopsSize: bigint, arch: ImageArch): string {
  const starts = elf
    .symbols()
    .filter((s) => s.shndx === section.index && s.type !== STT_SECTION && s.name !== '' && s.value > fn.value)
    .map((s) => s.value);
  const next = starts.length === 0 ? BigInt(section.size) : starts.reduce((a, b) => (a < b ? a : b));
  const kallsymsSize = next - fn.value;
  const file = elf.source.name;
  if (oopsSize === kallsymsSize) return `${file}: the oops gives ${fn.name} ${hex(oopsSize)} bytes (up to the next symbol, as module kallsyms counts), the symbol table ${hex(fn.size)}`;
  const note = arch === 'aarch64' ? ' (arm64 oopses can print bogus sizes for module functions)' : ': the module may not be the build that crashed';
  return `${file}: the oops says ${fn.name} is ${hex(oopsSize)} bytes, the module says ${hex(fn.size)}${note}`;
}

/** A section of a relocatable object placed at `base`, with the relocations that can be applied applied. */
export function relocatedSection(elf: ElfFile, section: ElfSection, base: bigint, options: ModuleOptions = {}): { bytes: Uint8Array; relocations: RelocationTarget[] } {
  const arch = elfArch(elf);
  const bytes = elf.sectionBytes(section).slice();
  const symbols = elf.symbols();
  const symbolic: SymbolicRelocation[] = [];
  for (const relSection of elf.relocationSectionsFor(section)) {
    for (const r of elf.relocations(relSection)) {
      const s = symbols[r.symbolIndex];
      if (s === undefined) throw new UserError(`${elf.source.name}: corrupt ELF: relocation names symbol ${r.symbolIndex}, which does not exist`);
      if (r.offset + 4n > BigInt(section.size)) throw new UserError(`${elf.source.name}: corrupt ELF: relocation at +${hex(r.offset)} lies outside ${section.name}`);
      symbolic.push({ offset: Number(r.offset), type: r.type, addend: r.addend, ...symbolAddress(elf, s, section, base, arch, options) });
    }
  }
  const targets = RELOCATORS[arch].relocate(symbolic, { bytes, endian: elf.header.endian, base });
  return { bytes, relocations: targets.map((t) => ({ ...t, label: sectionRelativeLabel(elf, t) ?? t.label })) };
}

/** `.bss+0x8` reads better as the variable there: `local_counter`. */
function sectionRelativeLabel(elf: ElfFile, t: RelocationTarget): string | null {
  const section = elf.sections.find((s) => s.index > 0 && s.name === t.symbol);
  if (section === undefined) return null;
  let best: ElfSymbol | null = null;
  for (const s of elf.symbols()) {
    if (s.shndx !== section.index || s.name === '' || s.name.startsWith('$') || s.type === STT_SECTION) continue;
    if (s.value <= t.addend && (best === null || s.value > best.value)) best = s;
  }
  return best === null ? null : symbolPlus(best.name, t.addend - best.value);
}

function symbolAddress(
  elf: ElfFile,
  s: ElfSymbol,
  placed: ElfSection,
  base: bigint,
  arch: ImageArch,
  options: ModuleOptions,
): { symbol: string; symbolValue: bigint | null; unknownReason: string | null } {
  const own = elf.sections[s.shndx];
  const name = s.type === STT_SECTION && own !== undefined ? own.name : s.name;
  if (s.shndx === placed.index) {
    // A weak definition in an object linked into vmlinux yields to a global one, as the linker
    // does (gABI); a built module (modpost gave it .gnu.linkonce.this_module) keeps its own, as the
    // module loader resolves only undefined symbols.
    const strong = s.bind === STB_WEAK && elf.section('.gnu.linkonce.this_module') === undefined ? (options.resolveExternal?.(name) ?? null) : null;
    return { symbol: name, symbolValue: machineAddress(arch, strong ?? base + s.value), unknownReason: null };
  }
  if (s.shndx === SHN_ABS) return { symbol: name, symbolValue: s.value, unknownReason: null };
  if (s.shndx === SHN_UNDEF) {
    const value = options.resolveExternal?.(name) ?? null;
    return value === null
      ? { symbol: name, symbolValue: null, unknownReason: `${name} is outside the module; its address is unknown without the kernel's System.map or vmlinux` }
      : { symbol: name, symbolValue: machineAddress(arch, value), unknownReason: null };
  }
  if (s.shndx === SHN_COMMON) return { symbol: name, symbolValue: null, unknownReason: `${name} is a common symbol, allocated at load time` };
  const where = own === undefined ? `section ${s.shndx}` : own.name;
  const sectionBase = own === undefined ? null : (options.sectionBase?.(own.name) ?? null);
  if (sectionBase !== null) return { symbol: name, symbolValue: machineAddress(arch, sectionBase + s.value), unknownReason: null };
  const subject = s.type === STT_SECTION ? 'it is' : `${name} is`;
  return { symbol: name, symbolValue: null, unknownReason: `${subject} in the module's ${where}, whose load address the oops does not give` };
}
