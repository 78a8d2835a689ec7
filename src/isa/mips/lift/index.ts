/**
 * MIPS32 lifter entry points: `lift` turns one decoded instruction into located statements;
 * `liftUnit` joins a branch and its delay slot into one unit whose exit applies after the slot.
 */
import { and, ite, reg, tmp, undef } from '../../../ir/build.js';
import type { Endian, Expr } from '../../../ir/expr.js';
import { substitute } from '../../../ir/simplify.js';
import type { Stmt } from '../../../ir/stmt.js';
import type { LiftedInsn } from '../../types.js';
import { type MipsInsn, hasDelaySlot, isLikely } from '../decode.js';
import { GPR_NAMES, MIPS_REGISTERS } from '../registers.js';
import { ARITH } from './arith.js';
import { LiftContext } from './context.js';
import { CONTROL } from './control.js';
import { MEMORY } from './memory.js';
import { SYSTEM } from './system.js';

type Lifter = (c: LiftContext) => void;

const LIFTERS: Record<string, Lifter> = { ...ARITH, ...CONTROL, ...MEMORY, ...SYSTEM };

/** Forms with a lifter; the coverage table in README.md lists them. */
export const LIFTED_FORMS: readonly string[] = Object.keys(LIFTERS);

const ALL_GPRS = GPR_NAMES.filter((n) => n !== 'zero');

function unknownInstruction(c: LiftContext, why: string): void {
  // Nothing is known about what the word does: every register and memory may change and control
  // may go anywhere.
  c.opaque([...ALL_GPRS, 'hi', 'lo', 'llbit', 'lladdr', 'status', 'epc', 'cause', 'badvaddr'], true, why);
  c.exit(undef(1, why), undef(32, why), 'jump');
}

export function lift(insn: MipsInsn, endian: Endian): LiftedInsn {
  const c = new LiftContext(insn, endian);
  const fn = LIFTERS[insn.form];
  if (fn) fn(c);
  else unknownInstruction(c, insn.form === 'UNKNOWN' ? 'undecodable instruction word' : `${insn.form} is not modelled`);
  const delaySlot = fn !== undefined && hasDelaySlot(insn);
  return { pc: insn.pc, size: 4, stmts: c.stmts, precise: c.precise, delaySlot, likely: delaySlot && isLikely(insn) };
}

/** Apply `guard` to a delay-slot statement of a branch-likely (annulled when not taken). */
function guarded(s: Stmt, guard: Expr): Stmt {
  switch (s.kind) {
    case 'assign': {
      const width = MIPS_REGISTERS.lookup(s.dst)?.width ?? s.value.width;
      return { ...s, value: ite(guard, s.value, reg(s.dst, width)) };
    }
    case 'store': return { ...s, guard: s.guard ? and(guard, s.guard) : guard };
    case 'trap': return { ...s, cond: and(guard, s.cond) };
    default: return s;
  }
}

function renumber(s: Stmt, offset: number): Stmt {
  const shift = (e: Expr): Expr => substitute(e, (x) => (x.kind === 'tmp' ? tmp(x.index + offset, x.width) : undefined));
  switch (s.kind) {
    case 'assign': return { ...s, value: shift(s.value) };
    case 'let': return { ...s, index: s.index + offset, value: shift(s.value) };
    case 'store': return { ...s, addr: shift(s.addr), value: shift(s.value), ...(s.guard ? { guard: shift(s.guard) } : {}) };
    case 'exit': return { ...s, cond: shift(s.cond), target: shift(s.target) };
    case 'trap': return { ...s, cond: shift(s.cond) };
    default: return s;
  }
}

/**
 * A branch and its delay slot as one unit: the branch's statements up to its exit, then the slot's
 * (temporaries renumbered; guarded by the branch condition for branch-likely), then the exit.
 * A branch in a delay slot is UNPREDICTABLE: the unit then says so instead of guessing.
 */
export function liftUnit(branch: LiftedInsn, slot: LiftedInsn): LiftedInsn {
  if (!branch.delaySlot) throw new Error('liftUnit: the first instruction has no delay slot');
  const exits = branch.stmts.filter((s) => s.kind === 'exit');
  const body = branch.stmts.filter((s) => s.kind !== 'exit');
  const offset = body.reduce((m, s) => (s.kind === 'let' ? Math.max(m, s.index + 1) : m), 0);
  let slotStmts: Stmt[];
  let precise = branch.precise && slot.precise;
  if (slot.delaySlot) {
    precise = false;
    slotStmts = [{ kind: 'opaque', pc: slot.pc, clobbers: [...ALL_GPRS, 'hi', 'lo'], memory: true, reason: 'branch in a delay slot is UNPREDICTABLE' }];
  } else {
    slotStmts = slot.stmts.map((s) => renumber(s, offset));
    const cond = exits[0]?.kind === 'exit' ? exits[0].cond : undefined;
    if (branch.likely && cond) slotStmts = slotStmts.map((s) => guarded(s, cond));
  }
  return { pc: branch.pc, size: branch.size + slot.size, stmts: [...body, ...slotStmts, ...exits], precise, delaySlot: false };
}
