/**
 * Which bits of a symbol an expression's value can depend on, propagated down from the bits of the
 * result that matter: `(a1 >> 16) & 0x1f` depends on bits 16..20 of a1 only. Sound: a bit left out
 * cannot change the value; a bit kept may not matter (addition keeps every bit below the top one).
 */
import { type Expr, mask } from '../ir/index.js';

/** Mask of the bits of symbol `name` that `e` can depend on. */
export function demandedBits(e: Expr, name: string): bigint {
  const seen = new Map<Expr, bigint>();
  let out = 0n;
  const visit = (x: Expr, wanted: bigint): void => {
    const before = seen.get(x) ?? 0n;
    if ((wanted & ~before) === 0n) return;
    const d = wanted | before;
    seen.set(x, d);
    const full = (y: Expr): void => visit(y, mask(y.width));
    const w = x.width;
    switch (x.kind) {
      case 'sym':
        if (x.name === name) out |= d;
        return;
      case 'const': case 'reg': case 'tmp': case 'undef':
        return;
      case 'load':
        return full(x.addr);
      case 'bvnot': case 'bvxor':
        visit(x.a, d);
        if (x.kind === 'bvxor') visit(x.b, d);
        return;
      case 'bvand': case 'bvor': {
        const keep = (k: bigint): bigint => (x.kind === 'bvand' ? d & k : d & ~k & mask(w));
        visit(x.a, x.b.kind === 'const' ? keep(x.b.value) : d);
        visit(x.b, x.a.kind === 'const' ? keep(x.a.value) : d);
        return;
      }
      case 'bvneg':
        // A carry moves information upwards only: bits above the top wanted one do not matter.
        return visit(x.a, mask(d.toString(2).length));
      case 'bvadd': case 'bvsub': case 'bvmul': {
        const low = mask(d.toString(2).length);
        visit(x.a, low);
        return visit(x.b, low);
      }
      case 'bvshl': case 'bvlshr': case 'bvashr': case 'rotl': case 'rotr': {
        if (x.b.kind !== 'const' || x.b.value >= BigInt(w)) {
          full(x.a);
          return full(x.b);
        }
        const k = x.b.value;
        const W = BigInt(w);
        if (x.kind === 'bvshl') return visit(x.a, d >> k);
        if (x.kind === 'bvlshr') return visit(x.a, (d << k) & mask(w));
        if (x.kind === 'bvashr') return visit(x.a, ((d << k) & mask(w)) | (d >> (W - k) !== 0n ? 1n << (W - 1n) : 0n));
        const r = x.kind === 'rotl' ? (d >> k) | (d << (W - k)) : (d << k) | (d >> (W - k));
        return visit(x.a, r & mask(w));
      }
      case 'bvudiv': case 'bvsdiv': case 'bvurem': case 'bvsrem':
        full(x.a);
        return full(x.b);
      case 'eq': case 'ult': case 'ule': case 'slt': case 'sle':
        full(x.a);
        return full(x.b);
      case 'extract':
        return visit(x.a, d << BigInt(x.lo));
      case 'concat':
        visit(x.a, d >> BigInt(x.b.width));
        return visit(x.b, d & mask(x.b.width));
      case 'zext':
        return visit(x.a, d & mask(x.a.width));
      case 'sext': {
        const n = x.a.width;
        return visit(x.a, (d & mask(n)) | (d >> BigInt(n) !== 0n ? 1n << BigInt(n - 1) : 0n));
      }
      case 'ite':
        full(x.c);
        visit(x.a, d);
        return visit(x.b, d);
    }
  };
  visit(e, mask(e.width));
  return out;
}
