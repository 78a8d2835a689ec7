/**
 * MIPS32 decoder: a word and its address to a plain record (form name from the manual plus the raw
 * fields). Matching uses the fixed bits of the bit strings in encodings.ts, tried most-specific first
 * within the primary opcode.
 */
import type { DecodedBase } from '../types.js';
import { ENCODINGS, type Encoding, fixedBits } from './encodings.js';

export interface MipsInsn extends DecodedBase {
  /** The matched encoding, or undefined for a word this decoder does not know (form 'UNKNOWN'). */
  readonly enc: Encoding | undefined;
  readonly rs: number;
  readonly rt: number;
  readonly rd: number;
  readonly sa: number;
  /** Raw 16-bit immediate (bits 15..0). */
  readonly imm: number;
}

interface Candidate { readonly mask: number; readonly match: number; readonly enc: Encoding }

/**
 * Candidates by primary opcode and function field (bits 31..26 and 5..0): each bucket holds the
 * encodings that can match such a word, most fixed bits first, so a lookup tries only a few.
 */
const BUCKETS: Candidate[][] = Array.from({ length: 64 * 64 }, () => []);
const popcount = (x: number): number => {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v >>>= 1) n += v & 1;
  return n;
};
for (const enc of ENCODINGS) {
  const { mask, match } = fixedBits(enc.bits);
  for (let funct = 0; funct < 64; funct++) {
    if ((funct & mask & 0x3f) === (match & 0x3f)) BUCKETS[(match >>> 26) * 64 + funct]!.push({ mask, match, enc });
  }
}
for (const list of BUCKETS) list.sort((a, b) => popcount(b.mask) - popcount(a.mask));

export function findEncoding(word: number): Encoding | undefined {
  const list = BUCKETS[(word >>> 26) * 64 + (word & 0x3f)]!;
  for (const c of list) if (((word & c.mask) >>> 0) === c.match) return c.enc;
  return undefined;
}

export function decode(word: number, pc: bigint): MipsInsn {
  const w = word >>> 0;
  const enc = findEncoding(w);
  return {
    form: enc ? enc.form : 'UNKNOWN', enc, pc, word: w, size: 4,
    rs: (w >>> 21) & 31, rt: (w >>> 16) & 31, rd: (w >>> 11) & 31, sa: (w >>> 6) & 31, imm: w & 0xffff,
  };
}

/** Read one instruction word from `bytes` at `offset` in the given byte order. */
export function readWord(bytes: Uint8Array, offset: number, endian: 'be' | 'le'): number {
  const b0 = bytes[offset]!, b1 = bytes[offset + 1]!, b2 = bytes[offset + 2]!, b3 = bytes[offset + 3]!;
  return (endian === 'be' ? (b0 << 24) | (b1 << 16) | (b2 << 8) | b3 : (b3 << 24) | (b2 << 16) | (b1 << 8) | b0) >>> 0;
}

export const simm = (i: MipsInsn): number => (i.imm << 16) >> 16;

/** Target of a PC-relative branch: the delay slot's address plus the shifted offset. */
export function branchTarget(i: MipsInsn): bigint {
  return BigInt.asUintN(32, i.pc + 4n + BigInt(simm(i) * 4));
}

/** Target of J/JAL: the 256 MB region of the delay slot, with the index shifted in. */
export function jumpTarget(i: MipsInsn): bigint {
  return ((i.pc + 4n) & 0xf0000000n) | BigInt((i.word & 0x3ffffff) * 4);
}

/** True for instructions followed by a delay slot. */
export function hasDelaySlot(i: MipsInsn): boolean {
  const g = i.enc?.group;
  return g === 'branch' || g === 'jump' || i.form.startsWith('BC1') || i.form === 'BPOSGE32' || i.form === 'JALX'
    || (i.form === 'COP2' && i.rs === 8);
}

const LIKELY = new Set(['BEQL', 'BNEL', 'BLEZL', 'BGTZL', 'BLTZL', 'BGEZL', 'BLTZALL', 'BGEZALL', 'BC1FL', 'BC1TL']);

/** Branch-likely forms: the delay slot is annulled when the branch is not taken. */
export function isLikely(i: MipsInsn): boolean {
  return LIKELY.has(i.form);
}
