/** Whether a register's value is read before it is overwritten, along an executed path. */
import type { Expr, Stmt } from '../ir/index.js';
import { registersOf } from './chain.js';
import type { FunctionCode } from './types.js';

const mentions = (e: Expr, reg: string): boolean => registersOf(e).includes(reg);

function reads(s: Stmt, reg: string): boolean {
  switch (s.kind) {
    case 'assign': case 'let': return mentions(s.value, reg);
    case 'store': return mentions(s.addr, reg) || mentions(s.value, reg);
    case 'exit': return mentions(s.cond, reg) || mentions(s.target, reg);
    case 'trap': return mentions(s.cond, reg);
    default: return false;
  }
}

function writes(s: Stmt, reg: string): boolean {
  return (s.kind === 'assign' && s.dst === reg) || (s.kind === 'opaque' && s.clobbers.includes(reg));
}

/** The first instruction on `pcs` that reads or writes `reg`, and which it does (a read wins within one). */
export function firstUse(code: FunctionCode, pcs: readonly bigint[], reg: string): { pc: bigint; reads: boolean } | null {
  for (const pc of pcs) {
    const stmts = code.instructions.get(pc)?.lifted.stmts ?? [];
    if (stmts.some((s) => reads(s, reg))) return { pc, reads: true };
    if (stmts.some((s) => writes(s, reg))) return { pc, reads: false };
  }
  return null;
}
