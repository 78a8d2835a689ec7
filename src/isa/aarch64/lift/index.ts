/**
 * lift(insn): the located statements of one decoded AArch64 instruction. One handler per decoded
 * kind (a missing kind fails to compile). Where the IR cannot express an effect (vector state,
 * system registers, keys of pointer authentication, CRC32), an `opaque` statement makes exactly
 * the touched registers unknown and the result is marked imprecise.
 */
import type { Stmt } from '../../../ir/index.js';
import type { LiftedInsn } from '../../types.js';
import type { Insn, InsnKind } from '../types.js';
import { gprName } from '../registers.js';
import {
  addSubExtendedRegister, addSubImmediate, addSubShiftedRegister, addSubWithCarry, bitfieldMove, conditionalCompare,
  conditionalSelect, dataProcessing1, dataProcessing2, dataProcessing3, extractRegister, logicalImmediate,
  logicalShiftedRegister, moveWide, pcRelative,
} from './alu.js';
import {
  branchConditional, branchImmediate, branchRegister, compareAndBranch, exceptionGenerating, systemRegister, testAndBranch,
} from './control.js';
import { atomicMemory, compareAndSwap, exclusiveOrOrdered, loadStorePair, loadStoreRegister, simdStructure } from './memory.js';
import { FLAGS } from './operands.js';

type Lifted = { stmts: Stmt[]; precise: boolean };
type Handler<K extends InsnKind> = (insn: Extract<Insn, { kind: K }>) => Lifted;

const exact = (stmts: Stmt[]): Lifted => ({ stmts, precise: true });
const opaque = (pc: bigint, clobbers: string[], reason: string, memory = false): Lifted =>
  ({ stmts: [{ kind: 'opaque', pc, clobbers, memory, reason }], precise: false });
const external = (pc: bigint, effect: string): Lifted => exact([{ kind: 'external', pc, effect }]);
const ALL_REGISTERS = [...Array.from({ length: 31 }, (_, i) => `x${i}`), 'sp', FLAGS];
const x = (r: number): string[] => (r === 31 ? [] : [gprName(r, 64)]);

const HANDLERS: { [K in InsnKind]: Handler<K> } = {
  addSubImm: (i) => exact(addSubImmediate(i)),
  addSubShifted: (i) => exact(addSubShiftedRegister(i)),
  addSubExtended: (i) => exact(addSubExtendedRegister(i)),
  addSubCarry: (i) => exact(addSubWithCarry(i)),
  logicalImm: (i) => exact(logicalImmediate(i)),
  logicalShifted: (i) => exact(logicalShiftedRegister(i)),
  moveWide: (i) => exact(moveWide(i)),
  pcRel: (i) => exact(pcRelative(i)),
  bitfield: (i) => exact(bitfieldMove(i)),
  extract: (i) => exact(extractRegister(i)),
  condSelect: (i) => exact(conditionalSelect(i)),
  condCompare: (i) => exact(conditionalCompare(i)),
  dp1: (i) => exact(dataProcessing1(i)),
  dp2: (i) => exact(dataProcessing2(i)),
  pac: (i) => opaque(i.pc, x(i.rd), 'pointer authentication codes depend on keys that are not modelled'),
  dp3: (i) => exact(dataProcessing3(i)),
  branchImm: (i) => exact(branchImmediate(i)),
  branchCond: (i) => exact(branchConditional(i)),
  compareBranch: (i) => exact(compareAndBranch(i)),
  testBranch: (i) => exact(testAndBranch(i)),
  branchReg: (i) => branchRegister(i) ?? opaque(i.pc, [], `${i.op} returns to a state held in system registers`),
  exception: (i) => {
    const stmts = exceptionGenerating(i);
    return stmts ? exact(stmts) : opaque(i.pc, ALL_REGISTERS, `${i.op} enters a higher exception level`, true);
  },
  hint: (i) => {
    // PACIASP/AUTIASP and the other PAC hints rewrite x30 (or x17) with key-dependent bits.
    if (i.name && /^(pac|aut|xpac)/.test(i.name)) return opaque(i.pc, i.name.endsWith('1716') ? ['x17'] : ['x30'], `${i.name}: keys are not modelled`);
    return external(i.pc, i.name ?? `hint #${i.imm}`);
  },
  barrier: (i) => external(i.pc, `${i.op} barrier`),
  msrImm: (i) => external(i.pc, 'PSTATE field write'),
  sys: (i) => {
    // DC ZVA zeroes a block whose size is only in DCZID_EL0: memory becomes unknown around it.
    if (i.op1 === 3 && i.crn === 7 && i.crm === 4 && i.op2 === 1) return opaque(i.pc, [], 'dc zva block size is not modelled', true);
    return i.op === 'sysl' ? opaque(i.pc, x(i.rt), 'sysl result is not modelled') : external(i.pc, 'cache or TLB maintenance');
  },
  sysReg: (i) => exact(systemRegister(i)),
  loadStore: loadStoreRegister,
  loadStorePair,
  exclusive: (i) => exact(exclusiveOrOrdered(i)),
  atomic: (i) => exact(atomicMemory(i)),
  cas: (i) => exact(compareAndSwap(i)),
  simdMemory: simdStructure,
  simd: (i) => opaque(i.pc, [...(i.gprDest ? x(i.gprDest.reg) : []), ...(i.writesFlags ? [FLAGS] : [])], 'SIMD&FP data processing is not modelled'),
  unknown: (i) => opaque(i.pc, ALL_REGISTERS, `undecoded instruction word 0x${i.word.toString(16).padStart(8, '0')}`, true),
};

export function lift(insn: Insn): LiftedInsn {
  const { stmts, precise } = (HANDLERS[insn.kind] as Handler<InsnKind>)(insn as never);
  return { pc: insn.pc, size: 4, stmts, delaySlot: false, precise };
}
