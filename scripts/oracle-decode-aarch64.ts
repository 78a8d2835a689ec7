/**
 * Decoder oracle: our decode + print against Capstone 5 (emu/disasm.ts) over random words and
 * over the code of given ELF files, operands normalised (numbers by value, case, spacing). Every
 * disagreement falls in a class explained in CLASSES, or counts as unexplained.
 * Usage: node dist/scripts/oracle-decode-aarch64.js [--count N] [--seed S] [--elf FILE]... [--words FILE.bin@0xADDR]... [--show K]
 * Prints one JSON summary on its last line.
 */
import { readFileSync } from 'node:fs';
import { disassembleWord } from '../emu/disasm.js';
import { decode } from '../src/isa/aarch64/decode.js';
import { printInsn } from '../src/isa/aarch64/print.js';
import type { Insn } from '../src/isa/aarch64/types.js';
import { executableWords } from './elf-words.js';
import { randomWords } from './random-words.js';

/** Why the two disassemblers may differ, one entry per class that the runs showed. */
const CLASSES: Readonly<Record<string, string>> = {
  'condition-spelling': 'binutils style cs/cc (ours) where Capstone says hs/lo',
  'w-immediate-sign': 'Capstone prints a 32-bit immediate as negative; equal modulo 2^32',
  'capstone-negated-imm': 'Capstone prints some 64-bit bitmask immediates with a spurious minus sign (same digits as ours)',
  'prfop-unnamed': 'Capstone prints nothing for an unnamed prefetch operation; we print #0x.. as binutils does',
  'sysreg-generic': 'system register outside our name table, printed s<op0>_<op1>_c<n>_c<m>_<op2> as binutils does',
  'orr-mov-alias': 'ORR (immediate) from zr where MoveWidePreferred holds: the manual and binutils print orr, Capstone mov',
  'constrained-unpredictable': 'an encoding the manual calls CONSTRAINED UNPREDICTABLE (writeback into the transferred register, load pair into one register, should-be-one fields not ones): we decode it as binutils does, Capstone rejects some',
  'capstone-ldtr-base': 'Capstone rejects LDTR* whose base register is its destination (no writeback: valid per the manual and binutils)',
  'bfc-lsb-0': 'BFM from zr with lsb 0: the manual (imms < immr fails) and binutils print bfxil, Capstone bfc',
  'sys-alias-newer': 'SYS alias newer than Capstone\'s table (dc cvadp, Armv8.5): we name it as binutils does, Capstone prints sys',
  'system-op0-0': 'MRS/MSR-shaped word with op0 = 0 (unallocated system space): Capstone prints it as mrs/msr s0_..., we and binutils reject it',
  'simd-not-printed': 'SIMD&FP data processing: decoded to its class only (general-register/NZCV writers named), not printed',
  'simd-structure-memory': 'word in the SIMD structure load/store space that Capstone decodes and we do not',
  'sve-sme': 'SVE/SME encodings: not decoded (no SVE in the kernels analysed)',
  'extension': 'instruction of an Armv8.3+ extension not used by the integer kernel code analysed (MTE, MOPS, PAC loads, ...)',
};

const args = process.argv.slice(2);
const opt = (name: string, def: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def; };
const show = opt('--show', 2);

interface Sample { word: number; pc: bigint }
const samples: Sample[] = [];
const base = 0x1000n;
randomWords(opt('--count', 100_000), opt('--seed', 1)).forEach((word, i) => samples.push({ word, pc: base + BigInt(i * 4) }));
args.forEach((a, i) => {
  if (a === '--elf') for (const w of executableWords(args[i + 1]!)) samples.push(w);
  if (a !== '--words') return;
  const [file, at] = args[i + 1]!.split('@') as [string, string];
  const data = readFileSync(file);
  for (let off = 0; off + 4 <= data.length; off += 4) samples.push({ word: data.readUInt32LE(off), pc: BigInt(at) + BigInt(off) });
});

const CONDS: Record<string, string> = { hs: 'cs', lo: 'cc' };
/** binutils writes a register list of 3 or 4 as a range (`{v1.4s-v3.4s}`), Capstone lists it. */
function expandLists(s: string): string {
  return s.replace(/\{v(\d+)\.(\w+)-v(\d+)\.\w+\}/g, (_m, a: string, t: string, b: string) =>
    `{${Array.from({ length: Number(b) - Number(a) + 1 }, (_, k) => `v${Number(a) + k}.${t}`).join(', ')}}`);
}

function normalise(s: string, w32: boolean): string {
  return expandLists(s).toLowerCase()
    .replace(/#?(-?)0x([0-9a-f]+)|#?(-?)\b(\d+)\b/g, (_m, s1: string, h: string, s2: string, d: string) => {
      const v = h !== undefined ? BigInt(`0x${h}`) * (s1 ? -1n : 1n) : BigInt(d) * (s2 ? -1n : 1n);
      return `#${BigInt.asUintN(w32 ? 32 : 64, v).toString(16)}`;
    })
    .replace(/\b(hs|lo)\b/g, (c) => CONDS[c]!)
    .replace(/\s+/g, ' ').trim();
}

/** Decoding space of a word, for words only one side decodes (C4.1 main encoding table). */
function space(word: number): 'simd' | 'simd-structure-memory' | 'sve-sme' | 'other' {
  const op0 = (word >>> 25) & 0xf;
  if (op0 === 0 || op0 === 2) return 'sve-sme';
  if ((op0 & 7) === 7) return 'simd';
  if ((op0 & 5) === 4 && (word & 0xbe000000) === 0x0c000000) return 'simd-structure-memory';
  return 'other';
}

