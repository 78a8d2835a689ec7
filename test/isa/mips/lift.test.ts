import { describe, expect, it } from 'vitest';
import { PartialState, execute, known, printStmt } from '../../../src/ir/index.js';
import { decode, lift, liftUnit } from '../../../src/isa/mips/index.js';

const show = (word: number, pc = 0n, endian: 'be' | 'le' = 'be'): string[] => lift(decode(word, pc), endian).stmts.map(printStmt);

describe('MIPS lifter', () => {
  it('lifts the seed listing instructions readably', () => {
    expect(show(0x8e020054)).toEqual(['if ((s0 + 0x54 & 3) != 0) trap address-error', 'v0 = *(u32 *)(s0 + 0x54)']);
    expect(show(0x27bdffe0)).toEqual(['sp = sp - 0x20']);
    expect(show(0x00a08025)).toEqual(['s0 = a1']);
    expect(show(0x24060038)).toEqual(['a2 = 0x38']);
    expect(show(0xae220054)).toEqual(['if ((s1 + 0x54 & 3) != 0) trap address-error', '*(u32 *)(s1 + 0x54) = v0']);
    expect(show(0x96020064)).toEqual(['if ((s0 + 0x64 & 1) != 0) trap address-error', 'v0 = *(u16 *)(s0 + 0x64)']);
    expect(show(0x80a2fffc)).toEqual(['v0 = (s32)(s8)*(u8 *)(a1 - 4)']);
  });
  it('joins a branch and its delay slot, the exit last and the condition taken before the slot', () => {
    const b = lift(decode(0x10400006, 0xb8n), 'be'); // beqz v0,d4
    const slot = lift(decode(0x24420001, 0xbcn), 'be'); // addiu v0,v0,1
    const unit = liftUnit(b, slot);
    expect(unit.stmts.map(printStmt)).toEqual(['t0 = v0 == 0', 'v0 = v0 + 1', 'if (t0) jump 0xd4']);
    const st = new PartialState();
    st.regs.set('v0', known(0, 32));
    const out = execute(unit.stmts, st);
    expect(out).toMatchObject({ kind: 'exit', target: known(0xd4, 32), taken: known(1, 1) });
    expect(st.reg('v0', 32)).toEqual(known(1, 32));
  });
  it('annuls the delay slot of a branch-likely that is not taken', () => {
    const b = lift(decode(0x5043ff99, 0x198n), 'be'); // beql v0,v1,0
    const unit = liftUnit(b, lift(decode(0x24420001, 0x19cn), 'be'));
    const st = new PartialState();
    st.regs.set('v0', known(1, 32));
    st.regs.set('v1', known(2, 32));
    expect(execute(unit.stmts, st)).toEqual({ kind: 'next' });
    expect(st.reg('v0', 32)).toEqual(known(1, 32));
  });
  it('links at the branch: jal writes ra = pc + 8', () => {
    expect(show(0x0c000000, 0x80001000n)).toEqual(['ra = 0x80001008', 'call 0x80000000']);
    expect(show(0x0320f809, 0x100n)).toEqual(['ra = 0x108', 'call t9']);
    expect(show(0x03e00008)).toEqual(['return ra']);
  });
  it('marks what it cannot know instead of inventing it', () => {
    expect(show(0x7c03e83b)).toEqual(['v1 = unknown (hardware register $29 is not modelled)']);
    expect(show(0x40026000)).toEqual(['v0 = status']);
    expect(show(0x40028001)).toEqual(['v0 = unknown (CP0 register c0_config1 is not modelled)']);
    expect(lift(decode(0xffffffff, 0n), 'be').precise).toBe(false);
    expect(show(0x70641002)).toContain('hi = undef(HI after MUL is UNPREDICTABLE)');
  });
  it('keeps control flow it cannot decide unknown rather than absent', () => {
    const bc2 = lift(decode(0x4900ffff, 0x100n), 'be'); // bc2f 100
    expect(bc2.delaySlot).toBe(true);
    expect(bc2.stmts.map(printStmt)).toEqual(['if (undef(coprocessor 2 conditions are not modelled)) jump 0x100']);
    const unknown = lift(decode(0x0000003f, 0n), 'be'); // dsra32 (MIPS64 only)
    expect(unknown.stmts.at(-1)).toMatchObject({ kind: 'exit', cond: { kind: 'undef' }, target: { kind: 'undef' } });
  });
  it('evaluates lwl/lwr pairs to the unaligned word in both byte orders', () => {
    for (const endian of ['be', 'le'] as const) {
      const st = new PartialState();
      st.regs.set('a0', known(0x1001, 32));
      st.memory.setBytes(0x1000n, new Uint8Array([0x10, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77]));
      // big-endian: lwl v0,0(a0); lwr v0,3(a0). little-endian: lwl v0,3(a0); lwr v0,0(a0).
      const pair = endian === 'be' ? [0x88820000, 0x98820003] : [0x88820003, 0x98820000];
      for (const w of pair) execute(lift(decode(w, 0n), endian).stmts, st);
      expect(st.reg('v0', 32)).toEqual(known(endian === 'be' ? 0x11223344 : 0x44332211, 32));
    }
  });
});
