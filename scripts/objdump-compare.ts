/**
 * `npm run oracle:objdump -- FILE`: compare our MIPS disassembly text with binutils'
 * `mips-linux-gnu-objdump -d FILE` line by line (objdump's ` <symbol+off>` suffix dropped). Lines where
 * objdump dumps data inside text are counted apart. Last line: one JSON summary.
 */
import { execFileSync } from 'node:child_process';
import { UserError } from '../src/errors.js';
import { decode, formatInsn } from '../src/isa/mips/index.js';

const file = process.argv[2];
if (!file) throw new UserError('usage: npm run oracle:objdump -- FILE (a MIPS ELF)');
let listing: string;
try {
  listing = execFileSync('mips-linux-gnu-objdump', ['-d', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
} catch {
  throw new UserError('mips-linux-gnu-objdump failed: install binutils-mips-linux-gnu and give a MIPS ELF');
}
let lines = 0, agree = 0, dataLines = 0;
const classes = new Map<string, { count: number; example: string }>();
for (const line of listing.split('\n')) {
  const m = /^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*?)\s*$/.exec(line);
  if (!m) continue;
  const theirs = m[3]!.replace(/ <[^>]*>$/, '');
  // objdump shows jump tables and other data in text as hex words plus ASCII.
  if (/^[0-9a-f]{8} /.test(theirs)) { dataLines++; continue; }
  lines++;
  const ours = formatInsn(decode(parseInt(m[2]!, 16), BigInt(`0x${m[1]}`)));
  if (ours === theirs) { agree++; continue; }
  const key = `${theirs.split('\t')[0]} / ${ours.split('\t')[0]}`;
  const c = classes.get(key) ?? { count: 0, example: `${m[2]}: objdump "${theirs}" ours "${ours}"` };
  c.count++;
  classes.set(key, c);
}
const sorted = [...classes].sort((a, b) => b[1].count - a[1].count);
for (const [, c] of sorted.slice(0, 40)) console.log(`${String(c.count).padStart(7)}  ${c.example}`);
console.log(JSON.stringify({ file, lines, agree, disagree: lines - agree, dataLines, classes: Object.fromEntries(sorted.map(([k, c]) => [k, c.count])) }));
