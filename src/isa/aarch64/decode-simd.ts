/**
 * C4.1.90 "Data Processing -- Scalar Floating-Point and Advanced SIMD": decoded to its class only.
 * The rows here pick out the encodings that write a general register or NZCV, so the lifter can
 * make exactly those unknown; every other word in the space is a vector-only operation.
 */
import { enc, type Encoding } from './encoding.js';

export const SIMD_GPR_WRITERS: readonly Encoding[] = [
  // Conversion between floating-point and integer: opcode 000/001/100/101 convert to an integer,
  // 110 is FMOV (general <- FP); 010/011/111 read a general register instead.
  enc('sf:1 0 0 11110 ftype:2 1 rmode:2 opcode:3 000000 Rn:5 Rd:5', (f, s) => {
    const toGeneral = [0, 1, 4, 5, 6].includes(f.opcode);
    return toGeneral ? { word: s.word, pc: s.pc, kind: 'simd', form: 'FP_TO_INT', gprDest: { reg: f.Rd, width: f.sf ? 64 : 32 }, writesFlags: false } : null;
  }),
  // Conversion between floating-point and fixed-point: FCVTZS/FCVTZU (rmode 11, opcode 000/001)
  // write a general register; SCVTF/UCVTF (rmode 00, opcode 010/011) read one.
  enc('sf:1 0 0 11110 ftype:2 0 rmode:2 opcode:3 scale:6 Rn:5 Rd:5', (f, s) =>
    f.rmode === 3 && f.opcode < 2
      ? { word: s.word, pc: s.pc, kind: 'simd', form: 'FP_TO_FIXED', gprDest: { reg: f.Rd, width: f.sf ? 64 : 32 }, writesFlags: false }
      : null),
  // SMOV / UMOV (AdvSIMD copy, imm4 = 0101 / 0111).
  enc('0 Q:1 0 01110000 imm5:5 0 imm4:4 1 Rn:5 Rd:5', (f, s) =>
    (f.imm4 === 5 || f.imm4 === 7) && (f.imm5 & 0xf) !== 0
      ? { word: s.word, pc: s.pc, kind: 'simd', form: f.imm4 === 5 ? 'SMOV' : 'UMOV', gprDest: { reg: f.Rd, width: f.Q ? 64 : 32 }, writesFlags: false }
      : null),
  // FCMP / FCMPE and FCCMP / FCCMPE set NZCV.
  enc('0 0 0 11110 ftype:2 1 Rm:5 00 1000 Rn:5 opcode2:5', (f, s) =>
    (f.opcode2 & 7) === 0 ? { word: s.word, pc: s.pc, kind: 'simd', form: 'FCMP', gprDest: null, writesFlags: true } : null),
  enc('0 0 0 11110 ftype:2 1 Rm:5 cond:4 01 Rn:5 op:1 nzcv:4', (_f, s) => ({ word: s.word, pc: s.pc, kind: 'simd', form: 'FCCMP', gprDest: null, writesFlags: true })),
  enc('x xxx 111 x xxxxxxxx xxxxxxxxxxxxxxxx', (_f, s) => ({ word: s.word, pc: s.pc, kind: 'simd', form: 'SIMD', gprDest: null, writesFlags: false })),
];
