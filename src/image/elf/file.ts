/**
 * A lazy ELF reader (ELF32/ELF64, both byte orders) after the System V gABI: it reads the header
 * and section table on open and anything else only when asked. Every 64-bit field is a bigint, so
 * arm64 kernel addresses (0xffff8000...) survive exactly. Malformed input is a UserError that
 * says what is wrong, never an out-of-range read.
 */
import { UserError } from '../../errors.js';
import type { ByteSource } from '../source.js';
import type { Endian } from '../types.js';

export const EM_MIPS = 8;
export const EM_AARCH64 = 183;

export const ET_REL = 1;

export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;

export const SHF_WRITE = 1n;
export const SHF_ALLOC = 2n;
export const SHF_EXECINSTR = 4n;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
const SHN_XINDEX = 0xffff;

export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STB_LOCAL = 0;
export const STB_WEAK = 2;

export interface ElfHeader {
  readonly is64: boolean;
  readonly endian: Endian;
  readonly type: number;
  readonly machine: number;
  readonly entry: bigint;
  readonly flags: number;
}

export interface ElfSection {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly flags: bigint;
  readonly addr: bigint;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly entsize: number;
}

export interface ElfSymbol {
  readonly index: number;
  readonly name: string;
  readonly value: bigint;
  readonly size: bigint;
  readonly type: number;
  readonly bind: number;
  /** Section index (SHN_* for special ones). */
  readonly shndx: number;
}

export interface ElfRelocation {
  /** Section-relative in ET_REL files, a virtual address otherwise. */
  readonly offset: bigint;
  readonly type: number;
  readonly symbolIndex: number;
  /** Explicit for RELA; for REL the addend is in the relocated field and this is null. */
  readonly addend: bigint | null;
}

/** A field reader over one byte order and class. */
class Fields {
  constructor(
    readonly little: boolean,
    readonly is64: boolean,
  ) {}
  view(bytes: Uint8Array): DataView {
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u16(v: DataView, at: number): number {
    return v.getUint16(at, this.little);
  }
  u32(v: DataView, at: number): number {
    return v.getUint32(at, this.little);
  }
  u64(v: DataView, at: number): bigint {
    return v.getBigUint64(at, this.little);
  }
  /** An address or size: 4 bytes in ELF32, 8 in ELF64. */
  word(v: DataView, at: number): bigint {
    return this.is64 ? v.getBigUint64(at, this.little) : BigInt(v.getUint32(at, this.little));
  }
}

/** A file offset or size that must fit in a JS number to index the file. */
function toOffset(source: ByteSource, value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new UserError(`${source.name}: corrupt ELF: ${what} 0x${value.toString(16)} is impossibly large`);
  return Number(value);
}

export class ElfFile {
  readonly header: ElfHeader;
  readonly sections: readonly ElfSection[];
  private readonly fields: Fields;
  private symbolCache: ElfSymbol[] | undefined;

