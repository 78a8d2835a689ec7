/** Lifters for branches, exception generation and system instructions (C6.2 B, BL, CBZ, TBZ, RET, MRS, ...). */
import { concat, eq, extract, konst, ne, reg, tmp, undef, zext, type Expr, type Stmt } from '../../../ir/index.js';
import type { BranchCond, BranchImm, BranchReg, CompareBranch, Exception, SysReg, TestBranch } from '../types.js';
import { systemRegisterName } from '../sysregs.js';
import { conditionHolds, FLAGS, read, write } from './operands.js';

const always = konst(1n, 1);
const next = (pc: bigint): Expr => konst(pc + 4n, 64);

export function branchImmediate(i: BranchImm): Stmt[] {
  const link = i.op === 'bl' ? write(i.pc, 30, next(i.pc)) : [];
  return [...link, { kind: 'exit', pc: i.pc, cond: always, target: konst(i.target, 64), flavor: i.op === 'bl' ? 'call' : 'jump' }];
}

export const branchConditional = (i: BranchCond): Stmt[] =>
  [{ kind: 'exit', pc: i.pc, cond: conditionHolds(i.cond), target: konst(i.target, 64), flavor: 'jump' }];

export function compareAndBranch(i: CompareBranch): Stmt[] {
  const v = read(i.rt, i.width);
  const zero = konst(0n, i.width);
  return [{ kind: 'exit', pc: i.pc, cond: i.op === 'cbz' ? eq(v, zero) : ne(v, zero), target: konst(i.target, 64), flavor: 'jump' }];
}

export function testAndBranch(i: TestBranch): Stmt[] {
  const bit = extract(i.bit, i.bit, read(i.rt, 64));
  return [{ kind: 'exit', pc: i.pc, cond: i.op === 'tbz' ? eq(bit, konst(0n, 1)) : bit, target: konst(i.target, 64), flavor: 'jump' }];
}

const PAC_TARGET = 'pointer authentication result depends on keys that are not modelled';

/** BR/BLR/RET (and PAC forms): the target is read before BLR writes the link register. */
export function branchRegister(i: BranchReg): { stmts: Stmt[]; precise: boolean } | null {
  if (i.op === 'eret' || i.op === 'drps') return null;
  // An authenticated branch strips the PAC when it checks out, faults otherwise: the target is
  // the register with its PAC bits removed, which depends on the address-space layout (TCR).
  const target = i.pac ? undef(64, PAC_TARGET) : read(i.rn, 64);
  const flavor = i.op === 'blr' ? 'call' : i.op === 'ret' ? 'return' : 'jump';
  return {
    stmts: [
      { kind: 'let', pc: i.pc, index: 0, value: target },
      ...(i.op === 'blr' ? write(i.pc, 30, next(i.pc)) : []),
      { kind: 'exit', pc: i.pc, cond: always, target: tmp(0, 64), flavor },
    ],
    precise: i.pac === null,
  };
}

export function exceptionGenerating(i: Exception): Stmt[] | null {
  if (i.op === 'svc') return [{ kind: 'trap', pc: i.pc, cond: always, reason: 'syscall' }];
  if (i.op === 'brk') return [{ kind: 'trap', pc: i.pc, cond: always, reason: 'break' }];
  if (i.op === 'udf') return [{ kind: 'trap', pc: i.pc, cond: always, reason: 'reserved-instruction' }];
  return null;
}

/**
 * MRS/MSR. NZCV maps onto the flags (bits 31..28); any other system register is a register of
 * its own name (sp_el0, tpidr_el1, s3_0_c15_c2_0, ...): its value is whatever the state knows of
 * it (usually nothing), but the expression says where a value came from (`current` is sp_el0).
 */
export function systemRegister(i: SysReg): Stmt[] {
  const name = systemRegisterName(i.op0, i.op1, i.crn, i.crm, i.op2);
  if (name === 'nzcv') {
    if (i.op === 'mrs') return write(i.pc, i.rt, concat(zext(reg(FLAGS, 4), 36), konst(0n, 28)));
    return [{ kind: 'assign', pc: i.pc, dst: FLAGS, value: extract(31, 28, read(i.rt, 64)) }];
  }
  if (i.op === 'mrs') return write(i.pc, i.rt, reg(name, 64));
  return [{ kind: 'assign', pc: i.pc, dst: name, value: read(i.rt, 64) }];
}
