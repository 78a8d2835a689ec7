/**
 * `report` speed on a function of 2,000+ instructions: dev_ethtool (2262 instructions) of the MIPS
 * 24Kc Linux 6.1 kernel, from its objdump listing (bench/fixtures, made by make-report-fixture.sh).
 * The oops is constructed for timing, not taken from a crash: the fault is put at the function's last
 * load through a0 (`lw v0,240(a0)` at 0x802f32d0) with a0 = 0x78000000. Node start-up is excluded;
 * one JSON object on the last line.
 */
import { readFileSync } from 'node:fs';
import { parseOops } from '../src/oops/index.js';
import { analyse } from '../src/pipeline.js';

const listing = readFileSync(new URL('../../bench/fixtures/mips-dev_ethtool.objdump.txt', import.meta.url), 'utf8');
const regs = (base: number, values: string[]): string => `$${String(base).padEnd(2)}  : ${values.join(' ')}`;
const oops = [
  'CPU 0 Unable to handle kernel paging request at virtual address 780000f0, epc == 802f32d0, ra == 802f1234',
  'Oops[#1]:',
  'CPU: 0 PID: 1 Comm: bench Not tainted 6.1.0 #1',
  regs(0, ['00000000', '00000001', '00000000', '00000001']),
  regs(4, ['78000000', '87690108', '00000000', '81102390']),
  regs(8, ['00000000', '00000000', '00000000', '00000000']),
  regs(12, ['00000000', '0a010801', '00000000', '0a010801']),
  regs(16, ['876900c0', '87690c00', '00000001', '87323e18']),
  regs(20, ['0000fec0', '00000052', '80430000', '876900c0']),
  regs(24, ['00000000', '803f5e80']),
  regs(28, ['87c44000', '87c459a0', '85ab94c8', '802f1234']),
  'Hi    : 0000000b',
  'Lo    : 3db83e48',
  'epc   : 802f32d0 dev_ethtool+0x2324/0x2358',
  'ra    : 802f1234 dev_ethtool+0x288/0x2358',
  'Status: 1000fc03 KERNEL EXL IE',
  'Cause : 00800008 (ExcCode 02)',
  'BadVA : 780000f0',
  'PrId  : 00019374 (MIPS 24Kc)',
  'Call Trace:',
  '[<802f32d0>] dev_ethtool+0x2324/0x2358',
].join('\n');

const crash = parseOops(oops);
const inputs = { listing: { text: listing, name: 'mips-dev_ethtool.objdump.txt' }, endian: 'big' as const };
const runs: number[] = [];
let result = analyse(crash, inputs);
for (let i = 0; i < 7; i++) {
  const t = process.hrtime.bigint();
  result = analyse(parseOops(oops), inputs);
  runs.push(Number(process.hrtime.bigint() - t) / 1e6);
}
runs.sort((a, b) => a - b);
const instructions = result.code.instructions.size;
const median = runs[Math.floor(runs.length / 2)]!;
console.log(`dev_ethtool: ${instructions} instructions, ${result.reconstruction.paths.length} paths examined, origin ${result.report.origin.kind} at ${result.report.origin.pc}, replay reproduced: ${result.report.replay.reproduced}`);
console.log(JSON.stringify({ benchmark: 'report', instructions, paths: result.reconstruction.paths.length, msMedian: Number(median.toFixed(1)), msMin: Number(runs[0]!.toFixed(1)), msMax: Number(runs.at(-1)!.toFixed(1)), goalMs: 500 }));
