/**
 * The ISA room's one entry: an IsaSpec per architecture and byte order, binding each decoder,
 * printer and lifter to the register file and the calling convention the analysis relies on.
 */
import type { IsaSpec } from '../analysis/types.js';
import { decode as decodeA64 } from './aarch64/decode.js';
import { lift as liftA64 } from './aarch64/lift/index.js';
import { formatInsn as formatA64 } from './aarch64/print.js';
import { AARCH64_REGISTERS } from './aarch64/registers.js';
import { decode as decodeMips } from './mips/decode.js';
import { lift as liftMips, liftUnit as liftMipsUnit } from './mips/lift/index.js';
import { formatInsn as formatMips } from './mips/print.js';
import { MIPS_REGISTERS } from './mips/registers.js';
import { makeRegisterFile } from './types.js';

export type { RegisterFile, RegisterDesc, LiftedInsn } from './types.js';

/** AAPCS64: x0-x7 carry arguments; x0-x18 and x30 are not preserved across a call. */
export const AARCH64: IsaSpec = {
  arch: 'aarch64',
  endian: 'le',
  wordBits: 64,
  registers: AARCH64_REGISTERS,
  abi: {
    args: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'],
    callClobbered: [...Array.from({ length: 19 }, (_, i) => `x${i}`), 'x30', 'nzcv'],
    sp: 'sp',
    link: 'x30',
    zero: null,
  },
  decode(word, pc) {
    const insn = decodeA64(word, pc);
    return { pc, size: 4, word, text: formatA64(insn).replace(/\t/g, ' '), lifted: liftA64(insn) };
  },
};

/** MIPS o32: a0-a3 carry arguments; at, v0-v1, a0-a3, t0-t9, hi, lo and ra are not preserved across a call. */
function mips(endian: 'be' | 'le'): IsaSpec {
  return {
    arch: 'mips',
    endian,
    wordBits: 32,
    registers: MIPS_REGISTERS,
    abi: {
      args: ['a0', 'a1', 'a2', 'a3'],
      callClobbered: ['at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 'ra', 'hi', 'lo'],
      sp: 'sp',
      link: 'ra',
      zero: 'zero',
    },
    decode(word, pc) {
      const insn = decodeMips(word, pc);
      return { pc, size: 4, word, text: formatMips(insn).replace(/\t/g, ' '), lifted: liftMips(insn, endian) };
    },
    joinDelaySlot: liftMipsUnit,
  };
}

export const MIPS_BE = mips('be');
export const MIPS_LE = mips('le');

export function isaFor(arch: 'mips' | 'aarch64', endian: 'be' | 'le'): IsaSpec {
  if (arch === 'aarch64') {
    if (endian !== 'le') throw new Error('big-endian AArch64 kernels are not supported');
    return AARCH64;
  }
  return endian === 'be' ? MIPS_BE : MIPS_LE;
}
