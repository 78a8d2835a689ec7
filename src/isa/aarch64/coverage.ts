/**
 * How much of a body of code the lifter expresses exactly: per printed mnemonic, how many
 * instructions lift precisely and how many through an opaque statement (and why).
 */
import { decode } from './decode.js';
import { lift } from './lift/index.js';
import { printInsn } from './print.js';

export interface CoverageRow {
  readonly mnemonic: string;
  /** SIMD&FP data processing rows are not integer instructions (their vector results are not modelled). */
  readonly integer: boolean;
  precise: number;
  opaque: number;
  /** Reasons given by the opaque statements, with counts. */
  readonly reasons: Record<string, number>;
}

export interface Coverage {
  total: number;
  precise: number;
  opaque: number;
  /** Integer instructions only (SIMD&FP data processing excluded). */
  integerTotal: number;
  integerPrecise: number;
  rows: CoverageRow[];
}

export function liftCoverage(code: Iterable<{ readonly word: number; readonly pc: bigint }>): Coverage {
  const rows = new Map<string, CoverageRow>();
  const out: Coverage = { total: 0, precise: 0, opaque: 0, integerTotal: 0, integerPrecise: 0, rows: [] };
  for (const { word, pc } of code) {
    const insn = decode(word, pc);
    const lifted = lift(insn);
    const integer = insn.kind !== 'simd';
    const mnemonic = insn.kind === 'simd' ? `simd:${insn.form}` : insn.kind === 'unknown' ? 'unknown' : printInsn(insn).mnemonic;
    let row = rows.get(mnemonic);
    if (!row) { row = { mnemonic, integer, precise: 0, opaque: 0, reasons: {} }; rows.set(mnemonic, row); }
    out.total++;
    if (integer) out.integerTotal++;
    if (lifted.precise) {
      row.precise++; out.precise++;
      if (integer) out.integerPrecise++;
    } else {
      row.opaque++; out.opaque++;
      for (const s of lifted.stmts) {
        const reason = s.kind === 'opaque' ? s.reason.replace(/0x[0-9a-f]{8}/, 'WORD') : s.kind === 'store' || s.kind === 'assign' ? 'value not modelled' : null;
        if (reason) row.reasons[reason] = (row.reasons[reason] ?? 0) + 1;
      }
    }
  }
  out.rows = [...rows.values()].sort((a, b) => b.precise + b.opaque - (a.precise + a.opaque));
  return out;
}
