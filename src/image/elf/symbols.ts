/** ELF symbols as image symbols: which ones name code or data, and where they end up. */
import { UserError } from '../../errors.js';
import type { Endian, ImageArch, ImageSymbol } from '../types.js';
import { ElfFile, EM_AARCH64, EM_MIPS, machineName, SHF_ALLOC, SHF_EXECINSTR, SHN_ABS, SHN_LORESERVE, STB_LOCAL, STT_FUNC, STT_NOTYPE, STT_OBJECT, type ElfSymbol } from './file.js';

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

/** Mapping symbols (`$x`, `$d`, `$a`) and the file and section symbols name nothing a user calls. */
function namesSomething(elf: ElfFile, s: ElfSymbol): boolean {
  if (s.name === '' || s.name.startsWith('$')) return false;
  if (s.type !== STT_FUNC && s.type !== STT_OBJECT && s.type !== STT_NOTYPE) return false;
  if (s.shndx === SHN_ABS) return s.type !== STT_NOTYPE || s.value !== 0n;
  if (s.shndx === 0 || s.shndx >= SHN_LORESERVE) return false;
  const section = elf.sections[s.shndx];
  return section !== undefined && (section.flags & SHF_ALLOC) !== 0n;
}

/**
 * Image symbols of an ELF file. `addressOf` turns a symbol into its address (link address in a
 * vmlinux, placed address in a module) or null when its section is not placed.
 */
export function imageSymbols(elf: ElfFile, addressOf: (s: ElfSymbol) => bigint | null): ImageSymbol[] {
  const out: ImageSymbol[] = [];
  for (const s of elf.symbols()) {
    if (!namesSomething(elf, s)) continue;
    const address = addressOf(s);
    if (address === null) continue;
    const section = elf.sections[s.shndx];
    const inCode = section !== undefined && (section.flags & SHF_EXECINSTR) !== 0n;
    out.push({
      name: s.name,
      address,
      size: s.size === 0n && s.type !== STT_FUNC && s.type !== STT_OBJECT ? null : s.size,
      kind: s.type === STT_FUNC || (s.type === STT_NOTYPE && inCode) ? 'function' : s.type === STT_OBJECT ? 'object' : 'other',
      local: s.bind === STB_LOCAL,
    });
  }
  return out;
}
