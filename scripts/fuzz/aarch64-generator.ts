/**
 * Random AArch64 instructions for the lifter fuzz: random words kept when they decode to a
 * supported integer form, with register fields rewritten so memory accesses land in mapped data
 * (the manual's CONSTRAINED UNPREDICTABLE overlaps are avoided: they have no single right answer).
 *
 * Register roles: DATA registers hold random values and receive every result; POINTERS are only
 * ever bases (moved by writeback); ATOMIC_BASES stay 16-byte aligned for exclusives and atomics;
 * INDEX registers hold small offsets for register-offset addressing.
 */
import { decode } from '../../src/isa/aarch64/decode.js';
import { SP, ZR, type Insn } from '../../src/isa/aarch64/types.js';
import { xorshift } from '../xorshift.js';

export const DATA = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 29, 30];
export const POINTERS = [19, 20, 21, 22, 23, 24, 25, 26];
export const ATOMIC_BASES = [27, 28];
export const INDEX = [16, 17];

export interface Rng {
  u32(): number;
  below(n: number): number;
  u64(): bigint;
}

export function xorshiftRng(seed: number): Rng {
  const u32 = xorshift(seed, 0x2545f491);
  return { u32, below: (n) => u32() % n, u64: () => (BigInt(u32()) << 32n) | BigInt(u32()) };
}

const pick = (r: Rng, from: readonly number[]): number => from[r.below(from.length)]!;
const set = (word: number, shift: number, value: number): number => ((word & ~(31 << shift)) | (value << shift)) >>> 0;

/** Rewrite the register fields of `word` (decoded as `insn`) to their roles; null to reject the word. */
function assignRoles(r: Rng, word: number, insn: Insn): number | null {
  const data = () => pick(r, DATA);
  const dest = () => (r.below(8) === 0 ? ZR : data());
  switch (insn.kind) {
    case 'addSubImm': case 'addSubShifted': case 'addSubExtended': case 'addSubCarry': case 'logicalImm': case 'logicalShifted':
    case 'moveWide': case 'pcRel': case 'bitfield': case 'extract': case 'condSelect': case 'dp1': case 'dp2': case 'dp3':
      return set(word, 0, dest());
    case 'condCompare':
      return word;
    case 'barrier':
      return word;
    case 'hint':
      return insn.name === null || /^(nop|yield|esb|csdb|bti)/.test(insn.name) ? word : null;
    case 'loadStore': {
      if (insn.addr.mode === 'literal') return set(word, 0, dest());
      const writeback = insn.addr.mode === 'pre' || insn.addr.mode === 'post';
      let w = set(word, 5, writeback || r.below(4) ? pick(r, POINTERS) : 31);
      w = set(w, 0, insn.simd ? r.below(32) : dest());
      if (insn.addr.mode === 'register') w = set(w, 16, pick(r, INDEX));
      return w;
    }
    case 'loadStorePair': {
      const writeback = insn.addr.mode !== 'offset';
      const t = insn.simd ? r.below(32) : data();
      let t2 = insn.simd ? r.below(32) : data();
      while (t2 === t) t2 = insn.simd ? r.below(32) : data();
      return set(set(set(word, 5, writeback || r.below(4) ? pick(r, POINTERS) : 31), 0, t), 10, t2);
    }
    case 'simdMemory': {
      const w = set(word, 5, pick(r, POINTERS));
      return insn.post !== null && 'rm' in insn.post ? set(w, 16, pick(r, INDEX)) : w;
    }
    case 'exclusive': case 'atomic': case 'cas': {
      // Unicorn 2.0.1 (QEMU 5) gets LD{S,U}{MAX,MIN} below 64 bits wrong (e.g. ldumax of 0x8efeb50a
      // and 0 stores 0); qemu-user 7.2 follows the manual: those are checked by lift-qemu.test.ts.
      if (insn.kind === 'atomic' && /max|min/.test(insn.op) && insn.size < 8) return null;
      const even = DATA.filter((n) => n % 2 === 0 && DATA.includes(n + 1));
      const pairCas = insn.kind === 'cas' && insn.pair;
      const regs = new Set<number>();
      const fresh = (from: number[]) => { let v = pick(r, from); while (regs.has(v)) v = pick(r, from); regs.add(v); return v; };
      let w = set(word, 5, pick(r, ATOMIC_BASES));
      const t = fresh(pairCas ? even : DATA);
      if (pairCas) regs.add(t + 1);
      w = set(w, 0, t);
      if (insn.kind === 'exclusive' && insn.pair) w = set(w, 10, fresh(DATA));
      const s = insn.kind === 'exclusive' && insn.rs === null ? 31 : fresh(pairCas ? even : DATA);
      return set(w, 16, s);
    }
    default:
      return null;
  }
}

