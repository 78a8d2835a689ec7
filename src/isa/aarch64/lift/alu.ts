/** Lifters for data processing (immediate and register), one per manual heading group (C6.2). */
import {
  add, and, binary, concat, eq, extract, ite, konst, mul, neg, not, or, sext, sub, tmp, xor, zext, type Expr, type Stmt,
} from '../../../ir/index.js';
import type {
  AddSubCarry, AddSubExtended, AddSubImm, AddSubShifted, Bitfield, CondCompare, CondSelect, DataProc1, DataProc2,
  DataProc3, Extr, LogicalImm, LogicalShifted, MoveWide, PcRel, Width,
} from '../types.js';
import { addWithCarry, C, CARRY_CLEAR, CARRY_SET, conditionHolds, extendReg, logicalFlags, read, setFlags, shiftReg, write } from './operands.js';

const ones = (bits: number): bigint => (1n << BigInt(bits)) - 1n;

/**
 * Result and, when the instruction sets them, flags. Each statement reads the state before it,
 * so the result goes through a temporary: the flags are computed from the old operands (rd may
 * be one of them) and the result from the old carry.
 */
function withFlags(pc: bigint, setsFlags: boolean, rd: number, result: Expr, nzcv: Expr): Stmt[] {
  if (!setsFlags) return write(pc, rd, result);
  return [{ kind: 'let', pc, index: 0, value: result }, setFlags(pc, nzcv), ...write(pc, rd, tmp(0, result.width))];
}

/** ADD/SUB/ADDS/SUBS once the second operand is known: sub is x + NOT(y) + 1. */
function addSub(pc: bigint, op: 'add' | 'sub', setsFlags: boolean, rd: number, x: Expr, y: Expr): Stmt[] {
  if (!setsFlags) return write(pc, rd, op === 'sub' ? sub(x, y) : add(x, y));
  const { result, nzcv } = op === 'sub' ? addWithCarry(x, not(y), CARRY_SET) : addWithCarry(x, y, CARRY_CLEAR);
  return withFlags(pc, setsFlags, rd, result, nzcv);
}

export const addSubImmediate = (i: AddSubImm): Stmt[] =>
  addSub(i.pc, i.op, i.setFlags, i.rd, read(i.rn, i.width), konst(BigInt(i.imm12) << (i.lsl12 ? 12n : 0n), i.width));

export const addSubShiftedRegister = (i: AddSubShifted): Stmt[] =>
  addSub(i.pc, i.op, i.setFlags, i.rd, read(i.rn, i.width), shiftReg(read(i.rm, i.width), i.shift, i.amount));

export const addSubExtendedRegister = (i: AddSubExtended): Stmt[] =>
  addSub(i.pc, i.op, i.setFlags, i.rd, read(i.rn, i.width), extendReg(i.rm, i.extend, i.amount, i.width));

export function addSubWithCarry(i: AddSubCarry): Stmt[] {
  const y = read(i.rm, i.width);
  if (!i.setFlags) return write(i.pc, i.rd, add(add(read(i.rn, i.width), i.op === 'sbc' ? not(y) : y), zext(C(), i.width)));
  const { result, nzcv } = addWithCarry(read(i.rn, i.width), i.op === 'sbc' ? not(y) : y, C());
  return withFlags(i.pc, i.setFlags, i.rd, result, nzcv);
}

function logical(pc: bigint, op: LogicalImm['op'], rd: number, x: Expr, y: Expr): Stmt[] {
  const result = op === 'orr' ? or(x, y) : op === 'eor' ? xor(x, y) : and(x, y);
  return withFlags(pc, op === 'ands', rd, result, logicalFlags(result));
}

export const logicalImmediate = (i: LogicalImm): Stmt[] => logical(i.pc, i.op, i.rd, read(i.rn, i.width), konst(i.imm, i.width));

