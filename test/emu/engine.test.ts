import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../emu/engine.js';
import type { Arch } from '../../emu/arch.js';
import { code, listing } from './helpers.js';

const engines: Engine[] = [];
function open(arch: Arch, options: Parameters<typeof Engine.open>[1] = {}): Engine {
  const engine = Engine.open(arch, options);
  engines.push(engine);
  return engine;
}
afterEach(() => {
  for (const engine of engines.splice(0)) engine.close();
});

// A load from an unmapped page in the delay slot of a taken branch (assembled with
// mips-linux-gnu-as -march=24kc; the listing check below keeps the words honest).
const SLOT_LOAD = [
  0x3c082000, // lui t0, 0x2000
  0x24020001, // li v0, 1
  0x10000002, // b 0x14
  0x8d090000, // lw t1, 0(t0)      <- delay slot
  0x00000000, // nop
  0x24420005, // addiu v0, v0, 5
  0x24420007, // addiu v0, v0, 7
  0x00000000, // nop
];

describe('MIPS delay-slot fault', () => {
  it('is the program the comments say', () => {
    expect(listing('mips32be', SLOT_LOAD)).toEqual([
      'lui t0, 0x2000', 'li v0, 1', 'b 0x14', 'lw t1, (t0)', 'nop', 'addiu v0, v0, 5', 'addiu v0, v0, 7', 'nop',
    ]);
  });

  for (const arch of ['mips32be', 'mips32le'] as const) {
    for (const mode of ['fast', 'exact', 'traced'] as const) {
      it(`is reported at the branch with delaySlot set (${arch}, ${mode} run)`, () => {
        const engine = open(arch, { trace: mode === 'traced' });
        engine.load(0x10000n, code(arch, SLOT_LOAD), 'code');
        const result = engine.run({ begin: 0x10000n, fast: mode === 'fast' });
        expect(result.stop).toEqual({
          kind: 'fault',
          fault: { pc: 0x10008n, instructionPc: 0x1000cn, delaySlot: true, address: 0x20000000n, size: 4, access: 'read' },
        });
        expect(result.pc).toBe(0x10008n);
        expect(result.executed).toBe(mode === 'fast' ? null : 2);
        expect(engine.reg('v0')).toBe(1n);
        expect(engine.reg('pc')).toBe(0x10008n);
      });
    }
  }

  it('resumes at the branch once the page exists, as the kernel would', () => {
    const engine = open('mips32be');
    engine.load(0x10000n, code('mips32be', SLOT_LOAD), 'code');
    engine.run({ begin: 0x10000n });
    engine.load(0x20000000n, new Uint8Array([0, 0, 0, 9]), 'dump');
    const result = engine.run({ until: 0x1001cn });
    expect(result.stop).toEqual({ kind: 'address', address: 0x1001cn });
    expect(engine.reg('t1')).toBe(9n);
    expect(engine.reg('v0')).toBe(13n);
    expect(result.executed).toBe(4);
  });
});

