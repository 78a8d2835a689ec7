import { describe, expect, it } from 'vitest';
import { demandedBits } from '../../src/analysis/demanded-bits.js';
import {
  type Expr, add, and, compare, concat, evaluate, extract, ite, known, konst, lshr, mask, sext, shl, sub, sym, unknown, zext,
} from '../../src/ir/index.js';
import { xorshift } from '../../scripts/xorshift.js';

const a1 = sym('a1', 32);
const x4 = sym('x4', 64);

/** The dispatch expressions of the fixture kernels' tables, with the bits of the index they read. */
const CASES: { what: string; e: Expr; name: string; bits: bigint }[] = [
  { what: 'MIPS ext a1,16,5 then sll 2', e: shl(and(lshr(a1, konst(16, 32)), konst(0x1f, 32)), konst(2, 32)), name: 'a1', bits: 0x1f0000n },
  { what: 'MIPS srl a1,26', e: lshr(a1, konst(26, 32)), name: 'a1', bits: 0xfc000000n },
  { what: 'arm64 w4 - 1, zero-extended', e: zext(sub(extract(31, 0, x4), konst(1, 32)), 64), name: 'x4', bits: 0xffffffffn },
  { what: 'arm64 sxtb', e: sext(extract(7, 0, x4), 64), name: 'x4', bits: 0xffn },
  { what: 'a bound check reads every bit', e: compare('ult', extract(15, 0, x4), konst(30, 16)), name: 'x4', bits: 0xffffn },
  { what: 'the low half of a concatenation', e: extract(7, 0, concat(a1, extract(31, 0, x4))), name: 'x4', bits: 0xffn },
  { what: 'another symbol', e: add(a1, konst(4, 32)), name: 'x4', bits: 0n },
];

describe('demanded bits', () => {
  for (const c of CASES) it(c.what, () => expect(demandedBits(c.e, c.name)).toBe(c.bits));

  it('leaves out only bits that cannot change the value (random values, flipped bits)', () => {
    const next = xorshift(0x5eed);
    const word = (): bigint => (BigInt(next()) << 32n) | BigInt(next());
    const exprs = [...CASES.filter((c) => c.name === 'x4').map((c) => c.e), ite(compare('eq', extract(3, 0, x4), konst(5, 4)), x4, konst(0, 64))];
    for (const e of exprs) {
      const bits = demandedBits(e, 'x4');
      const at = (v: bigint) => evaluate(e, { sym: (n, w) => (n === 'x4' ? known(v, w) : unknown(w)), reg: (_n, w) => unknown(w), tmp: (_i, w) => unknown(w), load: (_a, w) => unknown(w) });
      for (let i = 0; i < 200; i++) {
        const v = word();
        const flipped = v ^ (word() & ~bits & mask(64));
        expect(at(flipped)).toEqual(at(v));
      }
    }
  });
});
