/**
 * The engine against a second, independent emulator: the same compiled functions run under
 * qemu-user (Debian qemu-user: qemu-mips, qemu-mipsel, qemu-aarch64) from the static test
 * programs, and in the engine from the bytes in the symbol table. Results and faults must agree.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Arch } from '../../emu/arch.js';
import type { Engine } from '../../emu/engine.js';
import { type Argument, type Call, DATA, FIXTURES, callFunction, nodes, scrambleWords } from './fixtures.js';

const QEMU: Record<Arch, string> = { mips32be: 'qemu-mips', mips32le: 'qemu-mipsel', aarch64: 'qemu-aarch64' };

/** qemu's output line for each (arch, call), from a few processes started up front. */
const outputs = new Map<string, string>();
function qemu(arch: Arch, args: readonly string[]): string {
  const output = outputs.get(JSON.stringify([arch, args]));
  if (output === undefined) throw new Error(`qemu was not run for ${arch} ${args.join(' ')}`);
  return output;
}

/** One process runs many calls (separated by "--" for the harness), one output line each. */
async function runQemu(arch: Arch, calls: ReadonlyArray<readonly string[]>): Promise<void> {
  const program = fileURLToPath(new URL(`funcs-${arch}`, FIXTURES));
  const args = calls.flatMap((call, i) => (i === 0 ? [...call] : ['--', ...call]));
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(QEMU[arch], [program, ...args], { encoding: 'utf8', timeout: 30_000 }));
  } catch (error) {
    throw new Error(`${QEMU[arch]} could not run (${(error as Error).message}): install Debian's qemu-user`);
  }
  const lines = stdout.trim().split('\n');
  if (lines.length !== calls.length) throw new Error(`${QEMU[arch]} printed ${lines.length} lines for ${calls.length} calls`);
  calls.forEach((call, i) => outputs.set(JSON.stringify([arch, call]), lines[i] as string));
}

interface Case {
  readonly name: string;
  readonly qemuArgs: readonly string[];
  readonly fn: string;
  readonly args: (arch: Arch) => Argument[];
}

const bytes = Uint8Array.from({ length: 200 }, (_, i) => (i * 37 + 11) & 0xff);
const list: Array<[number, number, number]> = [
  [1, 2, 1], [5, 3, 0], [7, 7, 1], [0xfffffff0, 0xffff, 1], [0x12345678, 9, 0], [3, 65535, 1],
];

const CASES: Case[] = [
  { name: 'checksum of 200 bytes', qemuArgs: ['checksum', Buffer.from(bytes).toString('hex')], fn: 'checksum', args: () => [bytes, 200n] },
  { name: 'checksum of nothing', qemuArgs: ['checksum', ''], fn: 'checksum', args: () => [new Uint8Array(1), 0n] },
  {
    name: 'list walk',
    qemuArgs: ['list', ...list.map((n) => n.join(':'))],
    fn: 'list_sum',
    args: (arch) => [nodes(arch, DATA, list)],
  },
  ...([[-100, 7], [2147483647, -3], [5, 0], [-2147483648, -1], [123456, 1000]] as const).map(([a, b]) => ({
    name: `divmod ${a} ${b}`,
    qemuArgs: ['divmod', String(a), String(b)],
    fn: 'divmod',
    args: () => [BigInt(a), BigInt(b)],
  })),
  ...([40, 1, 0] as const).map((n) => ({
    name: `scramble ${n} words in place`,
    qemuArgs: ['scramble', String(n)],
    fn: 'scramble',
    args: (arch: Arch) => [scrambleWords(arch, n), BigInt(n)],
  })),
  ...([0x12345678, 0, 0xffffffff, 0x80000001] as const).map((x) => ({
    name: `bits 0x${x.toString(16)}`,
    qemuArgs: ['bits', `0x${x.toString(16)}`],
    fn: 'bits',
    args: () => [BigInt(x)],
  })),
];

function parseQemu(output: string): { result?: bigint; pc?: bigint; address?: bigint } {
  const result = /^result (0x[0-9a-f]+)$/.exec(output);
  if (result !== null) return { result: BigInt(result[1] as string) };
  const fault = /^fault pc=(0x[0-9a-f]+) addr=(0x[0-9a-f]+)$/.exec(output);
  if (fault !== null) return { pc: BigInt(fault[1] as string), address: BigInt(fault[2] as string) };
  throw new Error(`unexpected qemu output: ${output}`);
}

const ARCHES = ['mips32be', 'mips32le', 'aarch64'] as const;
const FAULT_POINTERS = [0x40000000n, 0n];

beforeAll(async () => {
  const runs: Array<Promise<void>> = [];
  for (const arch of ARCHES) {
    runs.push(runQemu(arch, CASES.map((c) => c.qemuArgs)));
    // A fault ends the process: one per bad pointer.
    for (const bad of FAULT_POINTERS) runs.push(runQemu(arch, [['next_value', `0x${bad.toString(16)}`]]));
  }
  await Promise.all(runs);
}, 60_000);

const open: Engine[] = [];
function call(arch: Arch, fn: string, args: Argument[], trace: boolean): Call {
  const done = callFunction(arch, fn, args, { trace });
  open.push(done.engine);
  return done;
}
afterAll(() => {
  for (const engine of open.splice(0)) engine.close();
});

describe.each(ARCHES)('%s: engine agrees with qemu-user', (arch) => {
  it.each(CASES)('$name', ({ qemuArgs, fn, args }) => {
    const expected = parseQemu(qemu(arch, qemuArgs));
    expect(expected.result).toBeDefined();
    // Traced, so the tracer is shown not to change what runs (the engine tests cover untraced runs).
    const { result, value } = call(arch, fn, args(arch), true);
    expect(result.stop.kind).toBe('address');
    expect(value).toBe(expected.result);
  });

  it.each(FAULT_POINTERS)('faults like the kernel on next = 0x%s', (bad) => {
    const expected = parseQemu(qemu(arch, ['next_value', `0x${bad.toString(16)}`]));
    expect(expected.pc).toBeDefined();
    const json = JSON.parse(readFileSync(new URL(`funcs-${arch}.json`, FIXTURES), 'utf8')) as {
      functions: { next_value: { address: string } };
    };
    const fns = BigInt(json.functions.next_value.address);
    for (const trace of [false, true]) {
      const node = nodes(arch, DATA, [[1, 1, 0]], bad);
      const { result } = call(arch, 'next_value', [node], trace);
      if (result.stop.kind !== 'fault') throw new Error(`expected a fault, got ${result.stop.kind}`);
      const fault = result.stop.fault;
      // qemu-user's signal frame holds the kernel's EPC: the branch, for a fault in a delay slot.
      expect(fault.pc).toBe(expected.pc);
      expect(fault.address).toBe(expected.address);
      expect(fault.access).toBe('read');
      expect(fault.delaySlot).toBe(arch !== 'aarch64');
      expect(fault.instructionPc).toBe(arch === 'aarch64' ? fault.pc : fault.pc + 4n);
      expect(fault.pc >= fns && fault.pc < fns + 12n).toBe(true);
    }
  });
});