describe('faults the kernel would report', () => {
  for (const trace of [false, true]) {
    it(`a fetch from an unmapped page in a delay slot is reported at the branch (trace ${trace})`, () => {
      const engine = open('mips32be', { trace });
      // b 0x10000 as the last word of the page; its delay slot is on the next, unmapped page.
      expect(listing('mips32be', [0x1000fc00])).toEqual(['b -0xffc']);
      engine.load(0x10000n, new Uint8Array(0x1000), 'code');
      engine.write(0x10ffcn, code('mips32be', [0x1000fc00]));
      const result = engine.run({ begin: 0x10ff8n });
      expect(result.stop).toEqual({
        kind: 'fault',
        fault: { pc: 0x10ffcn, instructionPc: 0x11000n, delaySlot: true, address: 0x11000n, size: 4, access: 'fetch' },
      });
    });

    it(`a jump to an unmapped address faults at the target, not in a slot (trace ${trace})`, () => {
      const engine = open('mips32le', { trace });
      const words = [0x3c084000, 0x01000008, 0x24020007]; // lui t0, 0x4000; jr t0; li v0, 7
      expect(listing('mips32le', words)).toEqual(['lui t0, 0x4000', 'jr t0', 'li v0, 7']);
      engine.load(0x20000n, code('mips32le', words), 'code');
      const result = engine.run({ begin: 0x20000n });
      expect(result.stop).toEqual({
        kind: 'fault',
        fault: { pc: 0x40000000n, instructionPc: 0x40000000n, delaySlot: false, address: 0x40000000n, size: 4, access: 'fetch' },
      });
      expect(engine.reg('v0')).toBe(7n);
    });

    it(`a store in a delay slot is a write fault at the branch, and stores nothing (trace ${trace})`, () => {
      const engine = open('mips32be', { trace });
      const words = [0x3c082000, 0x24020005, 0x10000002, 0xad020008, 0, 0]; // lui t0,0x2000; li v0,5; b; sw v0,8(t0)
      expect(listing('mips32be', words).slice(2, 4)).toEqual(['b 0x14', 'sw v0, 8(t0)']);
      engine.load(0x10000n, code('mips32be', words), 'code');
      const result = engine.run({ begin: 0x10000n });
      expect(result.stop).toEqual({
        kind: 'fault',
        fault: { pc: 0x10008n, instructionPc: 0x1000cn, delaySlot: true, address: 0x20000008n, size: 4, access: 'write' },
      });
      if (trace) {
        const last = engine.trace[engine.trace.length - 1];
        expect(last?.fault?.pc).toBe(0x10008n);
        expect(last?.writes).toEqual([]);
      }
    });

    it(`an AArch64 load from a bad kernel pointer is exact to 64 bits (trace ${trace})`, () => {
      const engine = open('aarch64', { trace });
      const words = [0xd2bbd5a1, 0xf9400c20]; // mov x1, #0xdead0000; ldr x0, [x1, #24]
      expect(listing('aarch64', words)).toEqual(['mov x1, #0xdead0000', 'ldr x0, [x1, #0x18]']);
      const pc = 0xffffffc010123ff8n;
      engine.load(pc, code('aarch64', words), 'code');
      engine.setReg('x0', 0xffff000012345678n);
      const result = engine.run({ begin: pc });
      expect(result.stop).toEqual({
        kind: 'fault',
        fault: { pc: pc + 4n, instructionPc: pc + 4n, delaySlot: false, address: 0xdead0018n, size: 8, access: 'read' },
      });
      expect(engine.reg('x0')).toBe(0xffff000012345678n);
      expect(engine.pc).toBe(pc + 4n);
    });
  }
});

describe('AArch64 CPU model', () => {
  it('runs the LSE atomics and RCpc loads current kernels use, then stops at brk (BUG)', () => {
    const engine = open('aarch64', { trace: true });
    // mov x3, #0x10000000; mov w0, #5; ldadd w0, w2, [x3]; ldapr w4, [x3]; casal w5, w6, [x3]; brk #0x800
    const words = [0xd2a20003, 0x528000a0, 0xb8200062, 0xb8bfc064, 0x88e5fc66, 0xd4210000];
    expect(listing('aarch64', words).slice(2)).toEqual(['ldadd w0, w2, [x3]', 'ldapr w4, [x3]', 'casal w5, w6, [x3]', 'brk #0x800']);
    engine.load(0x1000n, code('aarch64', words), 'code');
    engine.load(0x10000000n, new Uint8Array([40, 0, 0, 0]), 'dump');
    engine.setReg('x5', 45n);
    engine.setReg('x6', 99n);
    const result = engine.run({ begin: 0x1000n });
    expect(result.stop.kind).toBe('exception');
    if (result.stop.kind === 'exception') expect(result.stop.pc).toBe(0x1014n);
    expect(engine.reg('x2')).toBe(40n);
    expect(engine.reg('x4')).toBe(45n);
    expect(engine.reg('x5')).toBe(45n);
    expect(engine.read(0x10000000n, 4)).toEqual(new Uint8Array([99, 0, 0, 0]));
    expect(result.executed).toBe(5);
    // Capstone's register sets are corrected for these: ldadd writes w2 and reads w0.
    const ldadd = engine.trace[2];
    expect(ldadd?.registerWrites.map((w) => w.name)).toEqual(['x2']);
  });

  for (const trace of [false, true]) {
    it(`stops at MIPS break (BUG) and syscall with the pc of the instruction (trace ${trace})`, () => {
      for (const raising of [0x0000000d, 0x0000000c]) {
        const engine = open('mips32be', { trace });
        engine.load(0x10000n, code('mips32be', [0x24020001, raising, 0x24020002]), 'code'); // li v0, 1; break|syscall
        const result = engine.run({ begin: 0x10000n });
        expect(result.stop).toMatchObject({ kind: 'exception', pc: 0x10004n });
        expect(result.executed).toBe(1);
        expect(engine.reg('v0')).toBe(1n);
      }
    });
  }

  it('stops at a MIPS conditional trap exactly when the code hook runs', () => {
    const engine = open('mips32be', { trace: true });
    engine.load(0x10000n, code('mips32be', [0x24020001, 0x00a001f4, 0x24020002]), 'code'); // li v0,1; teq a1,zero,7
    expect(engine.run({ begin: 0x10000n }).stop).toMatchObject({ kind: 'exception', pc: 0x10004n });
  });
});

