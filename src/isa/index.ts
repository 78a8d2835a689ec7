/**
 * The ISA room's one entry: an IsaSpec per architecture and byte order, binding each decoder,
 * printer and lifter to the register file and the calling convention the analysis relies on.
 */
import type { IsaSpec } from '../analysis/types.js';
import { decode as decodeA64 } from './aarch64/decode.js';
import { lift as liftA64 } from './aarch64/lift/index.js';
import { formatInsn as formatA64 } from './aarch64/print.js';
import { REGISTERS as A64_REGISTERS } from './aarch64/registers.js';
import { makeRegisterFile } from './types.js';

export type { RegisterFile, RegisterDesc, LiftedInsn } from './types.js';

const A64_FILE = makeRegisterFile(
  'aarch64',
  A64_REGISTERS.map((r) => ({ name: r.name, width: r.bits, aliases: r.aliases })),
  { sp: 'sp', link: 'x30', pc: 'pc' },
);

/** AAPCS64: x0-x7 carry arguments; x0-x18 and x30 are not preserved across a call. */
export const AARCH64: IsaSpec = {
  arch: 'aarch64',
  endian: 'le',
  wordBits: 64,
  registers: A64_FILE,
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

export function isaFor(arch: 'mips' | 'aarch64', endian: 'be' | 'le'): IsaSpec {
  if (arch === 'aarch64') {
    if (endian !== 'le') throw new Error('big-endian AArch64 kernels are not supported');
    return AARCH64;
  }
  throw new Error('MIPS is not bound yet');
}
