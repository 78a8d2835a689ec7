/** The compiled functions of fixtures/emu (see its README) and a way to call them in the engine. */
import { readFileSync } from 'node:fs';
import { ARCH_INFO, type Arch } from '../../emu/arch.js';
import { Engine } from '../../emu/engine.js';
import type { EngineOptions, RunResult } from '../../emu/types.js';

export const FIXTURES = new URL('../../fixtures/emu/', import.meta.url);

export interface FixtureFunction {
  readonly address: bigint;
  readonly bytes: Uint8Array;
}

export function fixtureFunctions(arch: Arch): Record<string, FixtureFunction> {
  const json = JSON.parse(readFileSync(new URL(`funcs-${arch}.json`, FIXTURES), 'utf8')) as {
    functions: Record<string, { address: string; bytes: string }>;
  };
  const out: Record<string, FixtureFunction> = {};
  for (const [name, fn] of Object.entries(json.functions)) {
    out[name] = { address: BigInt(fn.address), bytes: Uint8Array.from(Buffer.from(fn.bytes, 'hex')) };
  }
  return out;
}

/** Addresses for the call frame; none overlaps the functions at 0x400000. */
export const DATA = 0x10000000n;
const STACK_TOP = 0x7fff0000n;
export const RETURN = 0x7ffe0000n;

/** An argument: a number, or bytes the engine places in memory and passes by address. */
export type Argument = bigint | Uint8Array;

export interface Call {
  readonly engine: Engine;
  readonly result: RunResult;
  /** v0 / x0, low 32 bits (the fixture functions return 32-bit values). */
  readonly value: bigint;
}

/** Where a call places the function and its byte arguments (default: its link address, DATA). */
export interface Placement {
  readonly code?: bigint;
  readonly data?: bigint;
}

/**
 * Calls `name` with `args` the way the ABI does (MIPS o32: a0-a3, AArch64: x0-x7), returning to
 * a stop address. Byte arguments are laid out one after another from DATA (or `at.data`); the
 * function's bytes go to its link address (or `at.code`: the fixture functions are leaves whose
 * branches are pc-relative, so they run anywhere).
 */
export function callFunction(arch: Arch, name: string, args: readonly Argument[], options: EngineOptions = {}, at: Placement = {}): Call {
  const fn = fixtureFunctions(arch)[name];
  if (fn === undefined) throw new Error(`no fixture function ${name} for ${arch}`);
  const address = at.code ?? fn.address;
  const engine = Engine.open(arch, options);
  engine.load(address, fn.bytes, 'code', name);
  engine.load(RETURN, new Uint8Array(16), 'code', 'return trampoline');
  engine.map(STACK_TOP - 0x10000n, 0x10000, 'unknown', 'stack');
  let data = at.data ?? DATA;
  const argRegs = arch === 'aarch64' ? ['x0', 'x1', 'x2', 'x3'] : ['a0', 'a1', 'a2', 'a3'];
  args.forEach((arg, i) => {
    let value = arg;
    if (arg instanceof Uint8Array) {
      engine.load(data, arg, 'dump', `argument ${i}`);
      value = data;
      data += (BigInt(arg.length) + 0xfffn) & ~0xfffn;
      data += 0x1000n;
    }
    engine.setReg(argRegs[i] as string, BigInt.asUintN(ARCH_INFO[arch].addressBits, value as bigint));
  });
  engine.setReg('sp', STACK_TOP - 0x100n);
  engine.setReg(arch === 'aarch64' ? 'x30' : 'ra', RETURN);
  if (arch !== 'aarch64') engine.setReg('t9', address);
  const result = engine.run({ begin: address, until: RETURN });
  const value = engine.reg(arch === 'aarch64' ? 'x0' : 'v0') & 0xffffffffn;
  return { engine, result, value };
}

/** struct node { struct node *next; uint32_t value; uint16_t weight; uint8_t flags; } in guest layout. */
export function nodeLayout(arch: Arch): { size: number; value: number; weight: number; flags: number; pointer: 4 | 8 } {
  return arch === 'aarch64'
    ? { size: 16, value: 8, weight: 12, flags: 14, pointer: 8 }
    : { size: 12, value: 4, weight: 8, flags: 10, pointer: 4 };
}

/** An array of nodes at `base`, each `next` pointing to the following one (the last to `last`). */
export function nodes(arch: Arch, base: bigint, items: ReadonlyArray<[number, number, number]>, last = 0n): Uint8Array {
  const layout = nodeLayout(arch);
  const little = ARCH_INFO[arch].littleEndian;
  const bytes = new Uint8Array(items.length * layout.size);
  const view = new DataView(bytes.buffer);
  items.forEach(([value, weight, flags], i) => {
    const at = i * layout.size;
    const next = i + 1 < items.length ? base + BigInt((i + 1) * layout.size) : last;
    if (layout.pointer === 8) view.setBigUint64(at, next, little);
    else view.setUint32(at, Number(next), little);
    view.setUint32(at + layout.value, value >>> 0, little);
    view.setUint16(at + layout.weight, weight, little);
    view.setUint8(at + layout.flags, flags);
  });
  return bytes;
}

/** The harness's scramble input: p[i] = i * 0x9e3779b9 (at least one word, so it has an address). */
export function scrambleWords(arch: Arch, n: number): Uint8Array {
  const bytes = new Uint8Array(Math.max(n, 1) * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) view.setUint32(i * 4, Math.imul(i, 0x9e3779b9) >>> 0, ARCH_INFO[arch].littleEndian);
  return bytes;
}
