/**
 * Printer check against binutils: disassemble random (or given) words with
 * aarch64-linux-gnu-objdump and with our decoder + printer, and count differences by class.
 * Usage: node dist/scripts/objdump-diff-aarch64.js [--count N] [--seed S] [--show K]
 * Prints one JSON summary on its last line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from '../src/isa/aarch64/decode.js';
import { printInsn } from '../src/isa/aarch64/print.js';
import { randomWords } from './random-words.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def; };
const count = opt('--count', 200_000);
const show = opt('--show', 3);
const base = 0x1000n;

const words = randomWords(count, opt('--seed', 1));
const dir = mkdtempSync(join(tmpdir(), 'objdiff-'));
const bin = join(dir, 'words.bin');
const buf = Buffer.alloc(words.length * 4);
words.forEach((w, i) => buf.writeUInt32LE(w, i * 4));
writeFileSync(bin, buf);
const text = execFileSync('aarch64-linux-gnu-objdump', ['-D', '-b', 'binary', '-maarch64', `--adjust-vma=0x${base.toString(16)}`, bin],
  { maxBuffer: 1 << 30, encoding: 'utf8' });
rmSync(dir, { recursive: true });

const byAddr = new Map<number, string>();
for (const line of text.split('\n')) {
  const m = /^\s+([0-9a-f]+):\t[0-9a-f]{8} \t(.*)$/.exec(line);
  if (m) byAddr.set(parseInt(m[1]!, 16), m[2]!.replace(/\s*\/\/.*$/, '').replace(/\s+$/, ''));
}

const classes = new Map<string, { count: number; examples: string[] }>();
let same = 0, bothInvalid = 0, simdGprChecked = 0;
const note = (key: string, example: string) => {
  const c = classes.get(key) ?? { count: 0, examples: [] };
  c.count++;
  if (c.examples.length < show) c.examples.push(example);
  classes.set(key, c);
};
words.forEach((word, idx) => {
  const pc = base + BigInt(idx * 4);
  const theirs = byAddr.get(Number(pc)) ?? '?';
  const insn = decode(word, pc);
  const mine = printInsn(insn);
  const ours = mine.operands ? `${mine.mnemonic}\t${mine.operands}` : mine.mnemonic;
  const theirsInvalid = theirs.startsWith('.inst') || theirs === 'udf' || theirs.startsWith('udf\t');
  // Soundness of the SIMD class decode: a SIMD&FP instruction whose first operand binutils prints as
  // a general register writes it, and the lifter must know (gprDest).
  if (insn.kind === 'simd') {
    const first = /^\S+\t([wx](\d+|zr))\b/.exec(theirs);
    if (first) {
      simdGprChecked++;
      const expected = first[1]!.endsWith('zr') ? 31 : Number(first[2]);
      if (insn.gprDest?.reg !== expected) note(`simd general-register writer missed: ${theirs.split('\t')[0]}`, `${word.toString(16).padStart(8, '0')} objdump '${theirs}'`);
    }
  }
  if (ours === theirs) { same++; return; }
  if (mine.mnemonic === '.inst' && theirsInvalid) { bothInvalid++; return; }
  const key = mine.mnemonic === '.inst' ? `missing ${insn.kind}: ${theirs.split('\t')[0]}`
    : theirsInvalid ? `extra: ${insn.form}` : `differs: ${insn.form} ${mine.mnemonic}/${theirs.split('\t')[0]}`;
  const c = classes.get(key) ?? { count: 0, examples: [] };
  c.count++;
  if (c.examples.length < show) c.examples.push(`${word.toString(16).padStart(8, '0')} ours '${ours}' objdump '${theirs}'`);
  classes.set(key, c);
});
const sorted = [...classes.entries()].sort((a, b) => b[1].count - a[1].count);
for (const [k, v] of sorted) console.log(`${v.count}\t${k}\n\t${v.examples.join('\n\t')}`);
const missed = sorted.filter(([k]) => k.startsWith('simd general-register')).reduce((n, [, v]) => n + v.count, 0);
console.log(JSON.stringify({ words: count, same, bothInvalid, differing: count - same - bothInvalid - missed, classes: sorted.length, simdGprChecked, simdGprMissed: missed }));
