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
    // fcvtzs x5, h10, #56 and fmov x1, d2 write general registers: those become unknown.
    expect(liftWord(0x9ed82145).stmts).toMatchObject([{ kind: 'opaque', clobbers: ['x5'] }]);
    expect(liftWord(0x9e660041).stmts).toMatchObject([{ kind: 'opaque', clobbers: ['x1'] }]);
    expect(liftWord(0x1e202020).stmts).toMatchObject([{ kind: 'opaque', clobbers: ['nzcv'] }]); // fcmp s1, s0
    const current = liftWord(0xd5384100); // mrs x0, sp_el0: the kernel's `current`
    expect(current.precise).toBe(true);
    expect(current.stmts.map(printStmt)).toEqual(['x0 = sp_el0']);
  });
});

describe('AArch64 CRC32', () => {
  /** The reflected byte-at-a-time CRC of zlib (CRC32) and iSCSI (CRC32C), as Linux's lib/crc32.c computes it. */
  function reference(acc: number, data: bigint, bytes: number, poly: number): bigint {
    let c = acc >>> 0;
    for (let k = 0; k < bytes; k++) {
      c ^= Number((data >> BigInt(8 * k)) & 0xffn);
      for (let j = 0; j < 8; j++) c = (c >>> 1) ^ (c & 1 ? poly : 0);
    }
    return BigInt(c >>> 0);
  }

  it('lifts crc32{b,h,w,x} and crc32c{b,h,w,x} to the checksum software computes', () => {
    // crc32{c}{b,h,w,x} w0, w1, {w,x}2
    const words: [number, number, number][] = [
      [0x1ac24020, 1, 0xedb88320], [0x1ac24420, 2, 0xedb88320], [0x1ac24820, 4, 0xedb88320], [0x9ac24c20, 8, 0xedb88320],
      [0x1ac25020, 1, 0x82f63b78], [0x1ac25420, 2, 0x82f63b78], [0x1ac25820, 4, 0x82f63b78], [0x9ac25c20, 8, 0x82f63b78],
    ];
    for (const [word, bytes, poly] of words) {
      const state = new PartialState();
      state.regs.set('x1', known(0x9abcdef012345678n, 64));
      state.regs.set('x2', known(0xdeadbeefcafebaben, 64));
      const l = liftWord(word);
      expect(l.precise).toBe(true);
      execute(l.stmts, state);
      expect(state.reg('x0', 64), `crc word ${word.toString(16)}`).toEqual(known(reference(0x12345678, 0xdeadbeefcafebaben, bytes, poly), 64));
    }
  });
});

describe('AArch64 lifter against emulators', () => {
  it('agrees with Unicorn on every register, flag, pc and stored byte over random sequences', () => {
    const s = fuzzAarch64(1000, 20261130, 128);
    expect(s.first).toEqual([]);
    expect(s.disagreements).toBe(0);
    expect(s.instructions).toBeGreaterThanOrEqual(1000);
    expect(s.knownChecks).toBeGreaterThan(30 * s.instructions);
    for (const kind of ['loadStore', 'loadStorePair', 'addSubImm', 'logicalShifted', 'branchCond', 'testBranch', 'exclusive', 'dp1', 'dp2', 'addSubCarry']) {
      expect(s.byKind[kind], kind).toBeGreaterThan(3);
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

describe('AArch64 register table', () => {
  it('gives every canonical name of the JSON contract, with w, fp and lr as spellings', async () => {
    const { AARCH64_REGISTERS } = await import('../../../src/isa/aarch64/registers.js');
    expect(AARCH64_REGISTERS.registers.map((r) => r.name)).toEqual([...Array.from({ length: 31 }, (_, i) => `x${i}`), 'sp', 'pc', 'nzcv']);
    expect(AARCH64_REGISTERS.lookup('fp')?.name).toBe('x29');
    expect(AARCH64_REGISTERS.lookup('LR')?.name).toBe('x30');
    expect(AARCH64_REGISTERS.lookup('w7')?.name).toBe('x7');
    expect(AARCH64_REGISTERS.lookup('pstate')?.name).toBe('nzcv');
  });
});