describe('lazy memory', () => {
  it('asks the provider for each page the guest touches and records its provenance', () => {
    const asked: bigint[] = [];
    const engine = open('mips32be', {
      trace: true,
      memoryProvider: (request) => {
        asked.push(request.page);
        if (request.page === 0x20001000n) return null;
        const bytes = new Uint8Array(8);
        bytes[3] = Number(request.page >> 12n) & 0xff;
        return { bytes, provenance: 'reconstructed', label: 'test' };
      },
    });
    // lui t0, 0x2000; lw t1, 0(t0); lw t2, 4(t0); lw t3, 0x1000(t0)
    const words = [0x3c082000, 0x8d090000, 0x8d0a0004, 0x8d0b1000];
    engine.load(0x10000n, code('mips32be', words), 'code');
    const result = engine.run({ begin: 0x10000n });
    expect(asked).toEqual([0x20000000n, 0x20001000n]);
    expect(engine.reg('t1')).toBe(0x00n);
    expect(result.stop.kind).toBe('fault');
    if (result.stop.kind === 'fault') expect(result.stop.fault.address).toBe(0x20001000n);
    expect(engine.regionAt(0x20000004n)?.provenance).toBe('reconstructed');
    expect(engine.regionAt(0x10000n)?.provenance).toBe('code');
    // Bytes the provider gave are known; the rest of its page is unknown.
    expect(engine.isMemoryUnknown(0x20000000n, 8)).toBe(false);
    expect(engine.isMemoryUnknown(0x20000008n, 4)).toBe(true);
    expect(engine.isUnknown('t1')).toBe(false);
  });
});

describe('limits on untrusted code', () => {
  const LOOP = [0x1000ffff, 0]; // b . ; nop
  for (const trace of [false, true]) {
    it(`ends a runaway loop at the instruction limit (trace ${trace})`, () => {
      const engine = open('mips32be', { trace, limits: { maxInstructions: 1000 } });
      engine.load(0x10000n, code('mips32be', LOOP), 'code');
      const result = engine.run({ begin: 0x10000n, fast: !trace });
      expect(result.stop).toMatchObject({ kind: 'limit', limit: 'instructions' });
      if (result.stop.kind === 'limit') expect(result.stop.message).toMatch(/maxInstructions/);
      expect(result.executed).toBeGreaterThanOrEqual(1000);
      expect(result.executed).toBeLessThanOrEqual(1001);
    });

    it(`ends a runaway loop at the time limit (trace ${trace})`, () => {
      const engine = open('aarch64', { trace, limits: { maxInstructions: 1e12, maxWallTimeMs: 100 } });
      engine.load(0x10000n, code('aarch64', [0x14000000]), 'code'); // b .
      const started = performance.now();
      const result = engine.run({ begin: 0x10000n, fast: !trace });
      expect(result.stop).toMatchObject({ kind: 'limit', limit: 'time' });
      expect(performance.now() - started).toBeLessThan(10_000);
    });

    it(`ends a run that keeps mapping memory at the memory limit (trace ${trace})`, () => {
      const engine = open('mips32be', {
        trace,
        limits: { maxMappedBytes: 64 * 1024 },
        memoryProvider: () => ({ bytes: new Uint8Array(0), provenance: 'unknown' }),
      });
      // lui t0, 0x2000; loop: lw t1, 0(t0); b loop; addiu t0, t0, 0x1000
      const words = [0x3c082000, 0x8d090000, 0x1000fffe, 0x25081000];
      expect(listing('mips32be', words).slice(1)).toEqual(['lw t1, (t0)', 'b 4', 'addiu t0, t0, 0x1000']);
      engine.load(0x10000n, code('mips32be', words), 'code');
      const result = engine.run({ begin: 0x10000n });
      expect(result.stop).toMatchObject({ kind: 'limit', limit: 'memory' });
      expect(result.pc).toBe(0x10004n);
      expect(engine.mappedBytes).toBeLessThanOrEqual(64 * 1024);
    });
  }

  it('refuses to map past the memory limit up front, and huge ranges without looping over them', () => {
    const engine = open('aarch64', { limits: { maxMappedBytes: 8192 } });
    expect(() => engine.map(0n, 3 * 4096)).toThrow(/mapped-memory limit/);
    engine.map(0n, 8192);
    expect(() => engine.map(0x10000n, 4096)).toThrow(/mapped-memory limit/);
    const huge = open('aarch64');
    expect(() => huge.map(0n, 2 ** 50)).toThrow(/larger than the mapped-memory limit/);
    expect(() => huge.setMemoryUnknown(0n, 2 ** 52)).toThrow(/larger than the mapped-memory limit/);
  });
});

