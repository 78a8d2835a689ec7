/**
 * `report` speed on a function of 2,000+ instructions: dev_ethtool (2262 instructions) of the MIPS
 * 24Kc Linux 6.1 kernel, from its objdump listing (bench/fixtures, made by make-report-fixture.sh) and
 * from the vmlinux of the same build (fixtures/kernels/mips, whose .rodata resolves its jump tables).
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

const vmlinux = new URL('../../fixtures/kernels/mips/vmlinux', import.meta.url).pathname;

/** Seven timed runs after a warm-up, Node start-up excluded. */
function timed(inputs: Parameters<typeof analyse>[1]) {
  let result = analyse(parseOops(oops), inputs);
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = process.hrtime.bigint();
    result = analyse(parseOops(oops), inputs);
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  runs.sort((a, b) => a - b);
  const r = result.report;
  console.log(`dev_ethtool from the ${inputs.listing !== undefined ? 'listing' : 'vmlinux'}: ${result.code.instructions.size} instructions, ${result.reconstruction.paths.length} paths examined, origin ${r.origin.kind} at ${r.origin.pc}, replay reproduced: ${r.replay.reproduced}`);
  return {
    instructions: result.code.instructions.size,
    paths: result.reconstruction.paths.length,
    msMedian: Number(runs[Math.floor(runs.length / 2)]!.toFixed(1)), msMin: Number(runs[0]!.toFixed(1)), msMax: Number(runs.at(-1)!.toFixed(1)),
  };
}

// The listing has no .rodata: its switch jumps stay unresolved. The vmlinux (the same build) has it,
// so the jump tables are resolved there: that costs time and opens paths.
const fromListing = timed({ listing: { text: listing, name: 'mips-dev_ethtool.objdump.txt' }, endian: 'big' });
const fromVmlinux = timed({ vmlinux });
console.log(JSON.stringify({ benchmark: 'report', function: 'dev_ethtool', listing: fromListing, vmlinux: fromVmlinux, goalMs: 500 }));
