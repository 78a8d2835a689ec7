import { describe, expect, it } from 'vitest';
import { xorshift as rng } from '../../scripts/xorshift.js';
import {
  BINARY_KINDS, COMPARE_KINDS, PartialState, evaluate, known, node, simplify, type Expr,
} from '../../src/ir/index.js';


/** A random raw (unsimplified) expression tree of width `w`, over two symbols and small constants. */
function randomTree(r: () => number, w: number, depth: number): Expr {
  const leaf = (): Expr => {
    const k = r() % 3;
    if (k === 0) return node.sym(w, `x${w}`);
    if (k === 1) return node.sym(w, `y${w}`);
    const v = [0n, 1n, 2n, BigInt(w), (1n << BigInt(w)) - 1n, BigInt(r())][r() % 6]!;
    return node.const(w, BigInt.asUintN(w, v));
  };
  if (depth === 0) return leaf();
  const sub = (width = w): Expr => randomTree(r, width, depth - 1);
  switch (r() % 9) {
    case 0: case 1: case 2: return node.binary(BINARY_KINDS[r() % BINARY_KINDS.length]!, sub(), sub());
    case 3: return node.unary(r() % 2 ? 'bvnot' : 'bvneg', sub());
    case 4: {
      const inner = w === 8 ? 16 : w;
      const lo = r() % (inner - w + 1);
      return w === 8 ? node.extract(lo + 7, lo, sub(16)) : node.extract(w - 1, 0, sub());
    }
    case 5: return w === 16 ? node.concat(sub(8), sub(8)) : (w === 8 ? sub() : node.extend(r() % 2 ? 'zext' : 'sext', w, sub(8)));
    case 6: return node.ite(node.compare(COMPARE_KINDS[r() % COMPARE_KINDS.length]!, sub(), sub()), sub(), sub());
    default: return leaf();
  }
}

describe('simplifier soundness', () => {
  it('never changes the value of random expressions', () => {
    const r = rng(42);
    for (let i = 0; i < 1500; i++) {
      const w = [8, 16, 32][r() % 3]!;
      const raw = randomTree(r, w, 3);
      const st = new PartialState();
      for (const width of [8, 16, 32]) {
        st.syms.set(`x${width}`, known(BigInt(r()), width));
        st.syms.set(`y${width}`, known(BigInt(r()) & (r() % 2 ? 0xffn : 0xffffffffn), width));
      }
      const simple = simplify(raw);
      // evaluate() applies no rewriting, so the raw tree is the reference.
      expect(evaluate(simple, st).value, `${i}`).toBe(evaluate(raw, st).value);
    }
  });
});
