/** decode(word, pc): one AArch64 instruction word to its record (C4.1, "A64 instruction set encoding"). */
import { decodeWith, type Encoding } from './encoding.js';
import { BRANCH_SYSTEM, RESERVED } from './decode-branch.js';
import { DATA_IMMEDIATE, DATA_REGISTER } from './decode-data.js';
import { LOAD_STORE } from './decode-loadstore.js';
import { SIMD_GPR_WRITERS } from './decode-simd.js';
import type { Insn } from './types.js';

/** Top-level op0 (bits 28..25) to the table of that encoding group (C4.1 table "Main encoding table"). */
const GROUPS: readonly (readonly Encoding[])[] = Array.from({ length: 16 }, (_, op0) => {
  if ((op0 & 0b1110) === 0b1000) return DATA_IMMEDIATE;
  if ((op0 & 0b1110) === 0b1010) return BRANCH_SYSTEM;
  if ((op0 & 0b0101) === 0b0100) return LOAD_STORE;
  if ((op0 & 0b0111) === 0b0101) return DATA_REGISTER;
  if ((op0 & 0b0111) === 0b0111) return SIMD_GPR_WRITERS;
  if (op0 === 0) return RESERVED; // UDF; the rest of op0 = 0000 is SME
  return []; // SVE, unallocated
});

export function decode(word: number, pc: bigint): Insn {
  const w = word >>> 0;
  const site = { word: w, pc };
  return decodeWith(GROUPS[(w >>> 25) & 0xf]!, w, site) ?? { word: w, pc, kind: 'unknown', form: 'UNKNOWN' };
}
