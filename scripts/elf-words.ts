/**
 * Words of the executable sections of a little-endian ELF64 AArch64 file, read straight from the
 * section header table (System V gABI). For the scripts only: src/image owns ELF loading.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../src/errors.js';

const SHF_EXECINSTR = 4n;
const EM_AARCH64 = 183;

/** Every 4-byte word of every SHF_EXECINSTR section, at its section address. */
export function* executableWords(path: string): Generator<{ word: number; pc: bigint }> {
  const f = readFileSync(path);
  if (f.length < 64 || f.readUInt32BE(0) !== 0x7f454c46) throw new UserError(`${path} is not an ELF file`);
  if (f[4] !== 2 || f[5] !== 1 || f.readUInt16LE(18) !== EM_AARCH64) throw new UserError(`${path} is not a little-endian ELF64 AArch64 file`);
  const shoff = Number(f.readBigUInt64LE(40));
  const shentsize = f.readUInt16LE(58);
  const shnum = f.readUInt16LE(60);
  if (shoff + shnum * shentsize > f.length) throw new UserError(`${path}: section header table runs past the end of the file`);
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * shentsize;
    const flags = f.readBigUInt64LE(h + 8);
    const type = f.readUInt32LE(h + 4);
    if ((flags & SHF_EXECINSTR) === 0n || type === 8) continue;
    const addr = f.readBigUInt64LE(h + 16);
    const offset = Number(f.readBigUInt64LE(h + 24));
    const size = Number(f.readBigUInt64LE(h + 32));
    if (offset + size > f.length) throw new UserError(`${path}: section ${i} runs past the end of the file`);
    for (let o = 0; o + 4 <= size; o += 4) yield { word: f.readUInt32LE(offset + o), pc: addr + BigInt(o) };
  }
}

