/**
 * Decoder oracle: our MIPS decoder against Capstone 5 (through emu's `disassembleWord`). Both sides
 * are reduced to one canonical text: operands split, `$` sigils and memory parentheses removed,
 * numbers parsed, and the aliases either printer may choose (li, move, b, beqz, nop...) contracted
 * the same way, so only real differences in mnemonic or operand values remain.
 */
import { disassembleWord } from '../../emu/index.js';
import { type MipsInsn, decode } from '../../src/isa/mips/decode.js';
import { formatParts } from '../../src/isa/mips/print.js';

export type Endian = 'be' | 'le';

function splitOperands(ops: string): string[] {
  if (ops.trim() === '') return [];
  const out: string[] = [];
  for (const raw of ops.split(',')) {
    const t = raw.trim();
    const mem = /^(.*)\((.*)\)$/.exec(t);
    if (mem) {
      out.push(mem[1]!.trim() === '' ? '0' : mem[1]!.trim(), mem[2]!.trim());
    } else {
      out.push(t);
    }
  }
  return out.map((t) => t.replace(/^\$/, ''));
}

function canonNumber(t: string): string {
  if (/^-?(0x[0-9a-f]+|\d+)$/i.test(t)) {
    const neg = t.startsWith('-');
    const v = BigInt(neg ? t.slice(1) : t);
    return (neg ? -v : v).toString();
  }
  return t;
}

const SYNC_TYPES: Record<string, string> = { sync_wmb: '4', sync_mb: '16', sync_acquire: '17', sync_release: '18', sync_rmb: '19' };

/** Contract the aliases both printers may use, on (mnemonic, operands). */
function contract(m: string, ops: string[]): [string, string[]] {
  const [a, b, c] = ops;
  switch (m) {
    case 'addiu': case 'ori': if (b === 'zero' && ops.length === 3) return ['li', [a!, c!]]; break;
    case 'or': case 'addu': if (c === 'zero') return ['move', [a!, b!]]; break;
    case 'subu': if (b === 'zero') return ['negu', [a!, c!]]; break;
    case 'sub': if (b === 'zero') return ['neg', [a!, c!]]; break;
    case 'beq':
      if (a === 'zero' && b === 'zero') return ['b', [c!]];
      if (b === 'zero') return ['beqz', [a!, c!]];
      break;
    case 'bne': if (b === 'zero') return ['bnez', [a!, c!]]; break;
    case 'bgezal': if (a === 'zero') return ['bal', [b!]]; break;
    case 'jalr': case 'jalr.hb': if (ops.length === 2 && a === 'ra') return [m, [b!]]; break;
    case 'sll': if (a === 'zero' && b === 'zero') {
      if (c === '0') return ['nop', []];
      if (c === '1') return ['ssnop', []];
      if (c === '3') return ['ehb', []];
    } break;
    case 'not': if (ops.length === 2) return ['nor', [a!, b!, 'zero']]; break;
    case 'ror': return ['rotr', ops];
    case 'rorv': return ['rotrv', ops];
    case 'div': case 'divu': if (ops.length === 2) return [m, ['zero', ...ops]]; break;
    case 'sync': if (ops.length === 1 && ops[0] === '0') return ['sync', []]; break;
    default:
      if (SYNC_TYPES[m]) return ['sync', [SYNC_TYPES[m]!]];
  }
  return [m, ops];
}

export function canonical(m: string, ops: string[]): string {
  const [cm, cops] = contract(m, ops.map(canonNumber));
  return `${cm} ${cops.join(',')}`.trim();
}

/** Our side: branch and jump targets are printed as bare hex by objdump convention. */
export function ours(i: MipsInsn): string {
  const [m, text] = formatParts(i);
  const ops = splitOperands(text);
  const syntax = i.enc?.syntax ?? '';
  const isTarget = syntax.endsWith('br') || syntax === 'jt';
  if (isTarget && ops.length > 0) ops[ops.length - 1] = `0x${ops[ops.length - 1]}`;
  if (i.form === 'CFC1' || i.form === 'CTC1') return canonical(m, [ops[0]!, String(i.rd)]);
  if (i.form === 'MFC0' || i.form === 'MTC0') return canonical(m, [ops[0]!, String(i.rd), String(i.word & 7)]);
  return canonical(m, ops);
}

const GPR_NUMBERS = new Map<string, number>([
  'zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7',
  's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 't8', 't9', 'k0', 'k1', 'gp', 'sp', 's8', 'ra',
].map((n, i) => [n, i]));

export function theirs(mnemonic: string, operands: string): string {
  const ops = splitOperands(operands);
  // Capstone prints the trap immediates unsigned; the manual sign-extends them, as objdump prints.
  if (/^t(eq|ne|ge|lt)iu?$/.test(mnemonic) && ops.length === 2) ops[1] = String((Number(ops[1]) << 16) >> 16);
  // Capstone names the CP0 register of mfc0/mtc0 with a GPR name: take its number.
  if ((mnemonic === 'mfc0' || mnemonic === 'mtc0') && ops.length >= 2) {
    const n = GPR_NUMBERS.get(ops[1]!);
    if (n !== undefined) ops[1] = String(n);
    if (ops.length === 2) ops.push('0');
  }
  return canonical(mnemonic, ops);
}

export interface Verdict {
  readonly word: number;
  readonly form: string;
  readonly ours: string;
  readonly theirs: string;
  readonly agree: boolean;
  /** Decoded by class only (COP1, DSP, MSA...): printed as `<class> <word>`, so only validity compares. */
  readonly region: boolean;
}

export function compareWord(word: number, pc: bigint, endian: Endian): Verdict {
  const insn = decode(word, pc);
  const cs = disassembleWord(endian === 'be' ? 'mips32be' : 'mips32le', word, pc);
  const o = insn.enc ? ours(insn) : '(invalid)';
  const t = cs.valid ? theirs(cs.mnemonic, cs.operands) : '(invalid)';
  const region = insn.enc?.syntax === 'raw';
  return { word, form: insn.form, ours: o, theirs: t, agree: o === t, region };
}
