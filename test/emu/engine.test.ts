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
      'lui t0, 0x2000', 'addiu v0, zero, 1', 'b 0x14', 'lw t1, (t0)', 'nop', 'addiu v0, v0, 5', 'addiu v0, v0, 7', 'nop',
    ]);
  });

  for (const arch of ['mips32be', 'mips32le'] as const) {
    for (const trace of [false, true]) {
      it(`is reported at the branch with delaySlot set (${arch}, trace ${trace})`, () => {
        const engine = open(arch, { trace });
        engine.load(0x10000n, code(arch, SLOT_LOAD), 'code');
        const result = engine.run({ begin: 0x10000n });
        expect(result.stop).toEqual({
          kind: 'fault',
          fault: { pc: 0x10008n, instructionPc: 0x1000cn, delaySlot: true, address: 0x20000000n, size: 4, access: 'read', kind: 'unmapped' },
        });
        expect(result.pc).toBe(0x10008n);
        expect(result.executed).toBe(2);
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