describe('bad input never takes the process down', () => {
  it('rejects unknown registers, oversized values and bad counts with a UserError', () => {
    const engine = open('mips32be');
    expect(() => engine.reg('x0')).toThrow(/no register named "x0"/);
    expect(() => engine.setReg('v0', 1n << 32n)).toThrow(/does not fit v0/);
    expect(() => engine.run({ count: -1 })).toThrow(/bad instruction count/);
    expect(() => engine.map(0xfffff000n, 0x2000)).toThrow(/outside the mips32be address space/);
    expect(() => Engine.open('aarch64', { limits: { maxInstructions: 0 } })).toThrow(/maxInstructions/);
    expect(() => engine.goTo(0)).toThrow(/trace: true/);
    expect(() => engine.run({ fast: true, count: 3 })).toThrow(/fast run cannot count/);
    expect(() => Engine.open('mips64' as Arch)).toThrow(/unknown machine "mips64"/);
  });

  it('knows registers by canonical name and alias', () => {
    const engine = open('aarch64');
    engine.setReg('lr', 0x1234n);
    expect(engine.reg('x30')).toBe(0x1234n);
    engine.setReg('fp', 0xffffffffffffffffn);
    expect(engine.reg('x29')).toBe(0xffffffffffffffffn);
    const mips = open('mips32le');
    mips.setReg('fp', 7n);
    expect(mips.reg('s8')).toBe(7n);
    expect(mips.reg('$30')).toBe(7n);
    expect(mips.reg('status')).toBeTypeOf('bigint');
    expect(Object.keys(mips.registers())).toEqual([
      'zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7',
      's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 't8', 't9', 'k0', 'k1', 'gp', 'sp', 's8', 'ra', 'hi', 'lo', 'pc',
    ]);
  });

  it('rethrows an exception from a hook after stopping, and stays usable', () => {
    let fail = true;
    const engine = open('mips32be', {
      memoryProvider: () => {
        if (fail) throw new Error('provider exploded');
        return { bytes: new Uint8Array([0, 0, 0, 42]), provenance: 'dump' };
      },
    });
    engine.load(0x10000n, code('mips32be', [0x3c082000, 0x8d090000, 0]), 'code'); // lui t0,0x2000; lw t1,0(t0)
    expect(() => engine.run({ begin: 0x10000n, count: 3 })).toThrow('provider exploded');
    fail = false;
    const result = engine.run({ begin: 0x10000n, count: 3 });
    expect(result.stop.kind).toBe('count');
    expect(engine.reg('t1')).toBe(42n);
  });

  it('throws after close instead of touching freed memory', () => {
    const engine = Engine.open('mips32be');
    engine.close();
    engine.close();
    expect(() => engine.reg('v0')).toThrow(/after close/);
  });
});

describe('rewriting code', () => {
  it('runs the new instructions, not Unicorn\'s stale translation', () => {
    const engine = open('mips32be');
    engine.load(0x10000n, code('mips32be', [0x24020001, 0]), 'code'); // li v0, 1
    engine.run({ begin: 0x10000n, count: 1 });
    expect(engine.reg('v0')).toBe(1n);
    engine.write(0x10000n, code('mips32be', [0x24020002])); // li v0, 2
    engine.run({ begin: 0x10000n, count: 1 });
    expect(engine.reg('v0')).toBe(2n);
  });
});
