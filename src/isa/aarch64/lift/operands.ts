/**
 * Shared operand semantics of the A64 pseudocode: register reads and writes (X[], W[], SP),
 * ShiftReg, ExtendReg, AddWithCarry with its NZCV, and ConditionHolds.
 */
import {
  add, and, ashr, concat, eq, extract, konst, lshr, not, reg, sext, shl, xor, zext,
  binary, type Expr, type Stmt,
} from '../../../ir/index.js';
import { SP, ZR, type Cond, type Extend, type Gpr, type Shift, type Width } from '../types.js';

export const FLAGS = 'nzcv';

/** Operand expressions by register and access width (8, 16, 32, 64), built once: nodes are immutable. */
const OPERANDS: ReadonlyMap<number, readonly Expr[]> = new Map([8, 16, 32, 64].map((width) => [width, Array.from({ length: 33 }, (_, r) => {
  if (r === ZR) return konst(0n, width);
  const full = reg(r === SP ? 'sp' : `x${r}`, 64);
  return width === 64 ? full : extract(width - 1, 0, full);
})]));

/** Value of a general register operand at `width` bits (the zero register reads as 0). */
export function read(r: Gpr, width: Width | number): Expr {
  return OPERANDS.get(width)![r]!;
}

/** Write to a general register: 32-bit results are zero-extended; writes to the zero register vanish. */
export function write(pc: bigint, r: Gpr, value: Expr): Stmt[] {
  if (r === ZR) return [];
  return [{ kind: 'assign', pc, dst: r === SP ? 'sp' : `x${r}`, value: zext(value, 64) }];
}

export function shiftReg(value: Expr, shift: Shift, amount: number): Expr {
  if (amount === 0) return value;
  const n = konst(amount, value.width);
  switch (shift) {
    case 'lsl': return shl(value, n);
    case 'lsr': return lshr(value, n);
    case 'asr': return ashr(value, n);
    case 'ror': return binary('rotr', value, n);
  }
}

/** ExtendReg: take the low 8/16/32/64 bits of `rm`, extend to `width`, shift left by `amount`. */
export function extendReg(rm: Gpr, ext: Extend, amount: number, width: Width): Expr {
  const bits = { b: 8, h: 16, w: 32, x: 64 }[ext[3] as 'b' | 'h' | 'w' | 'x'];
  const part = read(rm, Math.min(bits, width));
  const extended = ext[0] === 's' ? sext(part, width) : zext(part, width);
  return amount ? shl(extended, konst(amount, width)) : extended;
}

/** AddWithCarry(x, y, carry) of the pseudocode: the sum and its NZCV as a 4-bit value. */
export const CARRY_CLEAR = konst(0n, 1);
export const CARRY_SET = konst(1n, 1);

export function addWithCarry(x: Expr, y: Expr, carry: Expr): { result: Expr; nzcv: Expr } {
  const w = x.width;
  const wide = add(add(zext(x, w + 1), zext(y, w + 1)), zext(carry, w + 1));
  const result = extract(w - 1, 0, wide);
  const c = extract(w, w, wide);
  const sx = extract(w - 1, w - 1, x);
  const sy = extract(w - 1, w - 1, y);
  const sr = extract(w - 1, w - 1, result);
  const v = and(not(xor(sx, sy)), xor(sx, sr));
  return { result, nzcv: concat(concat(sr, eq(result, konst(0n, w))), concat(c, v)) };
}

/** NZCV of a logical result: N and Z from it, C and V cleared. */
export function logicalFlags(result: Expr): Expr {
  const w = result.width;
  return concat(concat(extract(w - 1, w - 1, result), eq(result, konst(0n, w))), konst(0n, 2));
}

export function setFlags(pc: bigint, nzcv: Expr): Stmt {
  return { kind: 'assign', pc, dst: FLAGS, value: nzcv };
}

const flag = (bit: number): Expr => extract(bit, bit, reg(FLAGS, 4));
export const N = (): Expr => flag(3);
export const Z = (): Expr => flag(2);
export const C = (): Expr => flag(1);
export const V = (): Expr => flag(0);

/** ConditionHolds(cond) from the pseudocode, as a 1-bit expression over nzcv. */
export function conditionHolds(cond: Cond): Expr {
  let result: Expr;
  switch (cond >> 1) {
    case 0: result = Z(); break;
    case 1: result = C(); break;
    case 2: result = N(); break;
    case 3: result = V(); break;
    case 4: result = and(C(), not(Z())); break;
    case 5: result = eq(N(), V()); break;
    case 6: result = and(eq(N(), V()), not(Z())); break;
    default: return CARRY_SET;
  }
  return cond & 1 ? not(result) : result;
}

