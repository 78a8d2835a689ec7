/**
 * Soundness of the register read/write sets behind the "depends on unknown" taint, on every
 * distinct instruction of the compiled fixtures: run the instruction from a random state, then
 * again with every register it does not declare as read changed. Its outputs (registers it
 * writes, memory it stores, where it goes next) must not change; and every register it changed
 * must be a declared write.
 */
import { describe, expect, it } from 'vitest';
import { ARCH_INFO, type Arch } from '../../emu/arch.js';
import { disassembleWord } from '../../emu/disasm.js';
import { Engine } from '../../emu/engine.js';
import { defaultRegisterAccess } from '../../emu/register-access.js';
import { registerFile } from '../../emu/registers.js';
import { fixtureFunctions } from './fixtures.js';

const CODE = 0x00400000n;

function words(arch: Arch): number[] {
  const out = new Set<number>();
  for (const fn of Object.values(fixtureFunctions(arch))) {
    const view = new DataView(fn.bytes.buffer, fn.bytes.byteOffset, fn.bytes.length);
    for (let i = 0; i + 4 <= fn.bytes.length; i += 4) out.add(view.getUint32(i, ARCH_INFO[arch].littleEndian));
  }
  return [...out];
}

function prng(seed: number): () => bigint {
  let state = BigInt(seed) | 1n;
  return () => {
    state ^= (state << 13n) & 0xffffffffffffffffn;
    state ^= state >> 7n;
    state ^= (state << 17n) & 0xffffffffffffffffn;
    return state;
  };
}

/** Pages with contents that depend only on their address, so both runs see the same memory. */
function page(pageAddress: bigint): Uint8Array {
  const next = prng(Number(pageAddress >> 12n) + 7);
  const bytes = new Uint8Array(4096);
  for (let i = 0; i < bytes.length; i += 8) new DataView(bytes.buffer).setBigUint64(i, next());
  return bytes;
}

describe.each(['mips32be', 'aarch64'] as const)('%s register access sets', (arch) => {
  it('declare every read and write of the fixture instructions', () => {
    const engine = Engine.open(arch, {
      trace: true,
      memoryProvider: ({ page: at }) => ({ bytes: page(at), provenance: 'unknown' }),
      limits: { maxMappedBytes: 256 * 1024 * 1024 },
    });
    const traced = registerFile(arch).traced.filter((reg) => reg.name !== 'zero');
    const nop = arch === 'aarch64' ? 0xd503201f : 0;
    const random = prng(arch.length * 7919);
    // Register values that are valid, aligned addresses, so loads and stores land somewhere.
    const value = (name: string, current: bigint): bigint => {
      if (name === 'pstate') return (current & 0x0fffffffn) | ((random() & 0xfn) << 28n);
      return 0x10000000n + ((random() & 0xffffffn) << 4n);
    };
    const problems: string[] = [];
    let checked = 0;
    for (const word of words(arch)) {
      const access = defaultRegisterAccess(arch, word);
      if (access === null) continue;
      const bytes = new Uint8Array(16);
      [word, nop, nop, nop].forEach((w, i) => new DataView(bytes.buffer).setUint32(i * 4, w, ARCH_INFO[arch].littleEndian));
      for (let trial = 0; trial < 2; trial++) {
        engine.load(CODE, bytes, 'code');
        const before = engine.registers();
        for (const reg of traced) engine.setReg(reg.name, value(reg.name, before[reg.name] ?? 0n));
        const base = engine.registers();
        const first = engine.run({ begin: CODE, count: 1 });
        if (first.stop.kind !== 'count') continue;
        const out1 = engine.registers();
        const stores1 = engine.trace.flatMap((r) => r.writes.map((w) => `${w.address}:${w.size}:${w.value}`));
        const changed = traced.filter((reg) => out1[reg.name] !== base[reg.name]).map((reg) => reg.name);
        const undeclared = changed.filter((name) => !access.writes.includes(name));
        const text = disassembleWord(arch, word, CODE).text;
        if (undeclared.length > 0) problems.push(`${text}: writes ${undeclared.join(' ')} without declaring it`);
        engine.goTo(0);
        for (const reg of traced) {
          if (!access.reads.includes(reg.name)) engine.setReg(reg.name, value(reg.name, base[reg.name] ?? 0n));
        }
        engine.run({ begin: CODE, count: 1 });
        const out2 = engine.registers();
        const stores2 = engine.trace.flatMap((r) => r.writes.map((w) => `${w.address}:${w.size}:${w.value}`));
        const outputs = new Set([...changed, ...access.writes.filter((name) => traced.some((reg) => reg.name === name)), 'pc']);
        const differ = [...outputs].filter((name) => out1[name] !== out2[name]);
        if (differ.length > 0 || stores1.join() !== stores2.join()) {
          problems.push(`${text}: reads [${access.reads.join(' ')}] but ${differ.join(' ') || 'its stores'} changed with the others`);
        }
        engine.goTo(0);
        checked += 1;
      }
    }
    engine.close();
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(words(arch).length);
  });
});
