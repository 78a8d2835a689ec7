/**
 * MIPS kernel modules run in kseg2 (0xc0000000..): the engine must run code and reach data there
 * and in kseg3 like anywhere else, and report an access to an unmapped kseg2 address as the
 * ordinary fault the kernel prints, not as a TLB exception. The code is the compiled fixture
 * functions (fixtures/emu), placed at kseg2/kseg3 addresses; the reference is the same call at
 * their link address in kuseg.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Arch } from '../../emu/arch.js';
import { Engine } from '../../emu/engine.js';
import { STUB_ADDRESS } from '../../emu/mips-tlb.js';
import { disassemble } from '../../emu/disasm.js';
import { type Call, DATA, FIXTURES, RETURN, callFunction, fixtureFunctions, nodeLayout, nodes, scrambleWords } from './fixtures.js';

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
    expect(() => engine.read(STUB_ADDRESS, 4)).toThrow();
    // Code loaded where the stub ran runs as loaded, not as the stub's cached translation.
    const fn = fixtureFunctions(arch)['next_value'];
    if (fn === undefined) throw new Error('no next_value');
    engine.load(STUB_ADDRESS, fn.bytes, 'code', 'next_value');
    engine.load(KSEG2_DATA, nodes(arch, KSEG2_DATA, [[5, 2, 0], [0x77, 2, 0]]), 'dump');
    engine.load(RETURN, new Uint8Array(4), 'code');
    engine.setReg('a0', KSEG2_DATA);
    engine.setReg('ra', RETURN);
    const result = engine.run({ begin: STUB_ADDRESS, until: RETURN });
    expect(result.stop).toEqual({ kind: 'address', address: RETURN });
    expect(engine.reg('v0')).toBe(0x77n);
    expect(engine.trace.map((r) => r.pc)).toEqual([STUB_ADDRESS, STUB_ADDRESS + 4n, STUB_ADDRESS + 8n]);
  });
});

/** fixtures/emu/tlb: compiled functions that drop the TLB entry of a pointer, then use it. */
function tlbFunction(arch: Arch, name: string): Uint8Array {
  const json = JSON.parse(readFileSync(new URL(`tlb/tlb-${arch}.json`, FIXTURES), 'utf8')) as {
    functions: Record<string, { bytes: string }>;
  };
  const fn = json.functions[name];
  if (fn === undefined) throw new Error(`no ${name} in tlb-${arch}.json`);
  return Uint8Array.from(Buffer.from(fn.bytes, 'hex'));
}

const KUSEG_CODE = 0x00400000n;

