/**
 * Random MIPS instruction sequences for the differential fuzz: words built from the encodings'
 * bit strings with random fields, constrained so that the sequence stays runnable: base registers
 * (s0-s3, sp) always point into the data page and are never written, branches jump forward inside
 * the sequence, and a delay slot never holds another branch.
 */
import { ENCODINGS, type Encoding, fixedBits } from '../../src/isa/mips/encodings.js';
import { decode, hasDelaySlot } from '../../src/isa/mips/decode.js';
import { lift } from '../../src/isa/mips/lift/index.js';
import { xorshift } from '../xorshift.js';

export const BASE_REGS = [16, 17, 18, 19, 29];
const BASE_NAMES = new Set(['s0', 's1', 's2', 's3', 'sp']);

/** Forms the fuzz runs: every user-mode integer instruction the lifter states precisely. */
const FUZZ_FORMS = new Set([
  'SLL', 'SRL', 'SRA', 'ROTR', 'SLLV', 'SRLV', 'SRAV', 'ROTRV', 'MOVZ', 'MOVN',
  'MFHI', 'MTHI', 'MFLO', 'MTLO', 'MULT', 'MULTU', 'DIV', 'DIVU', 'MADD', 'MADDU', 'MSUB', 'MSUBU', 'MUL',
  'ADD', 'ADDU', 'SUB', 'SUBU', 'AND', 'OR', 'XOR', 'NOR', 'SLT', 'SLTU',
  'ADDI', 'ADDIU', 'SLTI', 'SLTIU', 'ANDI', 'ORI', 'XORI', 'LUI', 'CLZ', 'CLO',
  'EXT', 'INS', 'WSBH', 'SEB', 'SEH',
  'LB', 'LBU', 'LH', 'LHU', 'LW', 'LWL', 'LWR', 'SB', 'SH', 'SW', 'SWL', 'SWR', 'LL', 'SC',
  'TGE', 'TGEU', 'TLT', 'TLTU', 'TEQ', 'TNE', 'TGEI', 'TGEIU', 'TLTI', 'TLTIU', 'TEQI', 'TNEI',
  'BEQ', 'BNE', 'BLEZ', 'BGTZ', 'BLTZ', 'BGEZ', 'BLTZAL', 'BGEZAL',
  'BEQL', 'BNEL', 'BLEZL', 'BGTZL', 'BLTZL', 'BGEZL', 'BLTZALL', 'BGEZALL', 'J', 'JAL',
  'SYNC', 'PREF',
]);

const ENCS: readonly (Encoding & { mask: number; match: number })[] = ENCODINGS
  .filter((e) => FUZZ_FORMS.has(e.form))
  .map((e) => ({ ...e, ...fixedBits(e.bits) }));

export function formsFuzzed(): string[] {
  return [...new Set(ENCS.map((e) => e.form))];
}

export type Rng = () => number;

export { xorshift };

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[r() % xs.length]!;

function setField(word: number, lo: number, bits: number, value: number): number {
  const m = ((1 << bits) - 1) << lo;
  return ((word & ~m) | ((value << lo) & m)) >>> 0;
}

/** One random word of `enc` placed at index `at` of a sequence of `length` words starting at `base`. */
function instance(r: Rng, enc: Encoding & { mask: number; match: number }, at: number, length: number, base: number): number {
  let w = ((r() & ~enc.mask) | enc.match) >>> 0;
  const { group, form, syntax } = enc;
  if (group === 'load' || group === 'store' || form === 'PREF') {
    w = setField(w, 21, 5, pick(r, BASE_REGS));
    // Mostly aligned offsets within +-0x100 of the base, sometimes misaligned.
    const size = /^(LWL|LWR|SWL|SWR)$/.test(form) ? 1 : /W|LL|SC/.test(form) ? 4 : /H/.test(form) ? 2 : 1;
    let off = ((r() % 0x200) - 0x100) & ~(size - 1);
    // QEMU (Unicorn) checks SC's alignment only when the link matches, so a misaligned SC after no LL
    // does not raise the address error the manual requires: SC stays aligned here.
    if (r() % 16 === 0 && form !== 'SC') off += r() % 4;
    w = setField(w, 0, 16, off & 0xffff);
  }
  if (syntax.endsWith('br')) {
    const room = length - at - 2; // the slot is at + 1; the target may be the end of the sequence
    const words = room <= 0 ? 0 : r() % (Math.min(room, 6) + 1);
    w = setField(w, 0, 16, words); // target = slot + 4*words
  }
  if (form === 'J' || form === 'JAL') {
    const room = Math.max(0, length - at - 2);
    const target = base + 4 * (at + 2 + (room === 0 ? 0 : r() % Math.min(room + 1, 6)));
    w = setField(w, 0, 26, (target >>> 2) & 0x3ffffff);
  }
  return w;
}

function writesBase(word: number): boolean {
  const stmts = lift(decode(word, 0n), 'be').stmts;
  return stmts.some((s) => s.kind === 'assign' && BASE_NAMES.has(s.dst));
}

/** A runnable random sequence of `length` words for code at `base`. */
export function randomSequence(r: Rng, length: number, base: number): number[] {
  const out: number[] = [];
  while (out.length < length) {
    const at = out.length;
    const prevBranch = at > 0 && hasDelaySlot(decode(out[at - 1]!, 0n));
    let w: number;
    for (;;) {
      const enc = pick(r, ENCS);
      // Traps end a sequence: draw them less often.
      if (enc.group === 'trap' && r() % 4 !== 0) continue;
      w = instance(r, enc, at, length, base);
      const isBranch = hasDelaySlot(decode(w, 0n));
      if (isBranch && (prevBranch || at >= length - 1)) continue;
      if (writesBase(w)) continue;
      break;
    }
    out.push(w);
  }
  return out;
}