  constructor(readonly source: ByteSource) {
    const ident = source.read(0, Math.min(16, source.size), 'the ELF identification');
    if (ident[0] !== 0x7f || ident[1] !== 0x45 || ident[2] !== 0x4c || ident[3] !== 0x46) {
      throw new UserError(`${source.name}: not an ELF file (no \\x7fELF magic); give a vmlinux or a .ko`);
    }
    // The magic and no more: a cut-off ELF file, not another kind of file (this read says so).
    if (ident.length < 16) source.read(0, 16, 'the ELF identification');
    const cls = ident[4];
    const data = ident[5];
    if (cls !== 1 && cls !== 2) throw new UserError(`${source.name}: corrupt ELF: unknown class ${cls} (expected 1 for ELF32 or 2 for ELF64)`);
    if (data !== 1 && data !== 2) throw new UserError(`${source.name}: corrupt ELF: unknown data encoding ${data} (expected 1 LSB or 2 MSB)`);
    const is64 = cls === 2;
    this.fields = new Fields(data === 1, is64);
    const f = this.fields;
    const h = f.view(source.read(0, is64 ? 64 : 52, 'the ELF header'));
    const shoff = toOffset(source, f.word(h, is64 ? 40 : 32), 'section header offset');
    const shentsize = f.u16(h, is64 ? 58 : 46);
    let shnum = f.u16(h, is64 ? 60 : 48);
    let shstrndx = f.u16(h, is64 ? 62 : 50);
    this.header = {
      is64,
      endian: data === 1 ? 'little' : 'big',
      type: f.u16(h, 16),
      machine: f.u16(h, 18),
      entry: f.word(h, 24),
      flags: f.u32(h, is64 ? 48 : 36),
    };
    if (shoff === 0) throw new UserError(`${source.name}: ELF file has no section headers (stripped with --strip-sections?); give the unstripped vmlinux or .ko`);
    const expectedEntsize = is64 ? 64 : 40;
    if (shentsize !== expectedEntsize) {
      throw new UserError(`${source.name}: corrupt ELF: section header size ${shentsize}, expected ${expectedEntsize}`);
    }
    // Large files keep the true section count and string-table index in section 0 (gABI, "Extended Section Numbering").
    const first = f.view(source.read(shoff, shentsize, 'section header 0'));
    if (shnum === 0) shnum = toOffset(source, f.word(first, is64 ? 32 : 20), 'section count');
    if (shstrndx === SHN_XINDEX) shstrndx = f.u32(first, is64 ? 40 : 24);
    const table = f.view(source.read(shoff, shnum * shentsize, `the section header table (${shnum} entries)`));
    const raw = [];
    for (let i = 0; i < shnum; i++) raw.push(this.parseSectionHeader(table, i * shentsize, i));
    const names = raw[shstrndx];
    if (names === undefined || names.type !== SHT_STRTAB) {
      throw new UserError(`${source.name}: corrupt ELF: section name table index ${shstrndx} is not a string table`);
    }
    const nameBytes = source.read(names.offset, names.size, 'the section name table');
    this.sections = raw.map((s) => ({ ...s, name: cString(nameBytes, s.nameOffset, source.name, 'section name') }));
  }

  private parseSectionHeader(v: DataView, at: number, index: number): ElfSection & { nameOffset: number } {
    const f = this.fields;
    const is64 = f.is64;
    const type = f.u32(v, at + 4);
    const section = {
      index,
      name: '',
      nameOffset: f.u32(v, at),
      type,
      flags: f.word(v, at + 8),
      addr: f.word(v, at + (is64 ? 16 : 12)),
      offset: toOffset(this.source, f.word(v, at + (is64 ? 24 : 16)), `section ${index} offset`),
      size: toOffset(this.source, f.word(v, at + (is64 ? 32 : 20)), `section ${index} size`),
      link: f.u32(v, at + (is64 ? 40 : 24)),
      info: f.u32(v, at + (is64 ? 44 : 28)),
      entsize: toOffset(this.source, f.word(v, at + (is64 ? 56 : 36)), `section ${index} entry size`),
    };
    if (index > 0 && type !== SHT_NOBITS && section.offset + section.size > this.source.size) {
      throw new UserError(
        `${this.source.name}: truncated ELF: section ${index} ends at 0x${(section.offset + section.size).toString(16)} ` +
          `but the file has 0x${this.source.size.toString(16)} bytes; give the complete file`,
      );
    }
    return section;
  }

  section(name: string): ElfSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** `length` bytes of a section from `offset` within it (zeros for NOBITS). */
  sectionBytes(section: ElfSection, offset = 0, length = section.size - offset): Uint8Array {
    if (offset < 0 || length < 0 || offset + length > section.size) {
      throw new UserError(`${this.source.name}: read of 0x${length.toString(16)} bytes at +0x${offset.toString(16)} runs past section ${section.name}`);
    }
    if (section.type === SHT_NOBITS) return new Uint8Array(length);
    return this.source.read(section.offset + offset, length, `section ${section.name}`);
  }

  /** The static symbol table (`.symtab`) as objects; empty when the file was stripped of it. */
  symbols(): readonly ElfSymbol[] {
    this.symbolCache ??= this.readSymbols();
    return this.symbolCache;
  }

