/** Encodings of C4.1.87 "Branches, Exception Generating and System instructions". */
import { branchTarget, enc, type Encoding } from './encoding.js';
import { signExtend } from './pattern.js';
import { SP, type BranchReg, type Gpr } from './types.js';

/** HINT #imm names, from the HINT alias table (CRm:op2). */
const HINT_NAMES: Readonly<Record<number, string>> = {
  0: 'nop', 1: 'yield', 2: 'wfe', 3: 'wfi', 4: 'sev', 5: 'sevl', 6: 'dgh', 7: 'xpaclri',
  8: 'pacia1716', 10: 'pacib1716', 12: 'autia1716', 14: 'autib1716',
  16: 'esb', 17: 'psb csync', 18: 'tsb csync', 20: 'csdb',
  24: 'paciaz', 25: 'paciasp', 26: 'pacibz', 27: 'pacibsp', 28: 'autiaz', 29: 'autiasp', 30: 'autibz', 31: 'autibsp',
  32: 'bti', 34: 'bti c', 36: 'bti j', 38: 'bti jc',
};

/** C4.1.1 "Reserved": UDF #imm16, the permanently undefined instruction (zero words, BUG tables). */
export const RESERVED: readonly Encoding[] = [
  enc('0000000000000000 imm16:16', (f, s) => ({ word: s.word, pc: s.pc, kind: 'exception', form: 'UDF', op: 'udf', imm16: f.imm16 })),
];

export const BRANCH_SYSTEM: readonly Encoding[] = [
  enc('op:1 00101 imm26:26', (f, s) => ({
    word: s.word, pc: s.pc, kind: 'branchImm', form: f.op ? 'BL' : 'B', op: f.op ? 'bl' : 'b', target: branchTarget(s.pc, signExtend(f.imm26, 26) * 4),
  })),
  enc('sf:1 011010 op:1 imm19:19 Rt:5', (f, s) => ({
    word: s.word, pc: s.pc, kind: 'compareBranch', form: f.op ? 'CBNZ' : 'CBZ', op: f.op ? 'cbnz' : 'cbz', width: f.sf ? 64 : 32,
    rt: f.Rt, target: branchTarget(s.pc, signExtend(f.imm19, 19) * 4),
  })),
  enc('b5:1 011011 op:1 b40:5 imm14:14 Rt:5', (f, s) => ({
    word: s.word, pc: s.pc, kind: 'testBranch', form: f.op ? 'TBNZ' : 'TBZ', op: f.op ? 'tbnz' : 'tbz',
    rt: f.Rt, bit: (f.b5 << 5) | f.b40, target: branchTarget(s.pc, signExtend(f.imm14, 14) * 4),
  })),
  enc('0101010 0 imm19:19 0 cond:4', (f, s) => ({
    word: s.word, pc: s.pc, kind: 'branchCond', form: 'B_cond', cond: f.cond, target: branchTarget(s.pc, signExtend(f.imm19, 19) * 4),
  })),
  enc('11010100 opc:3 imm16:16 000 LL:2', (f, s) => {
    const op = ({ 1: 'svc', 2: 'hvc', 3: 'smc', 0x4: 'brk', 0x8: 'hlt', 0x15: 'dcps1', 0x16: 'dcps2', 0x17: 'dcps3' } as const)[
      ((f.opc << 2) | f.LL) as 1];
    return op ? { word: s.word, pc: s.pc, kind: 'exception', form: op.toUpperCase(), op, imm16: f.imm16 } : null;
  }),
  enc('11010101 00000011 0010 CRm:4 op2:3 11111', (f, s) => {
    const imm = (f.CRm << 3) | f.op2;
    return { word: s.word, pc: s.pc, kind: 'hint', form: 'HINT', imm, name: HINT_NAMES[imm] ?? null };
  }),
  enc('11010101 00000011 0011 CRm:4 op2:3 11111', (f, s) => {
    switch (f.op2) {
      case 2: return { word: s.word, pc: s.pc, kind: 'barrier', form: 'CLREX', op: 'clrex', crm: f.CRm };
      case 4:
        if (f.CRm === 0) return { word: s.word, pc: s.pc, kind: 'barrier', form: 'SSBB', op: 'ssbb', crm: 0 };
        if (f.CRm === 4) return { word: s.word, pc: s.pc, kind: 'barrier', form: 'PSSBB', op: 'pssbb', crm: 4 };
        return { word: s.word, pc: s.pc, kind: 'barrier', form: 'DSB', op: 'dsb', crm: f.CRm };
      case 5: return { word: s.word, pc: s.pc, kind: 'barrier', form: 'DMB', op: 'dmb', crm: f.CRm };
      case 6: return { word: s.word, pc: s.pc, kind: 'barrier', form: 'ISB', op: 'isb', crm: f.CRm };
      case 7: return f.CRm === 0 ? { word: s.word, pc: s.pc, kind: 'barrier', form: 'SB', op: 'sb', crm: 0 } : null;
      default: return null;
    }
  }),
  enc('1101010100000 op1:3 0100 CRm:4 op2:3 11111', (f, s) => ({
    word: s.word, pc: s.pc, kind: 'msrImm', form: 'MSR_imm', op1: f.op1, op2: f.op2, crm: f.CRm,
  })),
  enc('1101010100 L:1 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5', (f, s) => ({
    word: s.word, pc: s.pc, kind: 'sys', form: f.L ? 'SYSL' : 'SYS', op: f.L ? 'sysl' : 'sys', op1: f.op1, crn: f.CRn, crm: f.CRm, op2: f.op2, rt: f.Rt,
  })),
  enc('1101010100 L:1 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5', (f, s) => ({
    word: s.word, pc: s.pc, kind: 'sysReg', form: f.L ? 'MRS' : 'MSR_reg', op: f.L ? 'mrs' : 'msr', rt: f.Rt,
    op0: 2 + f.o0, op1: f.op1, crn: f.CRn, crm: f.CRm, op2: f.op2,
  })),
  enc('1101011 opc:4 11111 op3:6 Rn:5 op4:5', (f, s) => {
    const r = branchRegister(f.opc, f.op3, f.Rn, f.op4);
    return r ? { word: s.word, pc: s.pc, kind: 'branchReg', form: r.form, op: r.op, pac: r.pac, rn: r.rn } : null;
  }),
];

