/**
 * `npm run bench:emu`: instructions per second of one tight loop (a load, a store, arithmetic
 * and a branch) in the engine with no hook and with tracing, beside the same loop under
 * Debian's python3-unicorn with an equivalent Python hook (bench/emu-unicorn.py), on MIPS32 BE
 * and AArch64; then what going back in time costs: a CPU context saved at every step versus
 * replay from a checkpoint. Figures are medians of runs taken in turn; the last line is one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ARCH_INFO } from '../emu/arch.js';
import { Engine } from '../emu/engine.js';

type BenchArch = 'mips32be' | 'aarch64';
const CODE = 0x10000n;
const DATA = 0x20000n;
// Assembled with Debian's cross binutils (see bench/emu-unicorn.py for the same words).
const LOOP: Record<BenchArch, number[]> = {
  // loop: lw t2,0(a0); addiu t0,t0,1; xor t2,t2,t0; sw t2,0(a0); bne t0,t1,loop; addu v0,v0,t2
  mips32be: [0x8c8a0000, 0x25080001, 0x01485026, 0xac8a0000, 0x1509fffb, 0x004a1021],
  // loop: ldr w2,[x4]; add x0,x0,#1; eor w2,w2,w0; str w2,[x4]; cmp x0,x1; b.ne loop
  aarch64: [0xb9400082, 0x91000400, 0x4a000042, 0xb9000082, 0xeb01001f, 0x54ffff61],
};
const RUNS = 5;
const UNTRACED = 5_000_000;
const TRACED = 200_000;
const PYTHON_TRACED = 30_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function loopEngine(arch: BenchArch, options: Parameters<typeof Engine.open>[1]): Engine {
  const engine = Engine.open(arch, options);
  const bytes = new Uint8Array(LOOP[arch].length * 4);
  const view = new DataView(bytes.buffer);
  LOOP[arch].forEach((word, i) => view.setUint32(i * 4, word, ARCH_INFO[arch].littleEndian));
  engine.load(CODE, bytes, 'code');
  engine.load(DATA, new Uint8Array(16), 'dump');
  engine.setReg(arch === 'aarch64' ? 'x4' : 'a0', DATA);
  engine.setReg(arch === 'aarch64' ? 'x1' : 't1', 0xffffffffn);
  return engine;
}

function engineIps(arch: BenchArch, traced: boolean): number {
  const count = traced ? TRACED : UNTRACED;
  const engine = loopEngine(arch, { trace: traced, limits: { maxInstructions: count, maxWallTimeMs: 600_000 } });
  const started = performance.now();
  const result = engine.run({ begin: CODE, fast: !traced });
  const seconds = (performance.now() - started) / 1000;
  const executed = result.executed ?? 0;
  if (result.stop.kind !== 'limit' || executed < count) throw new Error(`loop stopped early: ${JSON.stringify(result.stop)}`);
  if (traced && engine.trace.length < count - 1) throw new Error(`trace has ${engine.trace.length} records`);
  engine.close();
  return executed / seconds;
}

function pythonIps(arch: BenchArch, traced: boolean): number {
  const script = fileURLToPath(new URL('../../bench/emu-unicorn.py', import.meta.url));
  const count = traced ? PYTHON_TRACED : UNTRACED;
  const out = spawnSync('/usr/bin/python3', [script, arch, String(count), traced ? 'trace' : 'none'], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`python3-unicorn failed (install Debian's python3-unicorn): ${out.stderr.trim()}`);
  return (JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}') as { ips: number }).ips;
}

/** Engine and Python samples taken in turn, so a change in machine load hits both alike. */
function sideBySide(arch: BenchArch) {
  const samples = { noHook: [] as number[], traced: [] as number[], pyNoHook: [] as number[], pyTraced: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    samples.noHook.push(engineIps(arch, false));
    samples.pyNoHook.push(pythonIps(arch, false));
    samples.traced.push(engineIps(arch, true));
    samples.pyTraced.push(pythonIps(arch, true));
  }
  const [noHook, traced, pyNoHook, pyTraced] = [samples.noHook, samples.traced, samples.pyNoHook, samples.pyTraced].map(median) as [
    number, number, number, number,
  ];
  return {
    engineNoHookIps: Math.round(noHook),
    engineTracedIps: Math.round(traced),
    pythonNoHookIps: Math.round(pyNoHook),
    pythonTracedIps: Math.round(pyTraced),
    tracedVsPythonTraced: Number((traced / pyTraced).toFixed(2)),
    tracedVsNoHook: Number((traced / noHook).toFixed(4)),
  };
}

/**
 * Trace `steps` instructions with a checkpoint every `interval`, then time goTo: stepping back
 * one stop point at a time from the end (what a debugger's "back" key does) and jumping to
 * scattered earlier steps (whose cost also includes undoing the memory writes in between).
 */
function timeTravel(arch: BenchArch, interval: number, steps: number) {
  const engine = loopEngine(arch, { trace: true, checkpointInterval: interval, limits: { maxWallTimeMs: 600_000 } });
  const started = performance.now();
  engine.run({ begin: CODE, count: steps });
  const recordSeconds = (performance.now() - started) / 1000;
  const back = performance.now();
  let backSteps = 0;
  for (let step = engine.step - 1; backSteps < 200; step--) {
    if (!engine.isStopPoint(step)) continue;
    engine.goTo(step);
    backSteps += 1;
  }
  const stepBackMs = (performance.now() - back) / backSteps;
  let seed = 12345;
  const targets: number[] = [];
  while (targets.length < 40) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const step = seed % steps;
    if (engine.isStopPoint(step)) targets.push(step);
  }
  const jumps = performance.now();
  for (const step of targets) engine.goTo(step);
  const jumpMs = (performance.now() - jumps) / targets.length;
  engine.close();
  return {
    checkpointInterval: interval,
    tracedIps: Math.round(steps / recordSeconds),
    stepBackMs: Number(stepBackMs.toFixed(3)),
    randomJumpMs: Number(jumpMs.toFixed(3)),
  };
}

function main(): void {
  const figures: Record<string, unknown> = {};
  for (const arch of ['mips32be', 'aarch64'] as const) {
    const row = sideBySide(arch);
    console.log(`${arch}: ${JSON.stringify(row)}`);
    figures[arch] = row;
  }
  const travel = [1, 16, 64, 1024, 100_000].map((interval) => timeTravel('mips32be', interval, 20_000));
  for (const row of travel) console.log(`goTo (mips32be, 20000 traced steps): ${JSON.stringify(row)}`);
  figures['goTo'] = travel;
  console.log(JSON.stringify(figures));
}

main();
