/** Encodings of C4.1.86 "Data Processing -- Immediate" and C4.1.88 "Data Processing -- Register". */
import { decodeBitMask } from './bitmask.js';
import { enc, type Encoding } from './encoding.js';
import { signExtend } from './pattern.js';
import { SP, type Crc32Op, type Extend, type Gpr, type LogicalOp, type Shift, type Width } from './types.js';

const W = (sf: number): Width => (sf ? 64 : 32);
/** Register field where encoding 31 means SP. */
const orSp = (r: number): Gpr => (r === 31 ? SP : r);
const LOGICAL: readonly LogicalOp[] = ['and', 'orr', 'eor', 'ands'];
const SHIFTS: readonly Shift[] = ['lsl', 'lsr', 'asr', 'ror'];
export const EXTENDS: readonly Extend[] = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];
const CRC: Readonly<Record<number, Crc32Op>> = {
  0b010000: 'crc32b', 0b010001: 'crc32h', 0b010010: 'crc32w', 0b010011: 'crc32x',
  0b010100: 'crc32cb', 0b010101: 'crc32ch', 0b010110: 'crc32cw', 0b010111: 'crc32cx',
};
const DP1 = ['rbit', 'rev16', 'rev32', 'rev', 'clz', 'cls'] as const;
/** PAC data-processing (opcode2 = 00001), indexed by opcode; Z forms take no modifier. */
const PAC_OPS = ['pacia', 'pacib', 'pacda', 'pacdb', 'autia', 'autib', 'autda', 'autdb',
  'paciza', 'pacizb', 'pacdza', 'pacdzb', 'autiza', 'autizb', 'autdza', 'autdzb', 'xpaci', 'xpacd'] as const;

export const DATA_IMMEDIATE: readonly Encoding[] = [
  enc('op:1 immlo:2 10000 immhi:19 Rd:5', (f, s) => {
    const imm = signExtend((f.immhi << 2) | f.immlo, 21);
    const target = f.op
      ? BigInt.asUintN(64, (s.pc & ~0xfffn) + (BigInt(imm) << 12n))
      : BigInt.asUintN(64, s.pc + BigInt(imm));
    return { word: s.word, pc: s.pc, kind: 'pcRel', form: f.op ? 'ADRP' : 'ADR', op: f.op ? 'adrp' : 'adr', rd: f.Rd, target };
  }),
  enc('sf:1 op:1 S:1 100010 sh:1 imm12:12 Rn:5 Rd:5', (f, s) => ({
    word: s.word, pc: s.pc, kind: 'addSubImm', form: `${f.op ? 'SUB' : 'ADD'}${f.S ? 'S' : ''}_imm`, op: f.op ? 'sub' : 'add',
    setFlags: f.S === 1, width: W(f.sf), rd: f.S ? f.Rd : orSp(f.Rd), rn: orSp(f.Rn), imm12: f.imm12, lsl12: f.sh === 1,
  })),
  enc('sf:1 opc:2 100100 N:1 immr:6 imms:6 Rn:5 Rd:5', (f, s) => {
    if (!f.sf && f.N) return null;
    const imm = decodeBitMask(f.N, f.immr, f.imms, W(f.sf));
    if (imm === null) return null;
    const op = LOGICAL[f.opc]!;
    return { word: s.word, pc: s.pc, kind: 'logicalImm', form: `${op.toUpperCase()}_imm`, op, width: W(f.sf), rd: op === 'ands' ? f.Rd : orSp(f.Rd), rn: f.Rn, imm };
  }),
  enc('sf:1 opc:2 100101 hw:2 imm16:16 Rd:5', (f, s) => {
    if (f.opc === 1 || (!f.sf && f.hw >= 2)) return null;
    const op = (['movn', 'movn', 'movz', 'movk'] as const)[f.opc]!;
    return { word: s.word, pc: s.pc, kind: 'moveWide', form: op.toUpperCase(), op, width: W(f.sf), rd: f.Rd, imm16: f.imm16, shift: f.hw * 16 };
  }),
  enc('sf:1 opc:2 100110 N:1 immr:6 imms:6 Rn:5 Rd:5', (f, s) => {
    if (f.opc === 3 || f.sf !== f.N || (!f.sf && (f.immr >= 32 || f.imms >= 32))) return null;
    const op = (['sbfm', 'bfm', 'ubfm'] as const)[f.opc]!;
    return { word: s.word, pc: s.pc, kind: 'bitfield', form: op.toUpperCase(), op, width: W(f.sf), rd: f.Rd, rn: f.Rn, immr: f.immr, imms: f.imms };
  }),
  enc('sf:1 00 100111 N:1 0 Rm:5 imms:6 Rn:5 Rd:5', (f, s) => {
    if (f.sf !== f.N || (!f.sf && f.imms >= 32)) return null;
    return { word: s.word, pc: s.pc, kind: 'extract', form: 'EXTR', width: W(f.sf), rd: f.Rd, rn: f.Rn, rm: f.Rm, lsb: f.imms };
  }),
];

