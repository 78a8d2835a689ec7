/**
 * `npm run oracle:decoder -- [--count N] [--seed S] [--endian be|le] [FILE.o ...]`: compare our MIPS
 * decoder with Capstone over the .text words of the given objects and N random words. Disagreements are
 * grouped by class (our form -> Capstone's mnemonic). Last line: one JSON summary.
 */
import { readFileSync } from 'node:fs';
import { compareWord, type Endian } from './oracle/mips-capstone.js';
import { textWords } from './elf-text.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : def;
}

const count = Number(arg('--count', '1000000'));
let seed = Number(arg('--seed', '1')) >>> 0 || 1;
const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
const next = (): number => {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed;
};

interface ClassStats { count: number; example: { word: string; ours: string; capstone: string } }
const classes = new Map<string, ClassStats>();
let total = 0;
let agree = 0;
let bothInvalid = 0;

function check(word: number, pc: bigint, endian: Endian): void {
  const v = compareWord(word, pc, endian);
  total++;
  if (v.agree) {
    agree++;
    if (v.ours === '(invalid)') bothInvalid++;
    return;
  }
  // Class-decoded regions (COP1, DSP...) are printed by class, so one class key covers all mnemonics.
  const theirs = v.theirs === '(invalid)' ? '(invalid)' : v.region ? '(valid)' : v.theirs.split(' ')[0];
  const key = `${v.form} -> ${theirs}`;
  const c = classes.get(key);
  if (c) c.count++;
  else classes.set(key, { count: 1, example: { word: `0x${word.toString(16).padStart(8, '0')}`, ours: v.ours, capstone: v.theirs } });
}

const endianArg = arg('--endian', 'be') as Endian;
let fileWords = 0;
for (const f of files) {
  const { words, endian, address } = textWords(readFileSync(f));
  words.forEach((w, i) => check(w, address + BigInt(i * 4), endian));
  fileWords += words.length;
}
for (let i = 0; i < count; i++) check(next(), 0x80000000n + BigInt((i % 0x100000) * 4), endianArg);

const sorted = [...classes.entries()].sort((a, b) => b[1].count - a[1].count);
for (const [k, c] of sorted.slice(0, 60)) console.log(`${String(c.count).padStart(8)}  ${k}   e.g. ${c.example.word}: ours "${c.example.ours}" capstone "${c.example.capstone}"`);
console.log(JSON.stringify({
  arch: 'mips', endian: endianArg, fileWords, randomWords: count, total, agree, bothInvalid,
  disagree: total - agree, classes: Object.fromEntries(sorted.map(([k, c]) => [k, c.count])),
}));
