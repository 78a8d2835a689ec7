import { describe, expect, it } from 'vitest';
import { xorshift as rng } from '../../scripts/xorshift.js';
import {
  BINARY_KINDS, COMPARE_KINDS, PartialState, add, binaryPartial, comparePartial, evaluate, execute, extendPartial,
  formatPartial, isKnown, known, konst, load, partial, reg, sym, unknown, type PartialValue,
} from '../../src/ir/index.js';
import { binaryConcrete, compareConcrete } from '../../src/ir/concrete.js';


/** Every completion of the unknown bits of p, for small widths. */
function completions(p: PartialValue): bigint[] {
  const out: bigint[] = [];
  for (let v = 0n; v < 1n << BigInt(p.width); v++) if ((v & p.known) === p.value) out.push(v);
  return out;
}

describe('partial values', () => {
  it('are sound for every operator on exhaustive 4-bit completions', () => {
    const r = rng(7);
    const W = 4;
    const pick = (): PartialValue => partial(W, BigInt(r() & 15), BigInt(r() & 15));
    for (let i = 0; i < 100; i++) {
      const a = pick();
      const b = pick();
      for (const k of BINARY_KINDS) {
        const res = binaryPartial(k, a, b);
        for (const x of completions(a)) for (const y of completions(b)) {
          const v = binaryConcrete(k, W, x, y);
          expect((v & res.known) === res.value, `${k} ${formatPartial(a)} ${formatPartial(b)}`).toBe(true);
        }
      }
      for (const k of COMPARE_KINDS) {
        const res = comparePartial(k, a, b);
        for (const x of completions(a)) for (const y of completions(b)) {
          const v = compareConcrete(k, W, x, y) ? 1n : 0n;
          expect((v & res.known) === res.value, `${k}`).toBe(true);
        }
      }
      const s = extendPartial('sext', 8, a);
      for (const x of completions(a)) expect((BigInt.asUintN(8, BigInt.asIntN(4, x)) & s.known) === s.value).toBe(true);
    }
  });
  it('propagates known low bits through addition', () => {
    const p = binaryPartial('bvadd', partial(32, 0xffn, 0x10n), known(4, 32));
    expect(p.known & 0xffn).toBe(0xffn);
    expect(p.value & 0xffn).toBe(0x14n);
    expect(isKnown(p)).toBe(false);
    expect(formatPartial(partial(16, 0xff0fn, 0x1203n))).toBe('0x12?3');
  });
  it('decides comparisons from known bits when it can', () => {
    expect(comparePartial('eq', partial(32, 1n, 1n), known(0, 32))).toEqual(known(0, 1));
    expect(comparePartial('ult', partial(32, 0xffffff00n, 0n), known(0x100, 32))).toEqual(known(1, 1));
    expect(comparePartial('ult', unknown(32), known(5, 32)).known).toBe(0n);
  });
});

describe('evaluation and execution', () => {
  it('evaluates loads through partly known memory', () => {
    const st = new PartialState();
    st.regs.set('a1', known(0x1000, 32));
    st.memory.setBytes(0x1054n, new Uint8Array([0x87, 0x69, 0x0c, 0x48]));
    const e = load(add(reg('a1', 32), konst(0x54, 32)), 32, 'be');
    expect(evaluate(e, st)).toEqual(known(0x87690c48, 32));
    expect(evaluate(load(add(reg('a1', 32), konst(0x54, 32)), 32, 'le'), st)).toEqual(known(0x480c6987, 32));
    expect(evaluate(load(reg('a1', 32), 32, 'be'), st).known).toBe(0n);
    expect(evaluate(sym('x', 32), st).known).toBe(0n);
  });
  it('executes stores, opaque clobbers and exits', () => {
    const st = new PartialState();
    st.regs.set('sp', known(0x2000, 32));
    st.regs.set('v0', known(0xdeadbeef, 32));
    const out = execute([
      { kind: 'store', pc: 0n, addr: add(reg('sp', 32), konst(4, 32)), value: reg('v0', 32), endian: 'le' },
      { kind: 'opaque', pc: 4n, clobbers: ['v0'], memory: false, reason: 'test' },
      { kind: 'exit', pc: 8n, cond: konst(0, 1), target: konst(0, 32), flavor: 'jump' },
      { kind: 'exit', pc: 12n, cond: konst(1, 1), target: konst(0x40, 32), flavor: 'jump' },
    ], st);
    expect(st.memory.read(known(0x2004, 32), 32, 'le')).toEqual(known(0xdeadbeef, 32));
    expect(st.memory.readByte(0x2004n)).toEqual(known(0xef, 8));
    expect(st.reg('v0', 32).known).toBe(0n);
    expect(out).toMatchObject({ kind: 'exit', pc: 12n, target: known(0x40, 32) });
  });
  it('forgets all memory after a store through an unknown address', () => {
    const st = new PartialState();
    st.memory.setBytes(0x10n, new Uint8Array([1, 2, 3, 4]));
    execute([{ kind: 'store', pc: 0n, addr: reg('a0', 32), value: konst(0, 32), endian: 'be' }], st);
    expect(st.memory.readByte(0x10n).known).toBe(0n);
  });
});