/** `mrs xN, nzcv` and `msr nzcv, xN`: the only system registers the lifter models. */
function nzcvTransfer(r: Rng): number {
  return ((r.below(2) ? 0xd53b4200 : 0xd51b4200) | pick(r, DATA)) >>> 0;
}

/**
 * A forward branch to one of the next `ahead` instructions (the sequence's end included), so
 * taken and not-taken paths both stay in the sequence: B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ.
 */
function forwardBranch(r: Rng, ahead: number): number {
  const k = 1 + r.below(Math.min(ahead, 6));
  switch (r.below(5)) {
    case 0: return ((r.below(2) ? 0x94000000 : 0x14000000) | k) >>> 0;
    case 1: return (0x54000000 | (k << 5) | r.below(16)) >>> 0;
    case 2: return ((r.below(2) << 31) | 0x34000000 | (r.below(2) << 24) | (k << 5) | pick(r, DATA)) >>> 0;
    default: {
      const bit = r.below(64);
      return (((bit >> 5) << 31) | 0x36000000 | (r.below(2) << 24) | ((bit & 31) << 19) | (k << 5) | pick(r, DATA)) >>> 0;
    }
  }
}

/**
 * One- and two-source data processing and add/subtract with carry, whose fixed bits make them
 * rare among random words: drawn directly (C4.1.88; opcodes of RBIT..CLS, UDIV..RORV, CRC32*).
 */
function rareDataProcessing(r: Rng): number {
  const regs = (r.u32() & 0x3ff) | (r.below(32) << 16);
  const sf = r.below(2) << 31;
  switch (r.below(3)) {
    case 0: return (sf | 0x5ac00000 | (r.below(6) << 10) | (regs & 0x3ff)) >>> 0;
    case 1: return (sf | 0x1ac00000 | (pick(r, [2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23]) << 10) | regs) >>> 0;
    default: return (sf | (r.below(4) << 29) | 0x1a000000 | regs) >>> 0;
  }
}

/** A random supported instruction at `pc`, `ahead` instructions before the end of its sequence. */
export function randomInstruction(r: Rng, pc: bigint, ahead: number): number {
  for (;;) {
    if (r.below(200) === 0) return nzcvTransfer(r);
    if (r.below(12) === 0) return forwardBranch(r, ahead);
    // Uniform words rarely hit the register data-processing group (CSEL, MADD, CLZ, CRC32, ...):
    // some draws are steered into it (op0 = x101, bits 28..25) or drawn from its rarest rows.
    const draw = r.below(10);
    const raw = r.u32();
    const word = draw === 0 ? rareDataProcessing(r) : draw < 4 ? ((raw & ~(0xf << 25)) | (((r.below(2) << 3) | 0b101) << 25)) >>> 0 : raw;
    const insn = decode(word, pc);
    const w = assignRoles(r, word, insn);
    if (w === null) continue;
    const again = decode(w, pc);
    if (again.kind !== insn.kind || again.kind === 'unknown' || again.kind === 'branchImm' || again.kind === 'branchCond'
      || again.kind === 'compareBranch' || again.kind === 'testBranch' || again.kind === 'branchReg') continue;
    if ('rd' in again && again.rd === SP && again.kind !== 'pac') continue;
    return w;
  }
}
