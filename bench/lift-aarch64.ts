/**
 * Lifting throughput of the AArch64 decoder + lifter on the words of real compiled code, repeated:
 * the committed arm64 vmlinux's text by default, or the executable sections of the ELF files given:
 * `npm run bench:lift:aarch64 [-- --count N] [--elf FILE]...`. One JSON line.
 */
import { decode } from '../src/isa/aarch64/decode.js';
import { lift } from '../src/isa/aarch64/lift/index.js';
import { executableWords } from '../scripts/elf-words.js';

const i = process.argv.indexOf('--count');
const count = i >= 0 ? Number(process.argv[i + 1]) : 2_000_000;
const given = process.argv.flatMap((a, k) => (a === '--elf' ? [process.argv[k + 1]!] : []));
// By default the whole text of the committed arm64 Linux 6.1 vmlinux (fixtures/kernels/arm64).
const elves = given.length > 0 ? given : [new URL('../../fixtures/kernels/arm64/vmlinux', import.meta.url).pathname];
const code = elves.flatMap((f) => [...executableWords(f)]);
let statements = 0;
const run = (n: number) => {
  for (let k = 0; k < n; k++) {
    const c = code[k % code.length]!;
    statements += lift(decode(c.word, c.pc)).stmts.length;
  }
};
run(50_000);
const started = performance.now();
const cpu = process.cpuUsage();
run(count);
const seconds = (performance.now() - started) / 1000;
// On a shared machine wall time includes other processes' turns: CPU time is reported beside it.
const used = process.cpuUsage(cpu);
const cpuSeconds = (used.user + used.system) / 1e6;
console.log(JSON.stringify({
  bench: 'lift-aarch64', code: elves.length > 0 ? `${elves.length} ELF files, ${code.length} words` : 'kernel-like.o fixture', instructions: count, seconds: Number(seconds.toFixed(3)), cpuSeconds: Number(cpuSeconds.toFixed(3)),
  instructionsPerSecond: Math.round(count / seconds), instructionsPerCpuSecond: Math.round(count / cpuSeconds),
  statementsPerInstruction: Number((statements / (count + 50_000)).toFixed(2)),
}));
