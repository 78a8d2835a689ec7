import { describe, expect, it } from 'vitest';
import {
  add, and, ashr, binary, concat, eq, equal, extract, ite, konst, load, ne, not, or, printExpr, printStmt, reg, sext,
  simplify, slt, sub, substitute, sym, xor, zext, type Expr,
} from '../../src/ir/index.js';

const a1 = sym('a1', 32);
const c = (v: number | bigint, w = 32): Expr => konst(v, w);

describe('IR construction and simplification', () => {
  it('folds chains of constant additions into one offset', () => {
    const e = add(add(add(a1, c(0x40)), c(0x10)), c(4));
    expect(printExpr(e)).toBe('a1 + 0x54');
    expect(printExpr(sub(add(a1, c(8)), c(8)))).toBe('a1');
  });
  it('prints loads C-like and negative offsets as subtraction', () => {
    expect(printExpr(load(add(a1, c(0x54)), 32, 'be'))).toBe('*(u32 *)(a1 + 0x54)');
    expect(printExpr(add(sym('sp', 32), c(-32)))).toBe('sp - 0x20');
    expect(printExpr(load(a1, 8, 'be'))).toBe('*(u8 *)a1');
  });
  it('folds constants with wrap-around at the width', () => {
    expect(equal(add(c(0xffffffff), c(2)), c(1))).toBe(true);
    expect(equal(ashr(c(0x80000000), c(4)), c(0xf8000000))).toBe(true);
    expect(equal(sext(c(0x80, 8), 32), c(0xffffff80))).toBe(true);
    expect(equal(binary('bvudiv', c(5), c(0)), c(0xffffffff))).toBe(true);
    expect(equal(binary('rotr', c(1), c(1)), c(0x80000000))).toBe(true);
  });
  it('applies identities', () => {
    expect(equal(xor(a1, a1), c(0))).toBe(true);
    expect(equal(and(a1, c(0xffffffff)), a1)).toBe(true);
    expect(equal(or(a1, c(0)), a1)).toBe(true);
    expect(equal(not(not(a1)), a1)).toBe(true);
    expect(equal(eq(a1, a1), konst(1, 1))).toBe(true);
    expect(equal(ite(konst(1, 1), a1, c(0)), a1)).toBe(true);
  });
  it('simplifies extraction through concat, extension and bitwise masks', () => {
    const x = sym('x', 16);
    const y = sym('y', 16);
    expect(equal(extract(15, 0, concat(x, y)), y)).toBe(true);
    expect(equal(extract(31, 16, concat(x, y)), x)).toBe(true);
    expect(equal(concat(extract(31, 16, a1), extract(15, 0, a1)), a1)).toBe(true);
    expect(equal(extract(7, 0, zext(sym('b', 8), 32)), sym('b', 8))).toBe(true);
    expect(equal(extract(31, 8, zext(sym('b', 8), 32)), konst(0, 24))).toBe(true);
    expect(printExpr(extract(7, 0, and(a1, c(0xff))))).toBe('(u8)a1');
  });
  it('keeps a zero extension of a truncated sign extension honest', () => {
    const b = sym('b', 8);
    const e = zext(extract(15, 0, sext(b, 32)), 32);
    expect(printExpr(e)).not.toBe(printExpr(sext(b, 32)));
    expect(equal(sext(extract(15, 0, sext(b, 32)), 32), sext(b, 32))).toBe(true);
    expect(equal(sext(extract(15, 0, zext(b, 32)), 32), zext(b, 32))).toBe(true);
  });
  it('rejects width mismatches', () => {
    expect(() => add(a1, konst(1, 16))).toThrow(/width/);
    expect(() => extract(32, 0, a1)).toThrow(/range/);
  });
  it('substitutes registers by entry expressions and re-simplifies', () => {
    const lifted = load(add(reg('s0', 32), c(0x54)), 32, 'be');
    const entry = substitute(lifted, (x) => (x.kind === 'reg' && x.name === 's0' ? add(a1, c(0)) : undefined));
    expect(printExpr(entry)).toBe('*(u32 *)(a1 + 0x54)');
    const shifted = substitute(add(reg('v0', 32), c(4)), (x) => (x.kind === 'reg' ? add(a1, c(0x50)) : undefined));
    expect(printExpr(shifted)).toBe('a1 + 0x54');
    expect(equal(simplify(shifted), shifted)).toBe(true);
  });
  it('prints comparisons, signed operators and statements', () => {
    expect(printExpr(slt(a1, c(0)))).toBe('(s32)a1 < (s32)0');
    expect(printExpr(ne(reg('v0', 32), c(0)))).toBe('v0 != 0');
    expect(printExpr(ashr(a1, c(3)))).toBe('(s32)a1 >> 3');
    expect(printExpr(ite(eq(a1, c(0)), c(1), c(2)))).toBe('a1 == 0 ? 1 : 2');
    expect(printStmt({ kind: 'store', pc: 0n, addr: add(reg('s1', 32), c(0x54)), value: reg('v0', 32), endian: 'be' }))
      .toBe('*(u32 *)(s1 + 0x54) = v0');
    expect(printStmt({ kind: 'opaque', pc: 0n, clobbers: ['v0'], memory: false, reason: 'rdhwr' })).toBe('v0 = unknown (rdhwr)');
  });
  it('hashes structurally equal nodes identically', () => {
    const x = add(load(reg('a0', 32), 32, 'be'), c(1));
    const y = add(load(reg('a0', 32), 32, 'be'), c(1));
    expect(x).not.toBe(y);
    expect(x.hash).toBe(y.hash);
    expect(equal(x, y)).toBe(true);
    expect(equal(load(reg('a0', 32), 32, 'be'), load(reg('a0', 32), 32, 'le'))).toBe(false);
  });
});
