/**
 * The least decoding that tells a byte order apart: is this word a load or store whose base
 * register (from the oops's register dump) plus offset is the bad address? Only the memory-access
 * classes are decoded, from the manuals' encoding tables (MIPS32 Vol. II opcode table; Arm ARM
 * C4.1.66 "Loads and Stores"); everything else answers "not a memory access". The full decoders
 * live in src/isa/; this is evidence only.
 */
import type { CrashReport } from '../oops/types.js';
import type { WordPredicate } from './endian.js';
import type { ImageArch } from './types.js';
import { parseHex } from './words.js';

const MIPS_REGS = ['zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 't8', 't9', 'k0', 'k1', 'gp', 'sp', 's8', 'ra'];

/** MIPS32 I-type memory opcodes (bits 31..26): lb lh lwl lw lbu lhu lwr sb sh swl sw swr ll lwc1 ldc1 sc swc1 sdc1. */
const MIPS_MEMORY_OPCODES = new Set([0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x28, 0x29, 0x2a, 0x2b, 0x2e, 0x30, 0x31, 0x35, 0x38, 0x39, 0x3d]);
/** lwl, lwr, swl, swr touch the aligned word around their address. */
const MIPS_UNALIGNED = new Set([0x22, 0x26, 0x2a, 0x2e]);

interface Access {
  readonly base: string;
  readonly offset: bigint;
  /** Register-offset forms: the index register, its extension and left shift. */
  readonly index?: { readonly reg: string; readonly extend: 'uxtw' | 'sxtw' | 'x'; readonly shift: bigint };
  /** Bits of the effective address compared with the fault address (low bits masked for lwl/lwr). */
  readonly alignMask: bigint;
}

function mipsAccess(word: number): Access | null {
  const op = word >>> 26;
  if (!MIPS_MEMORY_OPCODES.has(op)) return null;
  return { base: MIPS_REGS[(word >>> 21) & 31] as string, offset: BigInt.asIntN(16, BigInt(word & 0xffff)), alignMask: MIPS_UNALIGNED.has(op) ? ~3n : ~0n };
}

function xreg(n: number): string {
  return n === 31 ? 'sp' : `x${n}`;
}

function aarch64Access(word: number): Access | null {
  const rn = xreg((word >>> 5) & 31);
  const all = ~0n;
  // Load/store register (unsigned immediate): imm12 scaled by the access size.
  if ((word & 0x3b000000) === 0x39000000) {
    const v = (word >>> 26) & 1;
    const size = word >>> 30;
    const scale = v === 1 && ((word >>> 23) & 1) === 1 ? 4 : size;
    return { base: rn, offset: BigInt((word >>> 10) & 0xfff) << BigInt(scale), alignMask: all };
  }
  // Unscaled, pre-/post-indexed and unprivileged forms: simm9; post-index accesses the base itself.
  if ((word & 0x3b200000) === 0x38000000) {
    const simm9 = BigInt.asIntN(9, BigInt((word >>> 12) & 0x1ff));
    return { base: rn, offset: ((word >>> 10) & 3) === 1 ? 0n : simm9, alignMask: all };
  }
  // Load/store pair: imm7 scaled; post-index accesses the base itself.
  if ((word & 0x3a000000) === 0x28000000) {
    const v = (word >>> 26) & 1;
    const opc = word >>> 30;
    const scale = v === 1 ? 2 + opc : opc === 2 ? 3 : 2;
    const imm7 = BigInt.asIntN(7, BigInt((word >>> 15) & 0x7f)) << BigInt(scale);
    return { base: rn, offset: ((word >>> 23) & 3) === 1 ? 0n : imm7, alignMask: all };
  }
  // Register offset: [Xn, Rm{, extend {#amount}}], amount = size when S is set.
  if ((word & 0x3b200c00) === 0x38200800) {
    const option = (word >>> 13) & 7;
    const extend = option === 2 ? 'uxtw' : option === 6 ? 'sxtw' : 'x';
    const rm = (word >>> 16) & 31;
    const shift = ((word >>> 12) & 1) === 1 ? BigInt(word >>> 30) : 0n;
    return { base: rn, offset: 0n, alignMask: all, index: { reg: rm === 31 ? 'xzr' : `x${rm}`, extend, shift } };
  }
  // Exclusive/acquire-release (ldxr, ldar, stlr ...) and LSE atomics (ldadd, swp ...): the base alone.
  if ((word & 0x3f000000) === 0x08000000 || (word & 0x3b200c00) === 0x38200000) return { base: rn, offset: 0n, alignMask: all };
  return null;
}

/**
 * "Only one byte order makes the word at pc a memory access whose base register plus offset is
 * the bad address": the predicate for inferByteOrder, from the oops's registers and fault address.
 */
export function faultAccessPredicate(arch: ImageArch, crash: CrashReport): WordPredicate {
  const bits = arch === 'mips' ? 32 : 64;
  const fault = crash.faultAddress === null ? null : BigInt.asUintN(bits, parseHex(crash.faultAddress, 'fault address'));
  return (word) => {
    const access = arch === 'mips' ? mipsAccess(word) : aarch64Access(word);
    if (access === null) return { verdict: 'no', why: 'is not a load or store' };
    if (fault === null) return { verdict: 'unknown', why: 'is a load or store, but the oops gives no bad address' };
    const text = crash.registers[access.base];
    if (text === undefined) return { verdict: 'unknown', why: `is a load or store based on ${access.base}, which the register dump does not show` };
    let address = BigInt.asUintN(bits, parseHex(text, `register ${access.base}`) + access.offset);
    if (access.index !== undefined) {
      const { reg, extend, shift } = access.index;
      const indexText = reg === 'xzr' ? '0x0' : crash.registers[reg];
      if (indexText === undefined) return { verdict: 'unknown', why: `is a load or store indexed by ${reg}, which the register dump does not show` };
      let index = parseHex(indexText, `register ${reg}`);
      if (extend === 'uxtw') index = BigInt.asUintN(32, index);
      if (extend === 'sxtw') index = BigInt.asIntN(32, index);
      address = BigInt.asUintN(bits, address + (index << shift));
    }
    if ((address & access.alignMask) === (fault & access.alignMask)) return { verdict: 'yes', why: `accesses ${access.base}${access.offset < 0n ? '' : '+'}${access.offset} = 0x${address.toString(16)}, the bad address` };
    return { verdict: 'no', why: `accesses 0x${address.toString(16)}, not the bad address` };
  };
}
