import { afterEach, describe, expect, it } from 'vitest';
import type { Arch } from '../../emu/arch.js';
import { ARCH_INFO } from '../../emu/arch.js';
import type { Engine } from '../../emu/engine.js';
import type { TraceRecord } from '../../emu/types.js';
import { DATA, callFunction, fixtureFunctions, nodeLayout, nodes, scrambleWords } from './fixtures.js';

const ARCHES = ['mips32be', 'mips32le', 'aarch64'] as const;
const engines: Engine[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.close();
});

/** Registers and data bytes at every trace position, rebuilt from the records alone. */
function replayModel(arch: Arch, records: readonly TraceRecord[], registers: Record<string, bigint>, memory: Uint8Array) {
  const little = ARCH_INFO[arch].littleEndian;
  const regs = { ...registers };
  const mem = memory.slice();
  const states: Array<{ regs: Record<string, bigint>; mem: Uint8Array }> = [{ regs: { ...regs }, mem: mem.slice() }];
  const load = (address: bigint, size: number): bigint => {
    let value = 0n;
    for (let i = 0; i < size; i++) {
      const byte = BigInt(mem[Number(address - DATA) + (little ? size - 1 - i : i)] ?? 0);
      value = (value << 8n) | byte;
    }
    return value;
  };
  for (const record of records) {
    for (const read of record.reads) {
      if (read.address >= DATA && read.address < DATA + BigInt(mem.length)) expect(read.value).toBe(load(read.address, read.size));
    }
    for (const write of record.registerWrites) {
      expect(write.old).toBe(regs[write.name]);
      regs[write.name] = write.value;
    }
    for (const write of record.writes) {
      if (write.address < DATA || write.address >= DATA + BigInt(mem.length)) continue;
      for (let i = 0; i < write.size; i++) {
        const shift = BigInt(8 * (little ? i : write.size - 1 - i));
        mem[Number(write.address - DATA) + i] = Number((write.value >> shift) & 0xffn);
      }
    }
    regs['pc'] = record.pc;
    states.push({ regs: { ...regs }, mem: mem.slice() });
  }
  return states;
}

describe.each(ARCHES)('%s trace', (arch) => {
  const n = 12;
  function traced(checkpointInterval: number) {
    const input = scrambleWords(arch, n);
    const call = callFunction(arch, 'scramble', [input, BigInt(n)], { trace: true, checkpointInterval });
    engines.push(call.engine);
    return { ...call, input };
  }

  it('records every instruction with exact register and memory effects', () => {
    const { engine, result, input } = traced(64);
    const records = engine.trace;
    expect(result.stop.kind).toBe('address');
    expect(records).toHaveLength(result.executed ?? -1);
    const fn = fixtureFunctions(arch)['scramble'];
    if (fn === undefined) throw new Error('no scramble');
    for (const record of records) {
      const offset = Number(record.pc - fn.address);
      const bytes = fn.bytes.subarray(offset, offset + 4);
      expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, ARCH_INFO[arch].littleEndian)).toBe(record.word);
    }
    expect(records.filter((r) => r.writes.length > 0)).toHaveLength(n);
    // Rebuild the state from the first record's "old" values: it must end where the engine is.
    const initial: Record<string, bigint> = {};
    for (const record of [...records].reverse()) for (const w of record.registerWrites) initial[w.name] = w.old;
    const final = engine.registers();
    const states = replayModel(arch, records, { ...final, ...initial }, input);
    const last = states[states.length - 1];
    for (const [name, value] of Object.entries(last?.regs ?? {})) if (name !== 'pc') expect(final[name]).toBe(value);
    expect(engine.read(DATA, input.length)).toEqual(last?.mem);
  });

  it.each([1, 7, 64])('goes back and forth to any step exactly (checkpoint every %i)', (interval) => {
    const { engine, input } = traced(interval);
    const records = engine.trace;
    const end = engine.step;
    expect(end).toBe(records.length);
    const finalRegs = engine.registers();
    const initial: Record<string, bigint> = {};
    for (const record of [...records].reverse()) for (const w of record.registerWrites) initial[w.name] = w.old;
    const states = replayModel(arch, records, { ...finalRegs, ...initial }, input);
    const targets = [0, 1, 5, Math.floor(end / 2), end - 1, 3, end, 2, Math.floor(end / 3)];
    for (const wanted of targets) {
      const step = engine.isStopPoint(wanted) ? wanted : wanted - 1;
      engine.goTo(step);
      expect(engine.step).toBe(step);
      const state = states[step];
      const regs = engine.registers();
      for (const [name, value] of Object.entries(state?.regs ?? {})) {
        if (name === 'pc') continue;
        expect(regs[name], `${name} at step ${step}`).toBe(value);
      }
      expect(engine.pc).toBe(records[step]?.pc ?? finalRegs['pc']);
      expect(engine.read(DATA, input.length), `memory at step ${step}`).toEqual(state?.mem);
    }
    // Running on from an earlier step re-records the same future.
    engine.goTo(4);
    const again = engine.run({ until: 0x7ffe0000n });
    expect(again.stop.kind).toBe('address');
    expect(engine.trace).toHaveLength(records.length);
    expect(engine.registers()).toEqual(finalRegs);
  });

  it('refuses a position inside a branch delay slot, and positions past the end', () => {
    const { engine } = traced(64);
    const slot = engine.trace.findIndex((r) => r.delaySlot);
    if (arch === 'aarch64') expect(slot).toBe(-1);
    else {
      expect(slot).toBeGreaterThan(0);
      expect(engine.isStopPoint(slot)).toBe(false);
      expect(() => engine.goTo(slot)).toThrow(/delay slot/);
    }
    expect(() => engine.goTo(engine.trace.length + 1)).toThrow(/not a stop point/);
  });
});

