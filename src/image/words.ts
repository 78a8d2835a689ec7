/** Small conversions shared by the loaders: hex text, instruction words, address widths. */
import { UserError } from '../errors.js';
import type { Endian, ImageArch } from './types.js';

export function hex(value: bigint | number): string {
  return '0x' + value.toString(16);
}

/** `0x1f`, `1f` or `ffffffff802d26ec` to a bigint; a UserError naming `what` otherwise. */
export function parseHex(text: string, what: string): bigint {
  const t = text.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]+$/.test(t)) throw new UserError(`${what}: '${text}' is not a hex number`);
  return BigInt('0x' + t);
}

/** Address width of the machine: MIPS here is the 32-bit 24Kc. */
export function addressBits(arch: ImageArch): 32 | 64 {
  return arch === 'mips' ? 32 : 64;
}

/**
 * Reduce an address to the machine's width. MIPS System.map and nm print 32-bit addresses
 * sign-extended to 64 bits (`ffffffff802d26ec`); the machine address is the low 32 bits.
 */
export function machineAddress(arch: ImageArch, address: bigint): bigint {
  return BigInt.asUintN(addressBits(arch), address);
}

export function readWord(bytes: Uint8Array, offset: number, endian: Endian): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, endian === 'little');
}

export function writeWord(bytes: Uint8Array, offset: number, value: number, endian: Endian): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(offset, value >>> 0, endian === 'little');
}

/** Instruction words (values, as listings and `Code:` lines print them) laid out in memory order. */
export function wordsToBytes(words: readonly number[], endian: Endian): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  words.forEach((w, i) => writeWord(out, i * 4, w, endian));
  return out;
}

export function swap32(word: number): number {
  return (((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24)) >>> 0;
}