describe.each(MIPS)('a TLB exception on %s (guest code dropped the kseg2 entry)', (arch: Arch) => {
  function start(name: string, args: readonly bigint[], mode: 'fast' | 'exact' | 'traced' = 'exact') {
    const engine = Engine.open(arch, { trace: mode === 'traced' });
    engines.push(engine);
    const bytes = tlbFunction(arch, name);
    engine.load(KUSEG_CODE, bytes, 'code', name);
    engine.load(RETURN, new Uint8Array(16), 'code', 'return trampoline');
    engine.map(0x7ffe0000n - 0x10000n, 0x10000, 'unknown', 'stack');
    engine.load(KSEG2_DATA, new Uint8Array(0x100).fill(0x5a), 'dump');
    args.forEach((value, i) => engine.setReg(`a${i}`, value));
    engine.setReg('sp', 0x7ffe0000n - 0x100n);
    engine.setReg('ra', RETURN);
    const result = engine.run({ begin: KUSEG_CODE, fast: mode === 'fast' });
    const at = (offset: number) => disassemble(arch, bytes.subarray(offset, offset + 4), KUSEG_CODE + BigInt(offset))[0];
    return { engine, result, at };
  }

  it('a load through the dropped entry faults at its exact address, not as CPU exception 26', () => {
    const { result, at } = start('drop_then_load', [KSEG2_DATA + 0x10n, 5n]);
    expect(`${at(0x4c)?.mnemonic} ${at(0x4c)?.operands}`).toBe('lw v0, (a0)');
    expect(result.stop).toEqual({
      kind: 'fault',
      fault: { pc: KUSEG_CODE + 0x4cn, instructionPc: KUSEG_CODE + 0x4cn, delaySlot: false, address: KSEG2_DATA + 0x24n, size: 4, access: 'read' },
    });
    expect(result.pc).toBe(KUSEG_CODE + 0x4cn);
  });

  it('a store through it faults as a write and stores nothing', () => {
    const { engine, result, at } = start('drop_then_store', [KSEG2_DATA + 0x40n, 7n], 'traced');
    expect(`${at(0x48)?.mnemonic} ${at(0x48)?.operands}`).toBe('sw a1, 0xc(a0)');
    expect(result.stop).toEqual({
      kind: 'fault',
      fault: { pc: KUSEG_CODE + 0x48n, instructionPc: KUSEG_CODE + 0x48n, delaySlot: false, address: KSEG2_DATA + 0x4cn, size: 4, access: 'write' },
    });
    expect(engine.read(KSEG2_DATA + 0x4cn, 8)).toEqual(new Uint8Array(8).fill(0x5a));
    const last = engine.trace.at(-1);
    expect(last?.pc).toBe(KUSEG_CODE + 0x48n);
    expect(last?.writes).toEqual([]);
    expect(last?.fault?.access).toBe('write');
  });

  for (const mode of ['exact', 'traced'] as const) {
    it(`a load in the delay slot of jr ra is reported at the branch with delaySlot set (${mode} run)`, () => {
      const { engine, result, at } = start('drop_then_tail_load', [KSEG2_DATA], mode);
      expect(`${at(0x44)?.mnemonic} ${at(0x44)?.operands}`).toBe('jr ra');
      expect(`${at(0x48)?.mnemonic} ${at(0x48)?.operands}`).toBe('lw v0, 8(a0)');
      expect(result.stop).toEqual({
        kind: 'fault',
        fault: { pc: KUSEG_CODE + 0x44n, instructionPc: KUSEG_CODE + 0x48n, delaySlot: true, address: KSEG2_DATA + 8n, size: 4, access: 'read' },
      });
      expect(result.pc).toBe(KUSEG_CODE + 0x44n);
      expect(engine.reg('pc')).toBe(KUSEG_CODE + 0x44n);
      expect(result.executed).toBe(0x44 / 4); // everything before the branch, which runs again at EPC
      if (mode === 'traced') {
        expect(engine.trace.at(-1)?.fault?.instructionPc).toBe(KUSEG_CODE + 0x48n);
        expect(engine.step).toBe(0x44 / 4);
      }
    });
  }

  it('a fast run, which does not know its last instruction, reports the address and an unknown pc', () => {
    const { result } = start('drop_then_tail_load', [KSEG2_DATA], 'fast');
    expect(result.stop).toEqual({
      kind: 'exception',
      pc: null,
      message: `TLB exception 26 (no TLB entry for 0x${(KSEG2_DATA + 8n).toString(16)}) raised at an unknown pc (fast run)`,
    });
  });

  it('reading BadVAddr leaves guest code on the first stub page alone', () => {
    const engine = Engine.open(arch);
    engines.push(engine);
    const bytes = tlbFunction(arch, 'drop_then_load');
    engine.load(STUB_ADDRESS, bytes, 'code', 'drop_then_load');
    engine.load(KSEG2_DATA, new Uint8Array(0x100), 'dump');
    engine.setReg('a0', KSEG2_DATA);
    engine.setReg('a1', 3n);
    const first = engine.run({ begin: STUB_ADDRESS });
    expect(first.stop).toMatchObject({ kind: 'fault', fault: { pc: STUB_ADDRESS + 0x4cn, address: KSEG2_DATA + 12n } });
    expect(engine.read(STUB_ADDRESS, bytes.length)).toEqual(bytes);
    engine.setReg('a0', KSEG2_DATA); // the first run advanced it to &p[3]
    engine.setReg('a1', 5n);
    const again = engine.run({ begin: STUB_ADDRESS });
    expect(again.stop).toMatchObject({ kind: 'fault', fault: { pc: STUB_ADDRESS + 0x4cn, address: KSEG2_DATA + 20n } });
  });

  it('a call into a page whose entry was dropped faults fetching the callee', () => {
    const callee = KSEG3_CODE;
    const { result } = start('drop_then_call', [callee]);
    expect(result.stop).toEqual({
      kind: 'fault',
      fault: { pc: callee, instructionPc: callee, delaySlot: false, address: callee, size: 4, access: 'fetch' },
    });
  });
});