export function logicalShiftedRegister(i: LogicalShifted): Stmt[] {
  const y = shiftReg(read(i.rm, i.width), i.shift, i.amount);
  return logical(i.pc, i.op, i.rd, read(i.rn, i.width), i.invert ? not(y) : y);
}

export function moveWide(i: MoveWide): Stmt[] {
  const imm = BigInt(i.imm16) << BigInt(i.shift);
  if (i.op === 'movz') return write(i.pc, i.rd, konst(imm, i.width));
  if (i.op === 'movn') return write(i.pc, i.rd, konst(~imm, i.width));
  const kept = and(read(i.rd, i.width), konst(~(0xffffn << BigInt(i.shift)), i.width));
  return write(i.pc, i.rd, or(kept, konst(imm, i.width)));
}

export const pcRelative = (i: PcRel): Stmt[] => write(i.pc, i.rd, konst(i.target, 64));

/** SBFM/BFM/UBFM per the pseudocode: rotate, merge under wmask, then sign- or zero-fill above tmask. */
export function bitfieldMove(i: Bitfield): Stmt[] {
  const w = i.width;
  const wmaskElem = ones(i.imms + 1);
  const wmask = i.immr === 0 ? wmaskElem : ((wmaskElem >> BigInt(i.immr)) | (wmaskElem << BigInt(w - i.immr))) & ones(w);
  const tmask = ones(((i.imms - i.immr) & (w - 1)) + 1);
  const src = read(i.rn, w);
  const dst = i.op === 'bfm' ? read(i.rd, w) : konst(0n, w);
  const rotated = binary('rotr', src, konst(i.immr, w));
  const bot = or(and(dst, konst(~wmask & ones(w), w)), and(rotated, konst(wmask, w)));
  const top = i.op === 'sbfm' ? sext(extract(i.imms, i.imms, src), w) : dst;
  return write(i.pc, i.rd, or(and(top, konst(~tmask & ones(w), w)), and(bot, konst(tmask, w))));
}

export function extractRegister(i: Extr): Stmt[] {
  const w = i.width;
  const joined = concat(read(i.rn, w), read(i.rm, w));
  return write(i.pc, i.rd, extract(i.lsb + w - 1, i.lsb, joined));
}

export function conditionalSelect(i: CondSelect): Stmt[] {
  const m = read(i.rm, i.width);
  const other = i.op === 'csinc' ? add(m, konst(1n, i.width)) : i.op === 'csinv' ? not(m) : i.op === 'csneg' ? neg(m) : m;
  return write(i.pc, i.rd, ite(conditionHolds(i.cond), read(i.rn, i.width), other));
}

export function conditionalCompare(i: CondCompare): Stmt[] {
  const y = i.rm === null ? konst(i.imm5, i.width) : read(i.rm, i.width);
  const x = read(i.rn, i.width);
  const { nzcv } = i.op === 'ccmp' ? addWithCarry(x, not(y), CARRY_SET) : addWithCarry(x, y, CARRY_CLEAR);
  return [setFlags(i.pc, ite(conditionHolds(i.cond), nzcv, konst(i.nzcv, 4)))];
}

/** Reverse the order of `unit`-bit chunks within each `container`-bit group. */
function reverse(x: Expr, unit: number, container: number): Expr {
  let out: Expr | null = null;
  for (let base = x.width - container; base >= 0; base -= container) {
    for (let k = 0; k < container; k += unit) {
      const piece = extract(base + k + unit - 1, base + k, x);
      out = out ? concat(out, piece) : piece;
    }
  }
  return out!;
}

/** Number of leading zero bits, as nested selections from the top bit down. */
function countLeadingZeros(x: Expr, width: number): Expr {
  let result: Expr = konst(x.width, width);
  for (let bit = 0; bit < x.width; bit++) {
    result = ite(extract(bit, bit, x), konst(x.width - 1 - bit, width), result);
  }
  return result;
}