describe.each(ARCHES)('%s taint: "depends on unknown"', (arch) => {
  const layout = nodeLayout(arch);
  const items: Array<[number, number, number]> = [[1, 2, 1], [5, 3, 0], [7, 7, 1]];
  /** list_sum over three nodes; with `poison`, rewound to the call and run again after marking inputs unknown. */
  function listSum(poison: ((engine: Engine) => void) | null) {
    const call = callFunction(arch, 'list_sum', [nodes(arch, DATA, items)], { trace: true });
    engines.push(call.engine);
    if (poison === null) return call;
    const entry = call.engine.trace[0]?.pc;
    if (entry === undefined) throw new Error('empty trace');
    call.engine.goTo(0);
    poison(call.engine);
    return { engine: call.engine, result: call.engine.run({ begin: entry, until: 0x7ffe0000n }) };
  }

  it('knows a result computed only from known memory', () => {
    const { engine, result } = listSum(null);
    expect(result.stop.kind).toBe('address');
    expect(engine.isUnknown(arch === 'aarch64' ? 'x0' : 'v0')).toBe(false);
    expect(engine.trace.some((r) => r.unknownInput)).toBe(false);
  });

  it('marks the result unknown when a summed field is unknown, and says which load read it', () => {
    const field = DATA + BigInt(layout.size * 2 + layout.value);
    const { engine } = listSum((e) => e.setMemoryUnknown(field, 4));
    const ret = arch === 'aarch64' ? 'x0' : 'v0';
    expect(engine.isUnknown(ret)).toBe(true);
    const loads = engine.trace.filter((r) => r.reads.some((read) => read.unknown));
    expect(loads.length).toBeGreaterThan(0);
    expect(loads.every((r) => r.reads.some((read) => read.address === field))).toBe(true);
    const final = engine.trace.flatMap((r) => r.registerWrites).filter((w) => w.name === ret).pop();
    expect(final?.tainted).toBe(true);
  });

  it('marks values loaded through an unknown pointer as unknown', () => {
    const arg = arch === 'aarch64' ? 'x0' : 'a0';
    const { engine } = listSum((e) => e.setUnknown(arg));
    expect(engine.isUnknown(arch === 'aarch64' ? 'x0' : 'v0')).toBe(true);
  });

  it('lets a known overwrite clear an unknown register', () => {
    const scratch = arch === 'aarch64' ? 'x9' : 't9';
    const { engine } = listSum((e) => e.setUnknown(arch === 'aarch64' ? 'x15' : 'k0'));
    expect(engine.isUnknown(arch === 'aarch64' ? 'x0' : 'v0')).toBe(false);
    expect(engine.unknownRegisters()).toEqual([arch === 'aarch64' ? 'x15' : 'k0']);
    expect(engine.isUnknown(scratch)).toBe(false);
  });
});

describe('a traced fault in a delay slot', () => {
  it('ends the trace at the branch, and replays to the same fault', () => {
    const arch = 'mips32be';
    const node = nodes(arch, DATA, [[1, 1, 0]], 0x40000000n);
    const call = callFunction(arch, 'next_value', [node], { trace: true, checkpointInterval: 1 });
    engines.push(call.engine);
    const { engine, result } = call;
    if (result.stop.kind !== 'fault') throw new Error(`expected a fault, got ${result.stop.kind}`);
    const fault = result.stop.fault;
    const records = engine.trace;
    const last = records[records.length - 1];
    expect(last?.fault).toEqual(fault);
    expect(last?.delaySlot).toBe(true);
    expect(engine.step).toBe(records.length - 2);
    expect(records[engine.step]?.pc).toBe(fault.pc);
    expect(engine.isStopPoint(engine.step)).toBe(true);
    expect(engine.isStopPoint(engine.step + 1)).toBe(false);
    engine.goTo(0);
    engine.goTo(records.length - 2);
    expect(engine.pc).toBe(fault.pc);
    const again = engine.run();
    expect(again.stop).toEqual(result.stop);
    expect(engine.trace).toHaveLength(records.length);
  });
});

describe.each(ARCHES)('%s: the replay question "does the bad address depend on unknown memory?"', (arch) => {
  it('marks the faulting load\'s base as unknown when the pointer came from unknown memory', () => {
    const node = nodes(arch, DATA, [[1, 1, 0]], 0x40000000n);
    const call = callFunction(arch, 'next_value', [node], { trace: true });
    engines.push(call.engine);
    const { engine } = call;
    const entry = engine.trace[0]?.pc;
    if (entry === undefined) throw new Error('empty trace');
    engine.goTo(0);
    engine.setMemoryUnknown(DATA, nodeLayout(arch).pointer); // n->next was not in the dump
    const result = engine.run({ begin: entry });
    if (result.stop.kind !== 'fault') throw new Error(`expected a fault, got ${result.stop.kind}`);
    const records = engine.trace;
    const faulting = records[records.length - 1];
    expect(faulting?.fault?.address).toBe(0x40000000n + BigInt(nodeLayout(arch).value));
    expect(faulting?.unknownInput).toBe(true);
    const load = records.find((r) => r.reads.some((read) => read.address === DATA));
    expect(load?.reads[0]?.unknown).toBe(true);
    expect(load?.registerWrites.every((w) => w.tainted)).toBe(true);
  });
});
