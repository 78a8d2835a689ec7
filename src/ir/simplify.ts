/**
 * Whole-expression rewriting. Constructors in build.ts already apply each operator's rule, so
 * simplification is a bottom-up rebuild; substitution replaces leaves (registers, temporaries,
 * symbols) and rebuilds, which re-simplifies everything above them.
 */
import { rebuild } from './build.js';
import { type Expr, children } from './expr.js';

/** Replace leaves for which `leaf` returns an expression (of the same width), then re-simplify. */
export function substitute(e: Expr, leaf: (e: Expr) => Expr | undefined): Expr {
  const memo = new Map<Expr, Expr>();
  const walk = (x: Expr): Expr => {
    const seen = memo.get(x);
    if (seen) return seen;
    let out: Expr;
    const kids = children(x);
    if (kids.length === 0) {
      const r = leaf(x);
      if (r && r.width !== x.width) throw new Error(`IR substitution changes width ${x.width} -> ${r.width}`);
      out = r ?? x;
    } else {
      const next = kids.map(walk);
      out = next.every((k, i) => k === kids[i]) ? x : rebuild(x, next);
    }
    memo.set(x, out);
    return out;
  };
  return walk(e);
}

export function simplify(e: Expr): Expr {
  const memo = new Map<Expr, Expr>();
  const walk = (x: Expr): Expr => {
    const seen = memo.get(x);
    if (seen) return seen;
    const kids = children(x);
    const out = kids.length === 0 ? x : rebuild(x, kids.map(walk));
    memo.set(x, out);
    return out;
  };
  return walk(e);
}
