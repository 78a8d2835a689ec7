/**
 * Branches and jumps. The condition and target are bound to temporaries before the delay slot runs;
 * link registers are written at the branch (the slot sees the new value, as in QEMU); the `exit`
 * statement comes last and `liftUnit` moves the slot's statements in front of it.
 */
import { eq, konst, not, slt, sle, undef } from '../../../ir/build.js';
import type { Expr } from '../../../ir/expr.js';
import { branchTarget, jumpTarget } from '../decode.js';
import type { LiftContext } from './context.js';

type Lifter = (c: LiftContext) => void;

const ZERO = konst(0, 32);

function branch(c: LiftContext, cond: Expr, link: boolean): void {
  const taken = c.let(cond);
  if (link) c.setGpr(31, konst(c.pc + 8n, 32));
  c.exit(taken, konst(branchTarget(c.insn), 32), link ? 'call' : 'jump');
}

const rs = (c: LiftContext): Expr => c.gpr(c.insn.rs);

export const CONTROL: Record<string, Lifter> = {
  BEQ: (c) => branch(c, eq(rs(c), c.gpr(c.insn.rt)), false),
  BNE: (c) => branch(c, not(eq(rs(c), c.gpr(c.insn.rt))), false),
  BLEZ: (c) => branch(c, sle(rs(c), ZERO), false),
  BGTZ: (c) => branch(c, slt(ZERO, rs(c)), false),
  BLTZ: (c) => branch(c, slt(rs(c), ZERO), false),
  BGEZ: (c) => branch(c, sle(ZERO, rs(c)), false),
  BLTZAL: (c) => branch(c, slt(rs(c), ZERO), true),
  BGEZAL: (c) => branch(c, sle(ZERO, rs(c)), true),
  BEQL: (c) => branch(c, eq(rs(c), c.gpr(c.insn.rt)), false),
  BNEL: (c) => branch(c, not(eq(rs(c), c.gpr(c.insn.rt))), false),
  BLEZL: (c) => branch(c, sle(rs(c), ZERO), false),
  BGTZL: (c) => branch(c, slt(ZERO, rs(c)), false),
  BLTZL: (c) => branch(c, slt(rs(c), ZERO), false),
  BGEZL: (c) => branch(c, sle(ZERO, rs(c)), false),
  BLTZALL: (c) => branch(c, slt(rs(c), ZERO), true),
  BGEZALL: (c) => branch(c, sle(ZERO, rs(c)), true),
  BC1F: (c) => fpuBranch(c), BC1T: (c) => fpuBranch(c), BC1FL: (c) => fpuBranch(c), BC1TL: (c) => fpuBranch(c),
  BPOSGE32: (c) => {
    c.precise = false;
    c.exit(undef(1, 'DSPControl.pos is not modelled'), konst(branchTarget(c.insn), 32), 'jump');
  },
  J: (c) => c.exit(konst(1, 1), konst(jumpTarget(c.insn), 32), 'jump'),
  JAL: (c) => {
    c.setGpr(31, konst(c.pc + 8n, 32));
    c.exit(konst(1, 1), konst(jumpTarget(c.insn), 32), 'call');
  },
  JALX: (c) => {
    // Jumps into MIPS16e/microMIPS code, which this decoder does not read.
    c.setGpr(31, konst(c.pc + 8n, 32));
    c.exit(konst(1, 1), konst(jumpTarget(c.insn), 32), 'call');
  },
  JR: (c) => jumpRegister(c, false),
  JR_HB: (c) => jumpRegister(c, false),
  JALR: (c) => jumpRegister(c, true),
  JALR_HB: (c) => jumpRegister(c, true),
};

function jumpRegister(c: LiftContext, link: boolean): void {
  const target = c.let(rs(c));
  if (link) c.setGpr(c.insn.rd, konst(c.pc + 8n, 32));
  c.exit(konst(1, 1), target, link ? 'call' : c.insn.rs === 31 ? 'return' : 'jump');
}

function fpuBranch(c: LiftContext): void {
  c.precise = false;
  c.exit(undef(1, 'FPU condition codes are not modelled'), konst(branchTarget(c.insn), 32), 'jump');
}
