/**
 * Loads and stores. Effective address = GPR[base] + sign_extend(offset); halfword and word accesses
 * raise an address error when misaligned. LWL/LWR/SWL/SWR merge with the aligned word containing the
 * address; the byte order decides which end of the register goes where (MIPS32 manual, LWL/LWR tables).
 */
import {
  add, and, eq, extract, konst, load, lshr, not, or, shl, sub, undef,
} from '../../../ir/build.js';
import type { Expr } from '../../../ir/expr.js';
import type { LiftContext } from './context.js';
import { sx, zx } from './context.js';

type Lifter = (c: LiftContext) => void;

const ONES = konst(0xffffffff, 32);

// Not bound to a temporary: `*(u32 *)(s0 + 0x54)` reads better than `t0 = s0 + 0x54; *(u32 *)t0`,
// and the shared node is evaluated once per statement anyway.
function address(c: LiftContext): Expr {
  return add(c.gpr(c.insn.rs), c.simm32());
}

function aligned(c: LiftContext, addr: Expr, bytes: number): void {
  if (bytes > 1) c.trap(not(eq(and(addr, konst(bytes - 1, 32)), konst(0, 32))), 'address-error');
}

function loadInto(c: LiftContext, bytes: number, signed: boolean): void {
  const addr = address(c);
  aligned(c, addr, bytes);
  const v = load(addr, bytes * 8, c.endian);
  c.setGpr(c.insn.rt, bytes === 4 ? v : signed ? sx(v, 32) : zx(v, 32));
}

function storeFrom(c: LiftContext, bytes: number): void {
  const addr = address(c);
  aligned(c, addr, bytes);
  const t = c.gpr(c.insn.rt);
  c.store(addr, bytes === 4 ? t : extract(bytes * 8 - 1, 0, t));
}

/**
 * The byte offset within the aligned word, counted from the register's most significant end:
 * for big-endian it is addr & 3; for little-endian, 3 - (addr & 3).
 */
function unalignedParts(c: LiftContext): { word: Expr; base: Expr; shiftHi: Expr; shiftLo: Expr } {
  const addr = address(c);
  const base = c.let(and(addr, konst(~3 >>> 0, 32)));
  const low = and(addr, konst(3, 32));
  const b = c.let(c.endian === 'be' ? low : sub(konst(3, 32), low));
  // shiftHi = 8*b, shiftLo = 8*(3-b)
  const shiftHi = c.let(shl(b, konst(3, 32)));
  const shiftLo = c.let(shl(sub(konst(3, 32), b), konst(3, 32)));
  return { word: load(base, 32, c.endian), base, shiftHi, shiftLo };
}

export const MEMORY: Record<string, Lifter> = {
  LB: (c) => loadInto(c, 1, true),
  LBU: (c) => loadInto(c, 1, false),
  LH: (c) => loadInto(c, 2, true),
  LHU: (c) => loadInto(c, 2, false),
  LW: (c) => loadInto(c, 4, false),
  SB: (c) => storeFrom(c, 1),
  SH: (c) => storeFrom(c, 2),
  SW: (c) => storeFrom(c, 4),
  LL: (c) => {
    const addr = address(c);
    aligned(c, addr, 4);
    c.setGpr(c.insn.rt, load(addr, 32, c.endian));
    c.setSpecial('llbit', konst(1, 1));
    c.setSpecial('lladdr', addr);
  },
  SC: (c) => {
    const addr = address(c);
    aligned(c, addr, 4);
    // Succeeds when the link from LL is still set for this address (QEMU also compares the
    // linked address). What clears the link afterwards is implementation-dependent: unknown.
    const ok = c.let(and(c.special('llbit', 1), eq(c.special('lladdr'), addr)));
    c.stmts.push({ kind: 'store', pc: c.pc, addr, value: c.gpr(c.insn.rt), endian: c.endian, guard: ok });
    c.setGpr(c.insn.rt, zx(ok, 32));
    c.setSpecial('llbit', undef(1, 'LLbit after SC is implementation-dependent'));
  },
  LWL: (c) => {
    const p = unalignedParts(c);
    const t = c.gpr(c.insn.rt);
    c.setGpr(c.insn.rt, or(shl(p.word, p.shiftHi), and(t, not(shl(ONES, p.shiftHi)))));
  },
  LWR: (c) => {
    const p = unalignedParts(c);
    const t = c.gpr(c.insn.rt);
    c.setGpr(c.insn.rt, or(lshr(p.word, p.shiftLo), and(t, not(lshr(ONES, p.shiftLo)))));
  },
  SWL: (c) => {
    const p = unalignedParts(c);
    const t = c.gpr(c.insn.rt);
    c.store(p.base, or(lshr(t, p.shiftHi), and(p.word, not(lshr(ONES, p.shiftHi)))));
  },
  SWR: (c) => {
    const p = unalignedParts(c);
    const t = c.gpr(c.insn.rt);
    c.store(p.base, or(shl(t, p.shiftLo), and(p.word, not(shl(ONES, p.shiftLo)))));
  },
};
