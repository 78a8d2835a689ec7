import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { execute, known, PartialState, printStmt } from '../../../src/ir/index.js';
import { decode } from '../../../src/isa/aarch64/decode.js';
import { lift } from '../../../src/isa/aarch64/lift/index.js';
import { fuzzAarch64 } from '../../../scripts/fuzz-lifter-aarch64.js';
import { readFileSync } from 'node:fs';

const liftWord = (word: number, pc = 0x1000n) => lift(decode(word, pc));

describe('AArch64 lifter statements', () => {
  it('lifts a post-index load as the load, then the base update', () => {
    const l = liftWord(0xf8408420); // ldr x0, [x1], #8
    expect(l.precise).toBe(true);
    expect(l.stmts.map(printStmt)).toEqual(['t0 = x1', 'x0 = *(u64 *)t0', 'x1 = t0 + 8']);
  });

  it('lifts the faulting load of the arm64 seed to a load from x0 + 200', () => {
    const l = liftWord(0xf9406400, 0xffffd44ebe81f0c0n); // ldr x0, [x0, #200]
    expect(l.stmts.map(printStmt)).toEqual(['t0 = x0 + 0xc8', 'x0 = *(u64 *)t0']);
  });

  it('computes cmp flags from the operands and leaves the registers alone', () => {
    const state = new PartialState();
    state.regs.set('x26', known(5n, 64));
    state.regs.set('x0', known(5n, 64));
    execute(liftWord(0xeb00035f).stmts, state); // cmp x26, x0
    expect(state.reg('nzcv', 4)).toEqual(known(0b0110n, 4));
    expect([...state.regs.keys()].sort()).toEqual(['nzcv', 'x0', 'x26']);
  });

  it('makes key-dependent and unmodelled results unknown, and says so', () => {
    const pac = liftWord(0xd503233f); // paciasp
    expect(pac.precise).toBe(false);
    expect(pac.stmts).toMatchObject([{ kind: 'opaque', clobbers: ['x30'] }]);
    expect(liftWord(0xd53b4200).precise).toBe(true); // mrs x0, nzcv
    expect(liftWord(0xd5384100).stmts).toMatchObject([{ kind: 'opaque', clobbers: ['x0'] }]); // mrs x0, sp_el0
  });
});

describe('AArch64 lifter against emulators', () => {
  it('agrees with Unicorn on every register, flag, pc and stored byte over random sequences', () => {
    const s = fuzzAarch64(1000, 20261130, 128);
    expect(s.first).toEqual([]);
    expect(s.disagreements).toBe(0);
    expect(s.instructions).toBeGreaterThanOrEqual(1000);
    expect(s.knownChecks).toBeGreaterThan(30 * s.instructions);
    for (const kind of ['loadStore', 'loadStorePair', 'addSubImm', 'logicalShifted', 'branchCond', 'testBranch', 'exclusive']) {
      expect(s.byKind[kind], kind).toBeGreaterThan(10);
    }
  });

  it('agrees with qemu-user on LD{S,U}{MAX,MIN}, where Unicorn 2.0.1 is wrong below 64 bits', () => {
    const dir = new URL('fixtures/', import.meta.url);
    const run = spawnSync('qemu-aarch64', ['-cpu', 'max', fileURLToPath(new URL('atomics-minmax', dir))]);
    expect(run.error, 'qemu-aarch64 (Debian qemu-user) must be installed').toBeUndefined();
    const out = run.stdout as Buffer;
    const cases = readFileSync(new URL('atomics-minmax.tsv', dir), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    expect(out.length).toBe(cases.length * 16);
    cases.forEach(([word, mem, rs, text], i) => {
      const state = new PartialState();
      const memory = new Uint8Array(8);
      new DataView(memory.buffer).setBigUint64(0, BigInt(mem!), true);
      state.memory.setBytes(0x2000n, memory);
      state.regs.set('x1', known(0x2000n, 64));
      state.regs.set('x3', known(BigInt(rs!), 64));
      state.regs.set('x4', known(0n, 64));
      execute(liftWord(parseInt(word!, 16)).stmts, state);
      const expectMem = out.readBigUInt64LE(i * 16);
      const expectX4 = out.readBigUInt64LE(i * 16 + 8);
      expect(state.memory.read(known(0x2000n, 64), 64, 'le'), text).toEqual(known(expectMem, 64));
      expect(state.reg('x4', 64), text).toEqual(known(expectX4, 64));
    });
  });
});
