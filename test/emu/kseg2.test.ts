/**
 * MIPS kernel modules run in kseg2 (0xc0000000..): the engine must run code and reach data there
 * and in kseg3 like anywhere else, and report an access to an unmapped kseg2 address as the
 * ordinary fault the kernel prints, not as a TLB exception. The code is the compiled fixture
 * functions (fixtures/emu), placed at kseg2/kseg3 addresses; the reference is the same call at
 * their link address in kuseg.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Arch } from '../../emu/arch.js';
import { Engine } from '../../emu/engine.js';
import { TLB_STUB_ADDRESS } from '../../emu/mips-tlb.js';
import { disassemble } from '../../emu/disasm.js';
import { type Call, DATA, RETURN, callFunction, fixtureFunctions, nodeLayout, nodes, scrambleWords } from './fixtures.js';

const MIPS = ['mips32be', 'mips32le'] as const;
const MODULE_CODE = 0xc0006000n; // where the MIPS fixture kernel placed its first module
const KSEG2_DATA = 0xd0000000n; // the odd half of the first TLB pair
const KSEG3_CODE = 0xe0100000n;
const KSEG3_DATA = 0xfff00000n;

const engines: Engine[] = [];
function track(call: Call): Call {
  engines.push(call.engine);
  return call;
}
afterEach(() => {
  for (const engine of engines.splice(0)) engine.close();
});

const ITEMS: Array<[number, number, number]> = [
  [0x11111111, 3, 1],
  [0xdeadbeef, 7, 0],
  [0x12345678, 0x101, 1],
  [0x0badf00d, 9, 0],
];

describe.each(MIPS)('kseg2/kseg3 on %s', (arch: Arch) => {
  it('the fixture functions moved there branch only pc-relative (no j/jal)', () => {
    for (const [name, fn] of Object.entries(fixtureFunctions(arch))) {
      const mnemonics = disassemble(arch, fn.bytes, fn.address).map((i) => i.mnemonic);
      expect(mnemonics.filter((m) => m === 'j' || m === 'jal'), name).toEqual([]);
    }
  });

  it('runs compiled code in kseg2 walking a list in kseg2', () => {
    const reference = track(callFunction(arch, 'list_sum', [nodes(arch, DATA, ITEMS)]));
    const call = track(callFunction(arch, 'list_sum', [nodes(arch, KSEG2_DATA, ITEMS)], {}, { code: MODULE_CODE, data: KSEG2_DATA }));
    expect(reference.result.stop).toEqual({ kind: 'address', address: RETURN });
    expect(call.result.stop).toEqual({ kind: 'address', address: RETURN });
    expect(call.value).toBe(reference.value);
    expect(call.result.executed).toBe(reference.result.executed);
  });

  it('stores to kseg3 from code in kseg3 land, traced, as in kuseg', () => {
    const input = scrambleWords(arch, 13);
    const reference = track(callFunction(arch, 'scramble', [input, 13n], { trace: true }));
    const call = track(callFunction(arch, 'scramble', [input, 13n], { trace: true }, { code: KSEG3_CODE, data: KSEG3_DATA }));
    expect(call.result.stop).toEqual({ kind: 'address', address: RETURN });
    expect(call.value).toBe(reference.value);
    expect(call.engine.read(KSEG3_DATA, input.length)).toEqual(reference.engine.read(DATA, input.length));
    const writes = call.engine.trace.flatMap((r) => r.writes.map((w) => w.address - KSEG3_DATA));
    expect(writes).toEqual(reference.engine.trace.flatMap((r) => r.writes.map((w) => w.address - DATA)));
    expect(writes.length).toBe(13);
  });

  it('faults on an unmapped kseg2 address with the exact address', () => {
    const bad = 0xdeadbee0n;
    const fn = fixtureFunctions(arch)['second_value'];
    if (fn === undefined) throw new Error('no second_value');
    const call = track(callFunction(arch, 'second_value', [nodes(arch, KSEG2_DATA, [[1, 2, 0]], bad)], {}, { code: MODULE_CODE, data: KSEG2_DATA }));
    const address = bad + BigInt(nodeLayout(arch).value);
    // lw v0,4(v0) is the third instruction.
    expect(call.result.stop).toEqual({
      kind: 'fault',
      fault: { pc: MODULE_CODE + 8n, instructionPc: MODULE_CODE + 8n, delaySlot: false, address, size: 4, access: 'read' },
    });
    expect(call.result.executed).toBe(2);
  });

  for (const mode of ['fast', 'exact', 'traced'] as const) {
    it(`reports a kseg2 fault in the delay slot of jr ra at the branch, as the kernel does (${mode} run)`, () => {
      const bad = 0xc8000000n;
      const engine = Engine.open(arch, { trace: mode === 'traced' });
      engines.push(engine);
      const fn = fixtureFunctions(arch)['next_value'];
      if (fn === undefined) throw new Error('no next_value');
      engine.load(MODULE_CODE, fn.bytes, 'code', 'next_value');
      engine.load(KSEG2_DATA, nodes(arch, KSEG2_DATA, [[1, 2, 0]], bad), 'dump');
      engine.setReg('a0', KSEG2_DATA);
      engine.setReg('ra', RETURN);
      const result = engine.run({ begin: MODULE_CODE, fast: mode === 'fast' });
      expect(result.stop).toEqual({
        kind: 'fault',
        fault: { pc: MODULE_CODE + 4n, instructionPc: MODULE_CODE + 8n, delaySlot: true, address: bad + 4n, size: 4, access: 'read' },
      });
      expect(result.pc).toBe(MODULE_CODE + 4n);
      expect(engine.reg('v0')).toBe(bad);
      if (mode === 'traced') expect(engine.trace.at(-1)?.fault?.address).toBe(bad + 4n);
    });
  }

  it('faults fetching from an unmapped kseg2 address', () => {
    const engine = Engine.open(arch);
    engines.push(engine);
    const fn = fixtureFunctions(arch)['next_value'];
    if (fn === undefined) throw new Error('no next_value');
    engine.load(MODULE_CODE, fn.bytes, 'code', 'next_value');
    engine.load(KSEG2_DATA, nodes(arch, KSEG2_DATA, [[5, 2, 0], [6, 2, 0]]), 'dump');
    engine.setReg('a0', KSEG2_DATA);
    engine.setReg('ra', 0xc7000000n);
    const result = engine.run({ begin: MODULE_CODE });
    expect(result.stop).toEqual({
      kind: 'fault',
      fault: { pc: 0xc7000000n, instructionPc: 0xc7000000n, delaySlot: false, address: 0xc7000000n, size: 4, access: 'fetch' },
    });
    expect(engine.reg('v0')).toBe(6n);
  });

  it('asks the memory provider for kseg2 pages, like any other', () => {
    const asked: bigint[] = [];
    const list = nodes(arch, KSEG2_DATA, ITEMS);
    const call = track(
      callFunction(arch, 'list_sum', [KSEG2_DATA], {
        memoryProvider: (request) => {
          asked.push(request.page);
          return request.page === KSEG2_DATA ? { bytes: list, provenance: 'dump' } : null;
        },
      }, { code: MODULE_CODE }),
    );
    const reference = track(callFunction(arch, 'list_sum', [nodes(arch, DATA, ITEMS)]));
    expect(asked).toEqual([KSEG2_DATA]);
    expect(call.value).toBe(reference.value);
  });

  it('setting up the TLB leaves no trace, registers, memory or code behind', () => {
    const engine = Engine.open(arch, { trace: true });
    engines.push(engine);
    expect(engine.trace).toEqual([]);
    expect(engine.step).toBe(0);
    expect(engine.regions()).toEqual([]);
    expect(Object.values(engine.registers()).every((v) => v === 0n)).toBe(true);
    expect(() => engine.read(TLB_STUB_ADDRESS, 4)).toThrow();
    // Code loaded where the stub ran runs as loaded, not as the stub's cached translation.
    const fn = fixtureFunctions(arch)['next_value'];
    if (fn === undefined) throw new Error('no next_value');
    engine.load(TLB_STUB_ADDRESS, fn.bytes, 'code', 'next_value');
    engine.load(KSEG2_DATA, nodes(arch, KSEG2_DATA, [[5, 2, 0], [0x77, 2, 0]]), 'dump');
    engine.load(RETURN, new Uint8Array(4), 'code');
    engine.setReg('a0', KSEG2_DATA);
    engine.setReg('ra', RETURN);
    const result = engine.run({ begin: TLB_STUB_ADDRESS, until: RETURN });
    expect(result.stop).toEqual({ kind: 'address', address: RETURN });
    expect(engine.reg('v0')).toBe(0x77n);
    expect(engine.trace.map((r) => r.pc)).toEqual([TLB_STUB_ADDRESS, TLB_STUB_ADDRESS + 4n, TLB_STUB_ADDRESS + 8n]);
  });
});
