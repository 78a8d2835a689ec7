/**
 * C-like printing of expressions and statements, for reports: `*(u32 *)(a1 + 0x54)`, `v0 - 0x20`,
 * `(s32)a0 < (s32)a1`. Zero extension is implicit, as C's integer promotion; sign extension and
 * signed operators show their casts.
 */
import type { Expr } from './expr.js';
import { formatPartial } from './partial.js';
import type { Stmt } from './stmt.js';

// C operator precedence levels (higher binds tighter).
const P = { ternary: 2, or: 5, xor: 6, and: 7, eq: 8, rel: 9, shift: 10, add: 11, mul: 12, unary: 13, primary: 14 };

function hex(v: bigint): string {
  return v < 10n ? v.toString() : `0x${v.toString(16)}`;
}

function isStdWidth(w: number): boolean {
  return w === 8 || w === 16 || w === 32 || w === 64 || w === 128;
}

function cast(prefix: 'u' | 's', w: number): string {
  return `(${prefix}${w})`;
}

export function printExpr(e: Expr): string {
  return go(e)[0];
}

function wrap(e: Expr, min: number): string {
  const [s, p] = go(e);
  return p < min ? `(${s})` : s;
}

function infix(a: Expr, op: string, b: Expr, p: number): [string, number] {
  // Left-associative: the right operand needs parentheses at equal precedence.
  return [`${wrap(a, p)} ${op} ${wrap(b, p + 1)}`, p];
}

function signed(e: Expr): string {
  return `${cast('s', e.width)}${wrap(e, P.unary)}`;
}

function go(e: Expr): [string, number] {
  switch (e.kind) {
    case 'const': return [hex(e.value), P.primary];
    case 'reg': case 'sym': return [e.name, P.primary];
    case 'tmp': return [`t${e.index}`, P.primary];
    case 'undef': return [`undef(${e.reason})`, P.primary];
    case 'load': return [`*(u${e.width} *)${wrap(e.addr, P.primary)}`, P.unary];
    case 'bvnot':
      if (e.width === 1 && e.a.kind === 'eq') return infix(e.a.a, '!=', e.a.b, P.eq);
      return [`${e.width === 1 ? '!' : '~'}${wrap(e.a, P.unary)}`, P.unary];
    case 'bvneg': return [`-${wrap(e.a, P.unary)}`, P.unary];
    case 'bvadd': {
      const b = e.b;
      if (b.kind === 'const' && (b.value >> BigInt(e.width - 1)) === 1n) {
        return [`${wrap(e.a, P.add)} - ${hex((1n << BigInt(e.width)) - b.value)}`, P.add];
      }
      return infix(e.a, '+', e.b, P.add);
    }
    case 'bvsub': return infix(e.a, '-', e.b, P.add);
    case 'bvmul': return infix(e.a, '*', e.b, P.mul);
    case 'bvudiv': return infix(e.a, '/', e.b, P.mul);
    case 'bvurem': return infix(e.a, '%', e.b, P.mul);
    case 'bvsdiv': return [`${signed(e.a)} / ${signed(e.b)}`, P.mul];
    case 'bvsrem': return [`${signed(e.a)} % ${signed(e.b)}`, P.mul];
    case 'bvand': return infix(e.a, '&', e.b, P.and);
    case 'bvor': return infix(e.a, '|', e.b, P.or);
    case 'bvxor': return infix(e.a, '^', e.b, P.xor);
    case 'bvshl': return infix(e.a, '<<', e.b, P.shift);
    case 'bvlshr': return infix(e.a, '>>', e.b, P.shift);
    case 'bvashr': return [`${signed(e.a)} >> ${wrap(e.b, P.shift + 1)}`, P.shift];
    case 'rotl': case 'rotr': return [`${e.kind}${e.width}(${printExpr(e.a)}, ${printExpr(e.b)})`, P.primary];
    case 'eq': return infix(e.a, '==', e.b, P.eq);
    case 'ult': return infix(e.a, '<', e.b, P.rel);
    case 'ule': return infix(e.a, '<=', e.b, P.rel);
    case 'slt': return [`${signed(e.a)} < ${signed(e.b)}`, P.rel];
    case 'sle': return [`${signed(e.a)} <= ${signed(e.b)}`, P.rel];
    case 'extract': {
      const m = hex((1n << BigInt(e.width)) - 1n);
      if (e.lo === 0) {
        return isStdWidth(e.width) ? [`${cast('u', e.width)}${wrap(e.a, P.unary)}`, P.unary] : [`${wrap(e.a, P.and)} & ${m}`, P.and];
      }
      const shifted = `${wrap(e.a, P.shift)} >> ${e.lo}`;
      return isStdWidth(e.width) ? [`${cast('u', e.width)}(${shifted})`, P.unary] : [`(${shifted}) & ${m}`, P.and];
    }
    case 'concat': return [`concat(${printExpr(e.a)}, ${printExpr(e.b)})`, P.primary];
    case 'zext': return go(e.a);
    case 'sext': return [`${cast('s', e.width)}${cast('s', e.a.width)}${wrap(e.a, P.unary)}`, P.unary];
    case 'ite': return [`${wrap(e.c, P.ternary + 1)} ? ${wrap(e.a, P.ternary + 1)} : ${wrap(e.b, P.ternary)}`, P.ternary];
  }
}

export function printStmt(s: Stmt): string {
  switch (s.kind) {
    case 'assign': return `${s.dst} = ${printExpr(s.value)}`;
    case 'let': return `t${s.index} = ${printExpr(s.value)}`;
    case 'store': {
      const st = `*(u${s.value.width} *)${wrap(s.addr, P.primary)} = ${printExpr(s.value)}`;
      return s.guard ? `if (${printExpr(s.guard)}) ${st}` : st;
    }
    case 'exit': {
      const go = `${s.flavor} ${printExpr(s.target)}`;
      return s.cond.kind === 'const' && s.cond.value === 1n ? go : `if (${printExpr(s.cond)}) ${go}`;
    }
    case 'trap': {
      const t = `trap ${s.reason}`;
      return s.cond.kind === 'const' && s.cond.value === 1n ? t : `if (${printExpr(s.cond)}) ${t}`;
    }
    case 'opaque': {
      const what = [...s.clobbers, ...(s.memory ? ['memory'] : [])].join(', ');
      return `${what || 'nothing'} = unknown (${s.reason})`;
    }
    case 'external': return `/* ${s.effect} */`;
  }
}