  /**
   * The raw `.symtab` entries and their string table, validated, for readers that keep a large
   * table compact; null when the file has no symbol table.
   */
  rawSymbolTable(): { readonly entries: DataView; readonly count: number; readonly strings: Uint8Array; readonly is64: boolean; readonly little: boolean } | null {
    const symtab = this.sections.find((s) => s.type === SHT_SYMTAB);
    if (symtab === undefined) return null;
    const f = this.fields;
    const entsize = f.is64 ? 24 : 16;
    if (symtab.entsize !== entsize) throw new UserError(`${this.source.name}: corrupt ELF: symbol entry size ${symtab.entsize}, expected ${entsize}`);
    const strtab = this.sections[symtab.link];
    if (strtab === undefined || strtab.type !== SHT_STRTAB) {
      throw new UserError(`${this.source.name}: corrupt ELF: the symbol table links to section ${symtab.link}, which is not a string table`);
    }
    return { entries: f.view(this.sectionBytes(symtab)), count: Math.floor(symtab.size / entsize), strings: this.sectionBytes(strtab), is64: f.is64, little: f.little };
  }

  private readSymbols(): ElfSymbol[] {
    const raw = this.rawSymbolTable();
    if (raw === null) return [];
    const f = this.fields;
    const entsize = f.is64 ? 24 : 16;
    const { entries: v, count, strings } = raw;
    const out: ElfSymbol[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const at = i * entsize;
      const info = f.is64 ? v.getUint8(at + 4) : v.getUint8(at + 12);
      out[i] = {
        index: i,
        name: cString(strings, f.u32(v, at), this.source.name, 'symbol name'),
        value: f.is64 ? f.u64(v, at + 8) : BigInt(f.u32(v, at + 4)),
        size: f.is64 ? f.u64(v, at + 16) : BigInt(f.u32(v, at + 8)),
        type: info & 0xf,
        bind: info >> 4,
        shndx: f.u16(v, f.is64 ? at + 6 : at + 14),
      };
    }
    return out;
  }

  /** The REL/RELA sections that apply to section `target`. */
  relocationSectionsFor(target: ElfSection): ElfSection[] {
    return this.sections.filter((s) => (s.type === SHT_REL || s.type === SHT_RELA) && s.info === target.index);
  }

  relocations(section: ElfSection): ElfRelocation[] {
    const f = this.fields;
    const rela = section.type === SHT_RELA;
    const entsize = (f.is64 ? 16 : 8) + (rela ? (f.is64 ? 8 : 4) : 0);
    if (section.entsize !== entsize) throw new UserError(`${this.source.name}: corrupt ELF: ${section.name} entry size ${section.entsize}, expected ${entsize}`);
    if (f.is64 && this.header.machine === EM_MIPS) {
      // MIPS64 packs three relocation types into r_info (MIPS64 ELF supplement); not the 24Kc case.
      throw new UserError(`${this.source.name}: MIPS64 relocations are not supported; oopsreplay handles 32-bit MIPS modules`);
    }
    const v = f.view(this.sectionBytes(section));
    const count = Math.floor(section.size / entsize);
    const out: ElfRelocation[] = [];
    for (let i = 0; i < count; i++) {
      const at = i * entsize;
      if (f.is64) {
        const info = f.u64(v, at + 8);
        out.push({
          offset: f.u64(v, at),
          symbolIndex: Number(info >> 32n),
          type: Number(info & 0xffffffffn),
          addend: rela ? v.getBigInt64(at + 16, f.little) : null,
        });
      } else {
        const info = f.u32(v, at + 4);
        out.push({ offset: BigInt(f.u32(v, at)), symbolIndex: info >>> 8, type: info & 0xff, addend: rela ? BigInt(v.getInt32(at + 8, f.little)) : null });
      }
    }
    return out;
  }
}

function cString(bytes: Uint8Array, offset: number, file: string, what: string): string {
  if (offset >= bytes.length) {
    if (offset === 0) return '';
    throw new UserError(`${file}: corrupt ELF: ${what} offset 0x${offset.toString(16)} lies outside its string table`);
  }
  let end = bytes.indexOf(0, offset);
  if (end < 0) end = bytes.length;
  return Buffer.from(bytes.buffer, bytes.byteOffset + offset, end - offset).toString('latin1');
}

export function machineName(machine: number): string {
  switch (machine) {
    case EM_MIPS:
      return 'MIPS';
    case EM_AARCH64:
      return 'AArch64';
    case 3:
      return 'x86';
    case 62:
      return 'x86-64';
    case 40:
      return 'ARM';
    case 243:
      return 'RISC-V';
    default:
      return `machine ${machine}`;
  }
}
