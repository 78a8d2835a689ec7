/**
 * An instruction word under a relocation the image could not resolve (a module's reference to its
 * own .rodata or .data, whose load address the oops does not print) holds the object file's
 * placeholder, not the run-time value: what it computes is unknown, never the placeholder's zero.
 */
import { children, sym, type Expr, type Stmt } from '../ir/index.js';
import type { Instruction } from './types.js';

const hex = (v: bigint): string => `0x${v.toString(16)}`;

function usesTemporaries(e: Expr): boolean {
  return e.kind === 'tmp' || children(e).some(usesTemporaries);
}

export function underUnresolvedRelocation(insn: Instruction, label: string): Instruction {
  const reason = `the word carries a relocation to ${label} that the placement of the code does not resolve`;
  const { stmts } = insn.lifted;
  const clobbers = [...new Set(stmts.flatMap((s) => (s.kind === 'assign' ? [s.dst] : [])))];
  const stores = stmts.some((s) => s.kind === 'store');
  const unknown = (what: string, width: number): Expr => sym(`${what}@${hex(insn.pc)}`, width);
  const kept: Stmt[] = stmts.flatMap((s): Stmt[] => {
    if (s.kind !== 'exit' && s.kind !== 'trap' && s.kind !== 'external') return [];
    if (s.kind !== 'exit') return [s];
    const target = s.target.kind === 'const' || usesTemporaries(s.target) ? unknown('relocated-target', s.target.width) : s.target;
    const cond = usesTemporaries(s.cond) ? unknown('relocated-condition', s.cond.width) : s.cond;
    return [{ ...s, target, cond }];
  });
  const opaque: Stmt[] = clobbers.length > 0 || stores ? [{ kind: 'opaque', pc: insn.pc, clobbers, memory: stores, reason }] : [];
  return { ...insn, lifted: { ...insn.lifted, stmts: [...opaque, ...kept], precise: false } };
}