export function dataProcessing1(i: DataProc1): Stmt[] {
  const w = i.width;
  const x = read(i.rn, w);
  let result: Expr;
  switch (i.op) {
    case 'rbit': result = reverse(x, 1, w); break;
    case 'rev16': result = reverse(x, 8, 16); break;
    case 'rev32': result = reverse(x, 8, 32); break;
    case 'rev': result = reverse(x, 8, w); break;
    case 'clz': result = countLeadingZeros(x, w); break;
    case 'cls': result = countLeadingZeros(xor(extract(w - 1, 1, x), extract(w - 2, 0, x)), w); break;
  }
  return write(i.pc, i.rd, result);
}

/**
 * CRC32/CRC32C per the pseudocode: bit-reverse accumulator and data, reduce modulo the polynomial
 * (Poly32Mod2, one conditional XOR per data bit), bit-reverse the remainder. Each reduction step is
 * a temporary, so the expression stays linear in size (a shared DAG would print exponentially).
 */
function crc32(i: DataProc2): Stmt[] {
  const size = { b: 8, h: 16, w: 32, x: 64 }[i.op.slice(-1) as 'b' | 'h' | 'w' | 'x'];
  const poly = i.op.startsWith('crc32c') ? 0x1edc6f41n : 0x04c11db7n;
  const n = 32 + size;
  const acc = concat(reverse(read(i.rn, 32), 1, 32), konst(0n, size));
  const val = concat(reverse(read(i.rm, size), 1, size), konst(0n, 32));
  const stmts: Stmt[] = [{ kind: 'let', pc: i.pc, index: 0, value: xor(acc, val) }];
  for (let bit = n - 1, t = 0; bit >= 32; bit--, t++) {
    const data = tmp(t, n);
    stmts.push({ kind: 'let', pc: i.pc, index: t + 1, value: ite(extract(bit, bit, data), xor(data, konst(poly << BigInt(bit - 32), n)), data) });
  }
  return [...stmts, ...write(i.pc, i.rd, reverse(extract(31, 0, tmp(size, n)), 1, 32))];
}

export function dataProcessing2(i: DataProc2): Stmt[] {
  const w = i.width;
  const x = read(i.rn, w);
  const y = read(i.rm, w);
  const zero = konst(0n, w);
  const amount = () => and(y, konst(w - 1, w));
  switch (i.op) {
    case 'udiv': return write(i.pc, i.rd, ite(eq(y, zero), zero, binary('bvudiv', x, y)));
    case 'sdiv': return write(i.pc, i.rd, ite(eq(y, zero), zero, binary('bvsdiv', x, y)));
    case 'lslv': return write(i.pc, i.rd, binary('bvshl', x, amount()));
    case 'lsrv': return write(i.pc, i.rd, binary('bvlshr', x, amount()));
    case 'asrv': return write(i.pc, i.rd, binary('bvashr', x, amount()));
    case 'rorv': return write(i.pc, i.rd, binary('rotr', x, amount()));
    default: return crc32(i);
  }
}

export function dataProcessing3(i: DataProc3): Stmt[] {
  const w: Width = i.width;
  switch (i.op) {
    case 'madd': return write(i.pc, i.rd, add(read(i.ra, w), mul(read(i.rn, w), read(i.rm, w))));
    case 'msub': return write(i.pc, i.rd, sub(read(i.ra, w), mul(read(i.rn, w), read(i.rm, w))));
    case 'smulh': case 'umulh': {
      const ext = i.op === 'smulh' ? sext : zext;
      return write(i.pc, i.rd, extract(127, 64, mul(ext(read(i.rn, 64), 128), ext(read(i.rm, 64), 128))));
    }
    default: {
      const ext = i.op[0] === 's' ? sext : zext;
      const product = mul(ext(read(i.rn, 32), 64), ext(read(i.rm, 32), 64));
      return write(i.pc, i.rd, i.op.endsWith('addl') ? add(read(i.ra, 64), product) : sub(read(i.ra, 64), product));
    }
  }
}

