/**
 * Privileged, system and coprocessor instructions. What they do to the modelled state (GPRs, hi/lo,
 * epc, badvaddr, status, cause, the LL link, memory) is stated; effects outside it are `external`;
 * values the model cannot know (other CP0 registers, FPU/COP2/DSP results) are `opaque` or `undef`.
 */
import { add, and, eq, extract, ite, konst, not, or, sle, slt, ule, ult, undef } from '../../../ir/build.js';
import type { Expr } from '../../../ir/expr.js';
import { branchTarget } from '../decode.js';
import { cp0Modelled, cp0Name } from '../registers.js';
import type { LiftContext } from './context.js';

type Lifter = (c: LiftContext) => void;

const trapCode = (c: LiftContext): Expr => c.gpr(c.insn.rt);

function trapIf(c: LiftContext, cond: Expr): void {
  c.trap(cond, 'trap');
}

function fpuToGpr(c: LiftContext): void {
  c.opaque([gprName(c, c.insn.rt)], false, 'FPU registers are not modelled');
}

function gprName(c: LiftContext, n: number): string {
  const r = c.gpr(n);
  return r.kind === 'reg' ? r.name : 'zero';
}

/** MOVF/MOVT: rd := rs if an FPU condition code (not modelled) says so, else unchanged. */
function conditionalOnFpu(c: LiftContext): void {
  c.precise = false;
  c.setGpr(c.insn.rd, ite(undef(1, 'FPU condition codes are not modelled'), c.gpr(c.insn.rs), c.gpr(c.insn.rd)));
}

/** A store of a coprocessor register: the address is known, the value is not. */
function coprocessorStore(c: LiftContext, addr: Expr, bytes: number, what: string): void {
  c.store(addr, undef(bytes * 8, `${what} registers are not modelled`));
}

