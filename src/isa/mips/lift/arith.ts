/**
 * Lifters for the MIPS32 manual's arithmetic, logical, shift, multiply/divide and bit-field
 * instructions. Named after the manual headings; `ADD`/`SUB`/`ADDI` trap on signed overflow before
 * writing, as the manual says ("the destination register is not modified").
 */
import {
  add, and, binary, concat, eq, extract, ite, konst, lshr, mul, not, or, shl, slt, sub, ult, undef, xor, zext,
} from '../../../ir/build.js';
import type { Expr } from '../../../ir/expr.js';
import type { LiftContext } from './context.js';
import { sx, zx } from './context.js';

type Lifter = (c: LiftContext) => void;

const bool32 = (b: Expr): Expr => zext(b, 32);
const shamt = (c: LiftContext): Expr => konst(c.insn.sa, 32);
const varShift = (c: LiftContext): Expr => and(c.gpr(c.insn.rs), konst(31, 32));

/** Bit 31 of a value as a width-1 condition. */
const sign = (e: Expr): Expr => extract(31, 31, e);

function addTrapping(c: LiftContext, a: Expr, b: Expr, dst: number): void {
  const r = c.let(add(a, b));
  c.trap(sign(and(xor(a, r), xor(b, r))), 'overflow');
  c.setGpr(dst, r);
}

/** Count leading zeros as a chain of tests from bit 31 down; 32 when the value is 0. */
export function countLeadingZeros(x: Expr): Expr {
  let out: Expr = konst(32, 32);
  for (let bit = 0; bit <= 31; bit++) out = ite(extract(bit, bit, x), konst(31 - bit, 32), out);
  return out;
}

