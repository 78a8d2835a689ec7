/**
 * Minimal ELF reader for scripts: the executable PROGBITS sections of a 32-bit or 64-bit ELF file as
 * instruction words (byte order from the ELF header). Scripts only; the product's ELF reader is
 * src/image's.
 */
import { UserError } from '../src/errors.js';

export interface TextSection { readonly name: string; readonly address: bigint; readonly words: number[] }

export function executableSections(buf: Uint8Array): { endian: 'be' | 'le'; sections: TextSection[] } {
  if (buf[0] !== 0x7f || buf[1] !== 0x45 || buf[2] !== 0x4c || buf[3] !== 0x46) throw new UserError('not an ELF file: give a .o, .ko or vmlinux');
  const is64 = buf[4] === 2;
  const le = buf[5] === 1;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u16 = (o: number): number => dv.getUint16(o, le);
  const u32 = (o: number): number => dv.getUint32(o, le);
  const addr = (o: number): bigint => (is64 ? dv.getBigUint64(o, le) : BigInt(u32(o)));
  const off = (o: number): number => Number(addr(o));
  const shoff = is64 ? off(0x28) : u32(0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  const shstrndx = u16(is64 ? 0x3e : 0x32);
  const sh = (i: number) => {
    const b = shoff + i * shentsize;
    return is64
      ? { name: u32(b), type: u32(b + 4), flags: Number(addr(b + 8)), addr: addr(b + 16), offset: off(b + 24), size: off(b + 32) }
      : { name: u32(b), type: u32(b + 4), flags: u32(b + 8), addr: BigInt(u32(b + 12)), offset: u32(b + 16), size: u32(b + 20) };
  };
  const strtab = sh(shstrndx);
  const nameAt = (o: number): string => {
    let e = strtab.offset + o;
    while (buf[e] !== 0 && e < buf.length) e++;
    return Buffer.from(buf.subarray(strtab.offset + o, e)).toString('latin1');
  };
  const sections: TextSection[] = [];
  for (let i = 0; i < shnum; i++) {
    const s = sh(i);
    if (s.type !== 1 || (s.flags & 4) === 0) continue;
    const words: number[] = [];
    for (let o = 0; o + 4 <= s.size; o += 4) words.push(u32(s.offset + o));
    sections.push({ name: nameAt(s.name), address: s.addr, words });
  }
  return { endian: le ? 'le' : 'be', sections };
}

/** All executable words of the file, concatenated, with the first section's address. */
export function textWords(buf: Uint8Array): { endian: 'be' | 'le'; address: bigint; words: number[] } {
  const { endian, sections } = executableSections(buf);
  return { endian, address: sections[0]?.address ?? 0n, words: sections.flatMap((s) => s.words) };
}