export const DATA_REGISTER: readonly Encoding[] = [
  enc('sf:1 opc:2 01010 shift:2 N:1 Rm:5 imm6:6 Rn:5 Rd:5', (f, s) => {
    if (!f.sf && f.imm6 >= 32) return null;
    const op = LOGICAL[f.opc]!;
    const base = (['AND', 'ORR', 'EOR', 'ANDS'] as const)[f.opc]!;
    const inverted = (['BIC', 'ORN', 'EON', 'BICS'] as const)[f.opc]!;
    return { word: s.word, pc: s.pc, kind: 'logicalShifted', form: `${f.N ? inverted : base}_shift`, op, invert: f.N === 1, width: W(f.sf),
      rd: f.Rd, rn: f.Rn, rm: f.Rm, shift: SHIFTS[f.shift]!, amount: f.imm6 };
  }),
  enc('sf:1 op:1 S:1 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5', (f, s) => {
    if (f.shift === 3 || (!f.sf && f.imm6 >= 32)) return null;
    return { word: s.word, pc: s.pc, kind: 'addSubShifted', form: `${f.op ? 'SUB' : 'ADD'}${f.S ? 'S' : ''}_shift`, op: f.op ? 'sub' : 'add',
      setFlags: f.S === 1, width: W(f.sf), rd: f.Rd, rn: f.Rn, rm: f.Rm, shift: SHIFTS[f.shift]!, amount: f.imm6 };
  }),
  enc('sf:1 op:1 S:1 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5', (f, s) => {
    if (f.imm3 > 4) return null;
    return { word: s.word, pc: s.pc, kind: 'addSubExtended', form: `${f.op ? 'SUB' : 'ADD'}${f.S ? 'S' : ''}_ext`, op: f.op ? 'sub' : 'add',
      setFlags: f.S === 1, width: W(f.sf), rd: f.S ? f.Rd : orSp(f.Rd), rn: orSp(f.Rn), rm: f.Rm,
      extend: EXTENDS[f.option]!, amount: f.imm3 };
  }),
  enc('sf:1 op:1 S:1 11010000 Rm:5 000000 Rn:5 Rd:5', (f, s) => ({
    word: s.word, pc: s.pc, kind: 'addSubCarry', form: `${f.op ? 'SBC' : 'ADC'}${f.S ? 'S' : ''}`, op: f.op ? 'sbc' : 'adc',
    setFlags: f.S === 1, width: W(f.sf), rd: f.Rd, rn: f.Rn, rm: f.Rm,
  })),
  enc('sf:1 op:1 1 11010010 Rm:5 cond:4 i:1 0 Rn:5 0 nzcv:4', (f, s) => ({
    word: s.word, pc: s.pc, kind: 'condCompare', form: `${f.op ? 'CCMP' : 'CCMN'}_${f.i ? 'imm' : 'reg'}`, op: f.op ? 'ccmp' : 'ccmn',
    width: W(f.sf), rn: f.Rn, rm: f.i ? null : f.Rm, imm5: f.i ? f.Rm : 0, nzcv: f.nzcv, cond: f.cond,
  })),
  enc('sf:1 op:1 0 11010100 Rm:5 cond:4 op2:2 Rn:5 Rd:5', (f, s) => {
    if (f.op2 >= 2) return null;
    const op = (['csel', 'csinc', 'csinv', 'csneg'] as const)[(f.op << 1) | f.op2]!;
    return { word: s.word, pc: s.pc, kind: 'condSelect', form: op.toUpperCase(), op, width: W(f.sf), rd: f.Rd, rn: f.Rn, rm: f.Rm, cond: f.cond };
  }),
  enc('sf:1 0 0 11010110 Rm:5 opcode:6 Rn:5 Rd:5', (f, s) => {
    const shiftOp = (['lslv', 'lsrv', 'asrv', 'rorv'] as const)[f.opcode - 0b001000];
    const divOp = f.opcode === 2 ? 'udiv' : f.opcode === 3 ? 'sdiv' : undefined;
    const crc = CRC[f.opcode];
    if (crc) {
      if ((crc.endsWith('x') ? 1 : 0) !== f.sf) return null;
      return { word: s.word, pc: s.pc, kind: 'dp2', form: crc.toUpperCase(), op: crc, width: W(f.sf), rd: f.Rd, rn: f.Rn, rm: f.Rm };
    }
    const op = shiftOp ?? divOp;
    if (op) return { word: s.word, pc: s.pc, kind: 'dp2', form: op.toUpperCase(), op, width: W(f.sf), rd: f.Rd, rn: f.Rn, rm: f.Rm };
    if (f.sf && f.opcode === 0b001100) return { word: s.word, pc: s.pc, kind: 'pac', form: 'PACGA', op: 'pacga', rd: f.Rd, rn: f.Rn };
    return null;
  }),
  enc('sf:1 1 0 11010110 opcode2:5 opcode:6 Rn:5 Rd:5', (f, s) => {
    if (f.opcode2 === 0) {
      let op = DP1[f.opcode];
      if (!op) return null;
      if (f.opcode === 3) { if (!f.sf) return null; op = 'rev'; }
      else if (f.opcode === 2 && !f.sf) op = 'rev';
      return { word: s.word, pc: s.pc, kind: 'dp1', form: op.toUpperCase(), op, width: W(f.sf), rd: f.Rd, rn: f.Rn };
    }
    if (f.opcode2 === 1 && f.sf) {
      const op = PAC_OPS[f.opcode];
      if (!op) return null;
      const noModifier = f.opcode >= 8;
      if (noModifier && f.Rn !== 31) return null;
      return { word: s.word, pc: s.pc, kind: 'pac', form: op.toUpperCase(), op, rd: f.Rd, rn: noModifier ? null : orSp(f.Rn) };
    }
    return null;
  }),
  enc('sf:1 00 11011 op31:3 Rm:5 o0:1 Ra:5 Rn:5 Rd:5', (f, s) => {
    const op = ({
      0: f.o0 ? 'msub' : 'madd', 1: f.o0 ? 'smsubl' : 'smaddl', 5: f.o0 ? 'umsubl' : 'umaddl',
      2: f.o0 ? undefined : 'smulh', 6: f.o0 ? undefined : 'umulh',
    } as const)[f.op31 as 0 | 1 | 2 | 5 | 6];
    if (!op || (f.op31 !== 0 && !f.sf)) return null;
    return { word: s.word, pc: s.pc, kind: 'dp3', form: op.toUpperCase(), op, width: W(f.sf), rd: f.Rd, rn: f.Rn, rm: f.Rm, ra: f.Ra };
  }),
];