export const ARITH: Record<string, Lifter> = {
  SLL: (c) => c.setGpr(c.insn.rd, shl(c.gpr(c.insn.rt), shamt(c))),
  SRL: (c) => c.setGpr(c.insn.rd, lshr(c.gpr(c.insn.rt), shamt(c))),
  SRA: (c) => c.setGpr(c.insn.rd, binary('bvashr', c.gpr(c.insn.rt), shamt(c))),
  ROTR: (c) => c.setGpr(c.insn.rd, binary('rotr', c.gpr(c.insn.rt), shamt(c))),
  SLLV: (c) => c.setGpr(c.insn.rd, shl(c.gpr(c.insn.rt), varShift(c))),
  SRLV: (c) => c.setGpr(c.insn.rd, lshr(c.gpr(c.insn.rt), varShift(c))),
  SRAV: (c) => c.setGpr(c.insn.rd, binary('bvashr', c.gpr(c.insn.rt), varShift(c))),
  ROTRV: (c) => c.setGpr(c.insn.rd, binary('rotr', c.gpr(c.insn.rt), varShift(c))),
  MOVZ: (c) => c.setGpr(c.insn.rd, ite(eq(c.gpr(c.insn.rt), konst(0, 32)), c.gpr(c.insn.rs), c.gpr(c.insn.rd))),
  MOVN: (c) => c.setGpr(c.insn.rd, ite(eq(c.gpr(c.insn.rt), konst(0, 32)), c.gpr(c.insn.rd), c.gpr(c.insn.rs))),
  ADD: (c) => addTrapping(c, c.gpr(c.insn.rs), c.gpr(c.insn.rt), c.insn.rd),
  ADDU: (c) => c.setGpr(c.insn.rd, add(c.gpr(c.insn.rs), c.gpr(c.insn.rt))),
  SUB: (c) => {
    const a = c.gpr(c.insn.rs);
    const b = c.gpr(c.insn.rt);
    const r = c.let(sub(a, b));
    c.trap(sign(and(xor(a, b), xor(a, r))), 'overflow');
    c.setGpr(c.insn.rd, r);
  },
  SUBU: (c) => c.setGpr(c.insn.rd, sub(c.gpr(c.insn.rs), c.gpr(c.insn.rt))),
  AND: (c) => c.setGpr(c.insn.rd, and(c.gpr(c.insn.rs), c.gpr(c.insn.rt))),
  OR: (c) => c.setGpr(c.insn.rd, or(c.gpr(c.insn.rs), c.gpr(c.insn.rt))),
  XOR: (c) => c.setGpr(c.insn.rd, xor(c.gpr(c.insn.rs), c.gpr(c.insn.rt))),
  NOR: (c) => c.setGpr(c.insn.rd, not(or(c.gpr(c.insn.rs), c.gpr(c.insn.rt)))),
  SLT: (c) => c.setGpr(c.insn.rd, bool32(slt(c.gpr(c.insn.rs), c.gpr(c.insn.rt)))),
  SLTU: (c) => c.setGpr(c.insn.rd, bool32(ult(c.gpr(c.insn.rs), c.gpr(c.insn.rt)))),
  ADDI: (c) => addTrapping(c, c.gpr(c.insn.rs), c.simm32(), c.insn.rt),
  ADDIU: (c) => c.setGpr(c.insn.rt, add(c.gpr(c.insn.rs), c.simm32())),
  SLTI: (c) => c.setGpr(c.insn.rt, bool32(slt(c.gpr(c.insn.rs), c.simm32()))),
  SLTIU: (c) => c.setGpr(c.insn.rt, bool32(ult(c.gpr(c.insn.rs), c.simm32()))),
  ANDI: (c) => c.setGpr(c.insn.rt, and(c.gpr(c.insn.rs), c.uimm32())),
  ORI: (c) => c.setGpr(c.insn.rt, or(c.gpr(c.insn.rs), c.uimm32())),
  XORI: (c) => c.setGpr(c.insn.rt, xor(c.gpr(c.insn.rs), c.uimm32())),
  LUI: (c) => c.setGpr(c.insn.rt, konst(c.insn.imm << 16, 32)),

  MFHI: (c) => c.setGpr(c.insn.rd, c.special('hi')),
  MFLO: (c) => c.setGpr(c.insn.rd, c.special('lo')),
  MTHI: (c) => c.setSpecial('hi', c.gpr(c.insn.rs)),
  MTLO: (c) => c.setSpecial('lo', c.gpr(c.insn.rs)),
  MULT: (c) => setHiLo(c, mul(sx(c.gpr(c.insn.rs), 64), sx(c.gpr(c.insn.rt), 64))),
  MULTU: (c) => setHiLo(c, mul(zx(c.gpr(c.insn.rs), 64), zx(c.gpr(c.insn.rt), 64))),
  MADD: (c) => setHiLo(c, add(hiLo(c), mul(sx(c.gpr(c.insn.rs), 64), sx(c.gpr(c.insn.rt), 64)))),
  MADDU: (c) => setHiLo(c, add(hiLo(c), mul(zx(c.gpr(c.insn.rs), 64), zx(c.gpr(c.insn.rt), 64)))),
  MSUB: (c) => setHiLo(c, sub(hiLo(c), mul(sx(c.gpr(c.insn.rs), 64), sx(c.gpr(c.insn.rt), 64)))),
  MSUBU: (c) => setHiLo(c, sub(hiLo(c), mul(zx(c.gpr(c.insn.rs), 64), zx(c.gpr(c.insn.rt), 64)))),
  DIV: (c) => divide(c, 'bvsdiv', 'bvsrem'),
  DIVU: (c) => divide(c, 'bvudiv', 'bvurem'),
  MUL: (c) => {
    c.setGpr(c.insn.rd, mul(c.gpr(c.insn.rs), c.gpr(c.insn.rt)));
    // MIPS32 r1/r2 MUL: "the contents of HI and LO are UNPREDICTABLE after the operation".
    c.setSpecial('hi', undef(32, 'HI after MUL is UNPREDICTABLE'));
    c.setSpecial('lo', undef(32, 'LO after MUL is UNPREDICTABLE'));
  },
  CLZ: (c) => c.setGpr(c.insn.rd, countLeadingZeros(c.gpr(c.insn.rs))),
  CLO: (c) => c.setGpr(c.insn.rd, countLeadingZeros(not(c.gpr(c.insn.rs)))),

  EXT: (c) => {
    const pos = c.insn.sa;
    const size = c.insn.rd + 1;
    if (pos + size > 32) {
      unpredictable(c, 'EXT with pos + size > 32 is UNPREDICTABLE');
      return;
    }
    c.setGpr(c.insn.rt, zext(extract(pos + size - 1, pos, c.gpr(c.insn.rs)), 32));
  },
  INS: (c) => {
    const lsb = c.insn.sa;
    const msb = c.insn.rd;
    if (msb < lsb) {
      unpredictable(c, 'INS with msb < lsb is UNPREDICTABLE');
      return;
    }
    const t = c.gpr(c.insn.rt);
    let v = extract(msb - lsb, 0, c.gpr(c.insn.rs));
    if (msb < 31) v = concat(extract(31, msb + 1, t), v);
    if (lsb > 0) v = concat(v, extract(lsb - 1, 0, t));
    c.setGpr(c.insn.rt, v);
  },
  WSBH: (c) => {
    const t = c.gpr(c.insn.rt);
    const byte = (i: number): Expr => extract(i * 8 + 7, i * 8, t);
    c.setGpr(c.insn.rd, concat(concat(byte(2), byte(3)), concat(byte(0), byte(1))));
  },
  SEB: (c) => c.setGpr(c.insn.rd, sx(extract(7, 0, c.gpr(c.insn.rt)), 32)),
  SEH: (c) => c.setGpr(c.insn.rd, sx(extract(15, 0, c.gpr(c.insn.rt)), 32)),
};

/** UNPREDICTABLE: it may raise Reserved Instruction (QEMU does) or write anything to rt. */
function unpredictable(c: LiftContext, why: string): void {
  c.trap(undef(1, why), 'reserved-instruction');
  c.setGpr(c.insn.rt, undef(32, why));
}

function hiLo(c: LiftContext): Expr {
  return concat(c.special('hi'), c.special('lo'));
}

function setHiLo(c: LiftContext, product: Expr): void {
  const p = c.let(product);
  c.setSpecial('hi', extract(63, 32, p));
  c.setSpecial('lo', extract(31, 0, p));
}

function divide(c: LiftContext, q: 'bvsdiv' | 'bvudiv', r: 'bvsrem' | 'bvurem'): void {
  const a = c.gpr(c.insn.rs);
  const b = c.gpr(c.insn.rt);
  // Division by zero leaves HI and LO UNPREDICTABLE (no exception).
  const zero = c.let(eq(b, konst(0, 32)));
  c.setSpecial('lo', ite(zero, undef(32, 'LO after division by zero is UNPREDICTABLE'), binary(q, a, b)));
  c.setSpecial('hi', ite(zero, undef(32, 'HI after division by zero is UNPREDICTABLE'), binary(r, a, b)));
}
