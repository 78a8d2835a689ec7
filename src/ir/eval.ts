/**
 * Evaluation of expressions over partial knowledge. The environment answers for leaves (registers,
 * symbols, temporaries, memory); every operator has one handler in EVAL, so a new node kind that is
 * not handled fails to compile.
 */
import type { BinaryKind, CompareKind, Endian, Expr, Kind } from './expr.js';
import {
  type PartialValue, binaryPartial, comparePartial, concatPartial, extendPartial, extractPartial, itePartial,
  known, notPartial, unknown,
} from './partial.js';

export interface EvalEnv {
  reg(name: string, width: number): PartialValue;
  sym(name: string, width: number): PartialValue;
  tmp(index: number, width: number): PartialValue;
  /** Read `width` bits at a (possibly partly known) address. */
  load(addr: PartialValue, width: number, endian: Endian): PartialValue;
}

type Handler<K extends Kind> = (e: Expr & { kind: K }, ev: (x: Expr) => PartialValue, env: EvalEnv) => PartialValue;
type Handlers = { [K in Kind]: Handler<K> };

const bin = (e: { kind: BinaryKind; a: Expr; b: Expr }, ev: (x: Expr) => PartialValue): PartialValue =>
  binaryPartial(e.kind, ev(e.a), ev(e.b));
const cmp = (e: { kind: CompareKind; a: Expr; b: Expr }, ev: (x: Expr) => PartialValue): PartialValue =>
  comparePartial(e.kind, ev(e.a), ev(e.b));

const EVAL: Handlers = {
  const: (e) => known(e.value, e.width),
  reg: (e, _ev, env) => env.reg(e.name, e.width),
  sym: (e, _ev, env) => env.sym(e.name, e.width),
  tmp: (e, _ev, env) => env.tmp(e.index, e.width),
  undef: (e) => unknown(e.width),
  load: (e, ev, env) => env.load(ev(e.addr), e.width, e.endian),
  bvnot: (e, ev) => notPartial(ev(e.a)),
  bvneg: (e, ev) => binaryPartial('bvsub', known(0n, e.width), ev(e.a)),
  bvadd: bin, bvsub: bin, bvmul: bin, bvudiv: bin, bvsdiv: bin, bvurem: bin, bvsrem: bin,
  bvand: bin, bvor: bin, bvxor: bin, bvshl: bin, bvlshr: bin, bvashr: bin, rotl: bin, rotr: bin,
  eq: cmp, ult: cmp, ule: cmp, slt: cmp, sle: cmp,
  extract: (e, ev) => extractPartial(e.hi, e.lo, ev(e.a)),
  concat: (e, ev) => concatPartial(ev(e.a), ev(e.b)),
  zext: (e, ev) => extendPartial('zext', e.width, ev(e.a)),
  sext: (e, ev) => extendPartial('sext', e.width, ev(e.a)),
  ite: (e, ev) => {
    const c = ev(e.c);
    // Only the selected arm is evaluated when the condition is known (it may read memory).
    if (c.known === 1n) return c.value === 1n ? ev(e.a) : ev(e.b);
    return itePartial(c, ev(e.a), ev(e.b));
  },
};

export function evaluate(e: Expr, env: EvalEnv): PartialValue {
  const memo = new Map<Expr, PartialValue>();
  const ev = (x: Expr): PartialValue => {
    const seen = memo.get(x);
    if (seen) return seen;
    const v = (EVAL[x.kind] as Handler<Kind>)(x as never, ev, env);
    memo.set(x, v);
    return v;
  };
  return ev(e);
}