/** Encodings whose use the manual makes CONSTRAINED UNPREDICTABLE, or with should-be-one fields not all ones. */
function constrainedUnpredictable(i: Insn): boolean {
  const w = i.word;
  const rt2 = (w >>> 10) & 31;
  const rs = (w >>> 16) & 31;
  switch (i.kind) {
    case 'loadStore':
      return !i.simd && (i.addr.mode === 'pre' || i.addr.mode === 'post') && i.addr.rn === i.rt;
    case 'loadStorePair':
      return (i.load && i.rt === i.rt2) || (!i.simd && i.addr.mode !== 'offset' && (i.addr.rn === i.rt || i.addr.rn === i.rt2));
    case 'exclusive':
      return (!i.pair && rt2 !== 31) || (i.load && rs !== 31) || (i.pair && i.load && i.rt === i.rt2);
    default:
      return false;
  }
}

function classify(s: Sample): string | null {
  const insn = decode(s.word, s.pc);
  const ours = printInsn(insn);
  const cs = disassembleWord('aarch64', s.word, BigInt.asUintN(32, s.pc));
  const oursValid = ours.mnemonic !== '.inst';
  if (!cs.valid && !oursValid) return null;
  if (!oursValid) {
    const sp = space(s.word);
    if (sp === 'simd') return insn.kind === 'simd' ? 'simd-not-printed' : `unexplained: missing ${cs.mnemonic}`;
    if (sp !== 'other') return sp;
    if (/^(mrs|msr)$/.test(cs.mnemonic) && (s.word & 0xffd80000) >>> 0 === 0xd5000000) return 'system-op0-0';
    return `extension:${cs.mnemonic}`;
  }
  if (!cs.valid && insn.kind === 'loadStore' && insn.op.startsWith('ldtr') && insn.addr.mode === 'offset' && insn.addr.rn === insn.rt) return 'capstone-ldtr-base';
  if (!cs.valid) return constrainedUnpredictable(insn) ? 'constrained-unpredictable' : `unexplained: extra ${insn.form}`;
  // Capstone computes pc-relative targets at the low 32 bits of the address: relocate them.
  const theirs = cs.operands.replace(/#0x([0-9a-f]+)$/, (m, h: string) =>
    /^(b|bl|b\..*|cbn?z|tbn?z|adrp?|ldr|ldrsw|prfm)$/.test(cs.mnemonic) && /(^|, )#0x[0-9a-f]+$/.test(cs.operands) && !cs.operands.includes('[')
      ? `#0x${BigInt.asUintN(64, s.pc - BigInt.asUintN(32, s.pc) + BigInt(`0x${h}`)).toString(16)}` : m);
  if (ours.mnemonic === 'orr' && cs.mnemonic === 'mov') return 'orr-mov-alias';
  if (/^(dc|ic|at|tlbi)$/.test(ours.mnemonic) && cs.mnemonic === 'sys') return 'sys-alias-newer';
  if (ours.mnemonic === 'bfxil' && cs.mnemonic === 'bfc' && insn.kind === 'bitfield' && insn.immr === 0) return 'bfc-lsb-0';
  const mOurs = normalise(ours.mnemonic, false);
  const mTheirs = normalise(cs.mnemonic, false);
  if (mOurs !== mTheirs) return `unexplained: mnemonic ${insn.form} ${ours.mnemonic}/${cs.mnemonic}`;
  const a = normalise(ours.operands, false);
  const b = normalise(theirs, false);
  if (a === b) return ours.mnemonic !== cs.mnemonic || /\b(hs|lo)\b/.test(theirs) ? 'condition-spelling' : 'agree';
  if (/^w/.test(ours.operands) && normalise(ours.operands, true) === normalise(theirs, true)) return 'w-immediate-sign';
  if (theirs.includes('#-') && normalise(theirs.replace(/#-/g, '#'), false) === a) return 'capstone-negated-imm';
  if (/^prf/.test(ours.mnemonic) && theirs.startsWith(',') && a.replace(/^#[0-9a-f]+/, '') === b) return 'prfop-unnamed';
  if (/^(mrs|msr)$/.test(ours.mnemonic) && /s\d_\d_c\d+_c\d+_\d/.test(ours.operands)) return 'sysreg-generic';
  return `unexplained: operands ${insn.form}`;
}

const counts = new Map<string, number>();
const examples = new Map<string, string[]>();
for (const s of samples) {
  const c = classify(s);
  if (c === null) { counts.set('both-invalid', (counts.get('both-invalid') ?? 0) + 1); continue; }
  const key = c.startsWith('extension:') ? 'extension' : c;
  counts.set(key, (counts.get(key) ?? 0) + 1);
  if (c === 'agree') continue;
  const ex = examples.get(c) ?? [];
  if (ex.length < show) {
    const o = printInsn(decode(s.word, s.pc));
    const cs = disassembleWord('aarch64', s.word, BigInt.asUintN(32, s.pc));
    ex.push(`${s.word.toString(16).padStart(8, '0')}: ours '${o.mnemonic} ${o.operands}' capstone '${cs.mnemonic} ${cs.operands}'`);
  }
  examples.set(c, ex);
}
for (const [c, ex] of [...examples].sort()) if (c.startsWith('unexplained') || args.includes('--verbose')) console.log(`${c}\n  ${ex.join('\n  ')}`);
const extensions = [...examples.keys()].filter((k) => k.startsWith('extension:')).map((k) => k.slice(10)).sort();
const unexplained = [...counts].filter(([k]) => k.startsWith('unexplained')).reduce((n, [, v]) => n + v, 0);
console.log(JSON.stringify({
  words: samples.length, agree: counts.get('agree') ?? 0, bothInvalid: counts.get('both-invalid') ?? 0, unexplained,
  classes: Object.fromEntries(Object.keys(CLASSES).map((k) => [k, counts.get(k) ?? 0])), extensionMnemonics: extensions,
}));
