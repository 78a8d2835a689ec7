/**
 * `npm run bench:lift -- [vmlinux]`: decode + lift throughput over a whole MIPS vmlinux text
 * (default: the factory's committed fixtures/kernels/mips/vmlinux). Lifts every word once per round, three
 * rounds after a warm-up; reports the best round. Last line: one JSON object.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { UserError } from '../src/errors.js';
import { decode, lift } from '../src/isa/mips/index.js';
import { executableSections } from './elf-text.js';

const file = process.argv[2] ?? new URL('../../fixtures/kernels/mips/vmlinux', import.meta.url).pathname;
let bytes: Buffer;
try {
  bytes = readFileSync(file);
} catch {
  throw new UserError(`cannot read ${file}: give the path of a MIPS vmlinux`);
}
const { endian, sections } = executableSections(bytes);
const words = sections.flatMap((s) => s.words.map((w, i) => [w, s.address + BigInt(i * 4)] as const));

/** Wall time and this process's CPU time (the latter is what other jobs on a loaded machine do not inflate). */
function round(): { seconds: number; cpuSeconds: number; statements: number } {
  const t = performance.now();
  const c = process.cpuUsage();
  let statements = 0;
  for (const [w, pc] of words) statements += lift(decode(w, pc), endian).stmts.length;
  const cpu = process.cpuUsage(c);
  return { seconds: (performance.now() - t) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, statements };
}

round();
const rounds = [round(), round(), round()];
const best = Math.min(...rounds.map((r) => r.seconds));
const bestCpu = Math.min(...rounds.map((r) => r.cpuSeconds));
console.log(JSON.stringify({
  bench: 'lift', arch: 'mips', file, endian, instructions: words.length, statements: rounds[0]!.statements,
  bestSeconds: Math.round(best * 1000) / 1000, instructionsPerSecond: Math.round(words.length / best),
  instructionsPerCpuSecond: Math.round(words.length / bestCpu),
  // The figure depends on what else the machine runs: report its load with it.
  cpus: cpus().length, loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
}));