export const SYSTEM: Record<string, Lifter> = {
  SYSCALL: (c) => c.trap(konst(1, 1), 'syscall'),
  BREAK: (c) => c.trap(konst(1, 1), 'break'),
  SDBBP: (c) => c.trap(konst(1, 1), 'break'),
  TGE: (c) => trapIf(c, sle(trapCode(c), c.gpr(c.insn.rs))),
  TGEU: (c) => trapIf(c, ule(trapCode(c), c.gpr(c.insn.rs))),
  TLT: (c) => trapIf(c, slt(c.gpr(c.insn.rs), trapCode(c))),
  TLTU: (c) => trapIf(c, ult(c.gpr(c.insn.rs), trapCode(c))),
  TEQ: (c) => trapIf(c, eq(c.gpr(c.insn.rs), trapCode(c))),
  TNE: (c) => trapIf(c, not(eq(c.gpr(c.insn.rs), trapCode(c)))),
  TGEI: (c) => trapIf(c, sle(c.simm32(), c.gpr(c.insn.rs))),
  TGEIU: (c) => trapIf(c, ule(c.simm32(), c.gpr(c.insn.rs))),
  TLTI: (c) => trapIf(c, slt(c.gpr(c.insn.rs), c.simm32())),
  TLTIU: (c) => trapIf(c, ult(c.gpr(c.insn.rs), c.simm32())),
  TEQI: (c) => trapIf(c, eq(c.gpr(c.insn.rs), c.simm32())),
  TNEI: (c) => trapIf(c, not(eq(c.gpr(c.insn.rs), c.simm32()))),
  SYNC: (c) => c.external(`memory barrier (sync stype ${c.insn.sa})`),
  SYNCI: (c) => c.external('instruction cache synchronisation for an address'),
  CACHE: (c) => c.external(`cache operation 0x${c.insn.rt.toString(16)} on an address`),
  PREF: (c) => c.external(`prefetch hint ${c.insn.rt}`),
  WAIT: (c) => c.external('wait for interrupt'),
  TLBR: (c) => c.external('TLB read into CP0 EntryHi/EntryLo/PageMask (not modelled)'),
  TLBWI: (c) => c.external('TLB write indexed'),
  TLBWR: (c) => c.external('TLB write random'),
  TLBP: (c) => c.external('TLB probe into CP0 Index (not modelled)'),
  MFC0: (c) => {
    const sel = c.insn.word & 7;
    const modelled = cp0Modelled(c.insn.rd, sel);
    if (modelled) c.setGpr(c.insn.rt, c.special(modelled));
    else c.opaque([gprName(c, c.insn.rt)], false, `CP0 register ${cp0Name(c.insn.rd, sel)} is not modelled`);
  },
  MTC0: (c) => {
    const sel = c.insn.word & 7;
    const modelled = cp0Modelled(c.insn.rd, sel);
    if (modelled === 'epc') c.setSpecial('epc', c.gpr(c.insn.rt));
    else if (modelled === 'badvaddr') c.external('write to read-only CP0 BadVAddr (ignored)');
    else if (modelled) c.opaque([modelled], false, `CP0 ${modelled}: which bits are writable is implementation-dependent`);
    else c.external(`write to CP0 register ${cp0Name(c.insn.rd, sel)} (not modelled)`);
  },
  MFHC0: (c) => c.opaque([gprName(c, c.insn.rt)], false, `high half of CP0 ${cp0Name(c.insn.rd, c.insn.word & 7)} is not modelled`),
  MTHC0: (c) => c.external(`write to the high half of CP0 ${cp0Name(c.insn.rd, c.insn.word & 7)} (not modelled)`),
  MFGC0: (c) => c.opaque([gprName(c, c.insn.rt)], false, `guest CP0 ${cp0Name(c.insn.rd, c.insn.word & 7)} is not modelled`),
  MTGC0: (c) => c.external(`write to guest CP0 ${cp0Name(c.insn.rd, c.insn.word & 7)} (not modelled)`),
  DI: (c) => {
    c.setGpr(c.insn.rt, c.special('status'));
    c.setSpecial('status', and(c.special('status'), konst(~1 >>> 0, 32)));
  },
  EI: (c) => {
    c.setGpr(c.insn.rt, c.special('status'));
    c.setSpecial('status', or(c.special('status'), konst(1, 32)));
  },
  RDPGPR: (c) => c.opaque([gprName(c, c.insn.rd)], false, 'shadow register sets are not modelled'),
  WRPGPR: (c) => c.external('write to a shadow register set (not modelled)'),
  ERET: (c) => {
    // Status.ERL set: return to ErrorEPC and clear ERL; else return to EPC and clear EXL. Clears LLbit.
    const status = c.special('status');
    const erl = c.let(extract(2, 2, status));
    const target = c.let(ite(erl, undef(32, 'CP0 ErrorEPC is not modelled'), c.special('epc')));
    c.setSpecial('status', and(status, ite(erl, konst(~4 >>> 0, 32), konst(~2 >>> 0, 32))));
    c.setSpecial('llbit', konst(0, 1));
    c.exit(konst(1, 1), target, 'exception-return');
  },
  DERET: (c) => {
    c.opaque([], false, 'debug mode state is not modelled');
    c.exit(konst(1, 1), undef(32, 'CP0 DEPC is not modelled'), 'exception-return');
  },
  RDHWR: (c) => c.opaque([gprName(c, c.insn.rt)], false, `hardware register $${c.insn.rd} is not modelled`),

  MFC1: fpuToGpr, CFC1: fpuToGpr, MFHC1: fpuToGpr,
  MTC1: (c) => c.external('write to an FPU register (not modelled)'),
  CTC1: (c) => c.external('write to an FPU control register (not modelled)'),
  MTHC1: (c) => c.external('write to an FPU register (not modelled)'),
  LWC1: (c) => c.external('load into an FPU register (not modelled)'),
  LDC1: (c) => c.external('load into an FPU register (not modelled)'),
  SWC1: (c) => coprocessorStore(c, add(c.gpr(c.insn.rs), c.simm32()), 4, 'FPU'),
  SDC1: (c) => coprocessorStore(c, add(c.gpr(c.insn.rs), c.simm32()), 8, 'FPU'),
  COP1: (c) => c.external('FPU operation (FPU state not modelled)'),
  COP1X: (c) => {
    const funct = c.insn.word & 0x3f;
    const addr = add(c.gpr(c.insn.rs), c.gpr(c.insn.rt));
    if (funct === 0x08) coprocessorStore(c, addr, 4, 'FPU');
    else if (funct === 0x09) coprocessorStore(c, addr, 8, 'FPU');
    else if (funct === 0x0d) coprocessorStore(c, and(addr, konst(~7 >>> 0, 32)), 8, 'FPU');
    else c.external('FPU operation (FPU state not modelled)');
  },
  COP2: (c) => {
    if (c.insn.rs === 8) {
      // BC2F/BC2T(L): a branch on a coprocessor 2 condition (delay slot like every branch).
      c.precise = false;
      c.exit(undef(1, 'coprocessor 2 conditions are not modelled'), konst(branchTarget(c.insn), 32), 'jump');
      return;
    }
    c.opaque(c.insn.rs < 8 ? [gprName(c, c.insn.rt)] : [], false, 'coprocessor 2 is not modelled');
  },
  LWC2: (c) => c.external('load into a coprocessor 2 register (not modelled)'),
  LDC2: (c) => c.external('load into a coprocessor 2 register (not modelled)'),
  SWC2: (c) => coprocessorStore(c, add(c.gpr(c.insn.rs), c.simm32()), 4, 'coprocessor 2'),
  SDC2: (c) => coprocessorStore(c, add(c.gpr(c.insn.rs), c.simm32()), 8, 'coprocessor 2'),
  MOVF: (c) => conditionalOnFpu(c),
  MOVT: (c) => conditionalOnFpu(c),
  MULT_AC: (c) => c.external('multiply into a DSP accumulator (not modelled)'),
  MULTU_AC: (c) => c.external('multiply into a DSP accumulator (not modelled)'),
  MADD_AC: (c) => c.external('multiply-add into a DSP accumulator (not modelled)'),
  MADDU_AC: (c) => c.external('multiply-add into a DSP accumulator (not modelled)'),
  MSUB_AC: (c) => c.external('multiply-subtract into a DSP accumulator (not modelled)'),
  MSUBU_AC: (c) => c.external('multiply-subtract into a DSP accumulator (not modelled)'),
  MFHI_AC: (c) => c.opaque([gprName(c, c.insn.rd)], false, 'DSP accumulators ac1-ac3 are not modelled'),
  MFLO_AC: (c) => c.opaque([gprName(c, c.insn.rd)], false, 'DSP accumulators ac1-ac3 are not modelled'),
  MTHI_AC: (c) => c.external('write to a DSP accumulator (not modelled)'),
  MTLO_AC: (c) => c.external('write to a DSP accumulator (not modelled)'),
  DVPE: (c) => {
    c.opaque([gprName(c, c.insn.rt)], false, 'MT ASE VPEControl is not modelled');
    c.external('disable other virtual processing elements');
  },
  EVPE: (c) => {
    c.opaque([gprName(c, c.insn.rt)], false, 'MT ASE VPEControl is not modelled');
    c.external('enable other virtual processing elements');
  },
  DSP: (c) => c.opaque([gprName(c, c.insn.rd), gprName(c, c.insn.rt), 'hi', 'lo'], false, 'DSP ASE results are not modelled'),
};