type BranchRegParts = Pick<BranchReg, 'form' | 'op' | 'pac' | 'rn'>;

/** C4.1.87 "Unconditional branch (register)": opc selects the branch, op3 the PAC key. */
function branchRegister(opc: number, op3: number, rn: number, op4: number): BranchRegParts | null {
  const key = op3 === 2 ? 'a' : op3 === 3 ? 'b' : null;
  if (op3 !== 0 && !key) return null;
  const K = key ? key.toUpperCase() : '';
  switch (opc) {
    case 0: case 1: {
      const op = opc ? 'blr' : 'br';
      if (!key) return op4 === 0 ? { form: op.toUpperCase(), op, pac: null, rn } : null;
      return op4 === 31 ? { form: `${op.toUpperCase()}${K}Z`, op, pac: { key, modifier: null }, rn } : null;
    }
    case 2: case 4: {
      const op = opc === 2 ? 'ret' : 'eret';
      if (!key) return op4 === 0 && (opc === 2 || rn === 31) ? { form: op.toUpperCase(), op, pac: null, rn: opc === 2 ? rn : 30 } : null;
      return rn === 31 && op4 === 31 ? { form: `${op.toUpperCase()}${K}`, op, pac: { key, modifier: SP as Gpr }, rn: 30 } : null;
    }
    case 5:
      return !key && rn === 31 && op4 === 0 ? { form: 'DRPS', op: 'drps', pac: null, rn: 30 } : null;
    case 8: case 9: {
      if (!key) return null;
      const op = opc === 9 ? 'blr' : 'br';
      return { form: `${op.toUpperCase()}${K}`, op, pac: { key, modifier: op4 === 31 ? SP : op4 }, rn };
    }
    default:
      return null;
  }
}
