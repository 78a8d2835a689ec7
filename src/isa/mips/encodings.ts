/**
 * MIPS32 release 1/2 encodings as data: the bit string of each instruction as printed in the MIPS32
 * Instruction Set manual (MD00086), the operand syntax objdump uses, and the lifter group. Letters in a
 * bit string name fields: s rs, t rt, d rd, a sa, i immediate, x jump index, c code, h hint,
 * y stype, n CP0 select, f fmt/ft/fs/fd (FPU fields), o cache/pref op; 0 and 1 are fixed bits.
 *
 * Operand syntax tokens (comma-separated): d s t GPRs; sa shift amount (hex); simm signed decimal;
 * uimm unsigned hex; mem offset(base); br branch target; jt jump target; code20 syscall code;
 * brk break codes; tcode trap code; cp0 CP0 register (with select); hwr hardware register;
 * pos/size ext/ins bit positions; op cache/pref op; ft fs fd FPU registers; fcr FPU control register;
 * cc FPU condition code; stype sync type; wcode WAIT's implementation-defined code;
 * acr/acw DSP accumulator in the read (bits 22..21) or write (bits 12..11) position.
 */

export type Group =
  | 'alu' | 'shift' | 'muldiv' | 'branch' | 'jump' | 'load' | 'store' | 'trap' | 'system' | 'cp0' | 'fpu'
  | 'cop2' | 'dsp' | 'isa-mode';

export interface Encoding {
  readonly form: string;
  readonly mnemonic: string;
  readonly bits: string;
  readonly syntax: string;
  readonly group: Group;
}

const e = (form: string, bits: string, syntax: string, group: Group, mnemonic = form.toLowerCase().replace('_', '.')): Encoding =>
  ({ form, mnemonic, bits, syntax, group });

export const ENCODINGS: readonly Encoding[] = [
  // SPECIAL: shifts
  e('SLL', '000000 00000 ttttt ddddd aaaaa 000000', 'd,t,sa', 'shift'),
  e('SRL', '000000 00000 ttttt ddddd aaaaa 000010', 'd,t,sa', 'shift'),
  e('ROTR', '000000 00001 ttttt ddddd aaaaa 000010', 'd,t,sa', 'shift', 'ror'),
  e('SRA', '000000 00000 ttttt ddddd aaaaa 000011', 'd,t,sa', 'shift'),
  e('SLLV', '000000 sssss ttttt ddddd 00000 000100', 'd,t,s', 'shift'),
  e('SRLV', '000000 sssss ttttt ddddd 00000 000110', 'd,t,s', 'shift'),
  e('ROTRV', '000000 sssss ttttt ddddd 00001 000110', 'd,t,s', 'shift', 'rorv'),
  e('SRAV', '000000 sssss ttttt ddddd 00000 000111', 'd,t,s', 'shift'),
  // SPECIAL: jumps (hint bit 10 selects the .hb hazard-barrier variant)
  e('JR', '000000 sssss 00000 00000 00000 001000', 's', 'jump'),
  e('JR_HB', '000000 sssss 00000 00000 10000 001000', 's', 'jump'),
  e('JALR', '000000 sssss 00000 ddddd 00000 001001', 'd,s', 'jump'),
  e('JALR_HB', '000000 sssss 00000 ddddd 10000 001001', 'd,s', 'jump'),
  e('MOVF', '000000 sssss fff 0 0 ddddd 00000 000001', 'd,s,fcc', 'fpu'),
  e('MOVT', '000000 sssss fff 0 1 ddddd 00000 000001', 'd,s,fcc', 'fpu'),
  e('MOVZ', '000000 sssss ttttt ddddd 00000 001010', 'd,s,t', 'alu'),
  e('MOVN', '000000 sssss ttttt ddddd 00000 001011', 'd,s,t', 'alu'),
  e('SYSCALL', '000000 cccccccccccccccccccc 001100', 'code20', 'system'),
  e('BREAK', '000000 cccccccccccccccccccc 001101', 'brk', 'system'),
  e('SYNC', '000000 00000 00000 00000 yyyyy 001111', 'stype', 'system'),
  e('MFHI', '000000 00000 00000 ddddd 00000 010000', 'd', 'muldiv'),
  e('MTHI', '000000 sssss 00000 00000 00000 010001', 's', 'muldiv'),
  e('MFLO', '000000 00000 00000 ddddd 00000 010010', 'd', 'muldiv'),
  e('MTLO', '000000 sssss 00000 00000 00000 010011', 's', 'muldiv'),
  // DSP ASE forms naming accumulator ac1-ac3 (ac0 is hi/lo: the base forms above match it first).
  e('MULT_AC', '000000 sssss ttttt 000 aa 00000 011000', 'acw,s,t', 'dsp', 'mult'),
  e('MULTU_AC', '000000 sssss ttttt 000 aa 00000 011001', 'acw,s,t', 'dsp', 'multu'),
  e('MADD_AC', '011100 sssss ttttt 000 aa 00000 000000', 'acw,s,t', 'dsp', 'madd'),
  e('MADDU_AC', '011100 sssss ttttt 000 aa 00000 000001', 'acw,s,t', 'dsp', 'maddu'),
  e('MSUB_AC', '011100 sssss ttttt 000 aa 00000 000100', 'acw,s,t', 'dsp', 'msub'),
  e('MSUBU_AC', '011100 sssss ttttt 000 aa 00000 000101', 'acw,s,t', 'dsp', 'msubu'),
  e('MFHI_AC', '000000 000 aa 00000 ddddd 00000 010000', 'd,acr', 'dsp', 'mfhi'),
  e('MFLO_AC', '000000 000 aa 00000 ddddd 00000 010010', 'd,acr', 'dsp', 'mflo'),
  e('MTHI_AC', '000000 sssss 00000 000 aa 00000 010001', 's,acw', 'dsp', 'mthi'),
  e('MTLO_AC', '000000 sssss 00000 000 aa 00000 010011', 's,acw', 'dsp', 'mtlo'),
  e('MULT', '000000 sssss ttttt 00000 00000 011000', 's,t', 'muldiv'),
  e('MULTU', '000000 sssss ttttt 00000 00000 011001', 's,t', 'muldiv'),
  e('DIV', '000000 sssss ttttt 00000 00000 011010', 'zero,s,t', 'muldiv'),
  e('DIVU', '000000 sssss ttttt 00000 00000 011011', 'zero,s,t', 'muldiv'),
  e('ADD', '000000 sssss ttttt ddddd 00000 100000', 'd,s,t', 'alu'),
  e('ADDU', '000000 sssss ttttt ddddd 00000 100001', 'd,s,t', 'alu'),
  e('SUB', '000000 sssss ttttt ddddd 00000 100010', 'd,s,t', 'alu'),
  e('SUBU', '000000 sssss ttttt ddddd 00000 100011', 'd,s,t', 'alu'),
  e('AND', '000000 sssss ttttt ddddd 00000 100100', 'd,s,t', 'alu'),
  e('OR', '000000 sssss ttttt ddddd 00000 100101', 'd,s,t', 'alu'),
  e('XOR', '000000 sssss ttttt ddddd 00000 100110', 'd,s,t', 'alu'),
  e('NOR', '000000 sssss ttttt ddddd 00000 100111', 'd,s,t', 'alu'),
  e('SLT', '000000 sssss ttttt ddddd 00000 101010', 'd,s,t', 'alu'),
  e('SLTU', '000000 sssss ttttt ddddd 00000 101011', 'd,s,t', 'alu'),
  e('TGE', '000000 sssss ttttt cccccccccc 110000', 's,t,tcode', 'trap'),
  e('TGEU', '000000 sssss ttttt cccccccccc 110001', 's,t,tcode', 'trap'),
  e('TLT', '000000 sssss ttttt cccccccccc 110010', 's,t,tcode', 'trap'),
  e('TLTU', '000000 sssss ttttt cccccccccc 110011', 's,t,tcode', 'trap'),
  e('TEQ', '000000 sssss ttttt cccccccccc 110100', 's,t,tcode', 'trap'),
  e('TNE', '000000 sssss ttttt cccccccccc 110110', 's,t,tcode', 'trap'),
  // REGIMM
  e('BLTZ', '000001 sssss 00000 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  e('BGEZ', '000001 sssss 00001 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  e('BLTZL', '000001 sssss 00010 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  e('BGEZL', '000001 sssss 00011 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  e('TGEI', '000001 sssss 01000 iiiiiiiiiiiiiiii', 's,simm', 'trap'),
  e('TGEIU', '000001 sssss 01001 iiiiiiiiiiiiiiii', 's,simm', 'trap'),
  e('TLTI', '000001 sssss 01010 iiiiiiiiiiiiiiii', 's,simm', 'trap'),
  e('TLTIU', '000001 sssss 01011 iiiiiiiiiiiiiiii', 's,simm', 'trap'),
  e('TEQI', '000001 sssss 01100 iiiiiiiiiiiiiiii', 's,simm', 'trap'),
  e('TNEI', '000001 sssss 01110 iiiiiiiiiiiiiiii', 's,simm', 'trap'),
  e('BLTZAL', '000001 sssss 10000 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  e('BGEZAL', '000001 sssss 10001 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  e('BLTZALL', '000001 sssss 10010 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  e('BGEZALL', '000001 sssss 10011 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  e('SYNCI', '000001 sssss 11111 iiiiiiiiiiiiiiii', 'mem', 'system'),
  // Jumps, branches, immediates
  e('J', '000010 xxxxxxxxxxxxxxxxxxxxxxxxxx', 'jt', 'jump'),
  e('JAL', '000011 xxxxxxxxxxxxxxxxxxxxxxxxxx', 'jt', 'jump'),
  e('BEQ', '000100 sssss ttttt iiiiiiiiiiiiiiii', 's,t,br', 'branch'),
  e('BNE', '000101 sssss ttttt iiiiiiiiiiiiiiii', 's,t,br', 'branch'),
  e('BLEZ', '000110 sssss 00000 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  e('BGTZ', '000111 sssss 00000 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  e('ADDI', '001000 sssss ttttt iiiiiiiiiiiiiiii', 't,s,simm', 'alu'),
  e('ADDIU', '001001 sssss ttttt iiiiiiiiiiiiiiii', 't,s,simm', 'alu'),
  e('SLTI', '001010 sssss ttttt iiiiiiiiiiiiiiii', 't,s,simm', 'alu'),
  e('SLTIU', '001011 sssss ttttt iiiiiiiiiiiiiiii', 't,s,simm', 'alu'),
  e('ANDI', '001100 sssss ttttt iiiiiiiiiiiiiiii', 't,s,uimm', 'alu'),
  e('ORI', '001101 sssss ttttt iiiiiiiiiiiiiiii', 't,s,uimm', 'alu'),
  e('XORI', '001110 sssss ttttt iiiiiiiiiiiiiiii', 't,s,uimm', 'alu'),
  e('LUI', '001111 00000 ttttt iiiiiiiiiiiiiiii', 't,uimm', 'alu'),
  // COP0
  e('MFC0', '010000 00000 ttttt ddddd 00000000 nnn', 't,cp0', 'cp0'),
  e('MTC0', '010000 00100 ttttt ddddd 00000000 nnn', 't,cp0', 'cp0'),
  e('MFHC0', '010000 00010 ttttt ddddd 00000000 nnn', 't,cp0', 'cp0'),
  e('MTHC0', '010000 00110 ttttt ddddd 00000000 nnn', 't,cp0', 'cp0'),
  // Virtualization ASE: the guest's CP0 registers.
  e('MFGC0', '010000 00011 ttttt ddddd 000 00000 nnn', 't,cp0', 'cp0'),
  e('MTGC0', '010000 00011 ttttt ddddd 010 00000 nnn', 't,cp0', 'cp0'),
  e('RDPGPR', '010000 01010 ttttt ddddd 00000000000', 'd,t', 'cp0'),
  e('DI', '010000 01011 ttttt 01100 00000 0 00 000', 'opt_t', 'cp0'),
  e('EI', '010000 01011 ttttt 01100 00000 1 00 000', 'opt_t', 'cp0'),
  // MT ASE: disable/enable other virtual processing elements; rt receives the old VPEControl.
  e('DVPE', '010000 01011 ttttt 00000 00000 0 00 001', 'opt_t', 'cp0'),
  e('EVPE', '010000 01011 ttttt 00000 00000 1 00 001', 'opt_t', 'cp0'),
  e('WRPGPR', '010000 01110 ttttt ddddd 00000000000', 'd,t', 'cp0'),
  e('TLBR', '010000 1 0000000000000000000 000001', '', 'cp0'),
  e('TLBWI', '010000 1 0000000000000000000 000010', '', 'cp0'),
  e('TLBWR', '010000 1 0000000000000000000 000110', '', 'cp0'),
  e('TLBP', '010000 1 0000000000000000000 001000', '', 'cp0'),
  e('ERET', '010000 1 0000000000000000000 011000', '', 'cp0'),
  e('DERET', '010000 1 0000000000000000000 011111', '', 'cp0'),
  e('WAIT', '010000 1 ccccccccccccccccccc 100000', 'wcode', 'cp0'),
  // COP1 (FPU): decoded so listings read right; the lifter marks their results unknown.
  e('MFC1', '010001 00000 ttttt fffff 00000000000', 't,fs', 'fpu'),
  e('CFC1', '010001 00010 ttttt fffff 00000000000', 't,fcr', 'fpu'),
  e('MFHC1', '010001 00011 ttttt fffff 00000000000', 't,fs', 'fpu'),
  e('MTC1', '010001 00100 ttttt fffff 00000000000', 't,fs', 'fpu'),
  e('CTC1', '010001 00110 ttttt fffff 00000000000', 't,fcr', 'fpu'),
  e('MTHC1', '010001 00111 ttttt fffff 00000000000', 't,fs', 'fpu'),
  e('BC1F', '010001 01000 fff 0 0 iiiiiiiiiiiiiiii', 'cc,br', 'fpu'),
  e('BC1T', '010001 01000 fff 0 1 iiiiiiiiiiiiiiii', 'cc,br', 'fpu'),
  e('BC1FL', '010001 01000 fff 1 0 iiiiiiiiiiiiiiii', 'cc,br', 'fpu'),
  e('BC1TL', '010001 01000 fff 1 1 iiiiiiiiiiiiiiii', 'cc,br', 'fpu'),
  // Branch likely
  e('BEQL', '010100 sssss ttttt iiiiiiiiiiiiiiii', 's,t,br', 'branch'),
  e('BNEL', '010101 sssss ttttt iiiiiiiiiiiiiiii', 's,t,br', 'branch'),
  e('BLEZL', '010110 sssss 00000 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  e('BGTZL', '010111 sssss 00000 iiiiiiiiiiiiiiii', 's,br', 'branch'),
  // SPECIAL2
  e('MADD', '011100 sssss ttttt 00000 00000 000000', 's,t', 'muldiv'),
  e('MADDU', '011100 sssss ttttt 00000 00000 000001', 's,t', 'muldiv'),
  e('MUL', '011100 sssss ttttt ddddd 00000 000010', 'd,s,t', 'muldiv'),
  e('MSUB', '011100 sssss ttttt 00000 00000 000100', 's,t', 'muldiv'),
  e('MSUBU', '011100 sssss ttttt 00000 00000 000101', 's,t', 'muldiv'),
  e('CLZ', '011100 sssss ttttt ddddd 00000 100000', 'd,s', 'alu'),
  e('CLO', '011100 sssss ttttt ddddd 00000 100001', 'd,s', 'alu'),
  e('SDBBP', '011100 cccccccccccccccccccc 111111', 'code20', 'system'),
  // SPECIAL3 (release 2)
  e('EXT', '011111 sssss ttttt ddddd aaaaa 000000', 't,s,pos,size', 'alu'),
  e('INS', '011111 sssss ttttt ddddd aaaaa 000100', 't,s,pos,size', 'alu'),
  e('WSBH', '011111 00000 ttttt ddddd 00010 100000', 'd,t', 'alu'),
  e('SEB', '011111 00000 ttttt ddddd 10000 100000', 'd,t', 'alu'),
  e('SEH', '011111 00000 ttttt ddddd 11000 100000', 'd,t', 'alu'),
  e('RDHWR', '011111 00000 ttttt ddddd 00000 111011', 't,hwr', 'system'),
  // Loads and stores
  e('LB', '100000 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'load'),
  e('LH', '100001 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'load'),
  e('LWL', '100010 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'load'),
  e('LW', '100011 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'load'),
  e('LBU', '100100 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'load'),
  e('LHU', '100101 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'load'),
  e('LWR', '100110 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'load'),
  e('SB', '101000 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'store'),
  e('SH', '101001 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'store'),
  e('SWL', '101010 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'store'),
  e('SW', '101011 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'store'),
  e('SWR', '101110 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'store'),
  e('CACHE', '101111 sssss ooooo iiiiiiiiiiiiiiii', 'op,mem', 'system'),
  e('LL', '110000 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'load'),
  e('LWC1', '110001 sssss fffff iiiiiiiiiiiiiiii', 'ft,mem', 'fpu'),
  e('PREF', '110011 sssss ooooo iiiiiiiiiiiiiiii', 'op,mem', 'system'),
  e('LDC1', '110101 sssss fffff iiiiiiiiiiiiiiii', 'ft,mem', 'fpu'),
  e('SC', '111000 sssss ttttt iiiiiiiiiiiiiiii', 't,mem', 'store'),
  e('SWC1', '111001 sssss fffff iiiiiiiiiiiiiiii', 'ft,mem', 'fpu'),
  e('SDC1', '111101 sssss fffff iiiiiiiiiiiiiiii', 'ft,mem', 'fpu'),
  // Whole regions decoded by class only: the effects the lifter states are those of the class
  // (FPU/COP2 registers are not modelled; DSP results are marked unknown). Printed as `<class> <word>`.
  e('COP1', '010001 10000 fffffffffffffffffffff', 'raw', 'fpu', 'cop1'),
  e('COP1', '010001 10001 fffffffffffffffffffff', 'raw', 'fpu', 'cop1'),
  e('COP1', '010001 10100 fffffffffffffffffffff', 'raw', 'fpu', 'cop1'),
  e('COP1', '010001 10101 fffffffffffffffffffff', 'raw', 'fpu', 'cop1'),
  e('COP1', '010001 10110 fffffffffffffffffffff', 'raw', 'fpu', 'cop1'),
  e('COP1X', '010011 ffffffffffffffffffffffffff', 'raw', 'fpu', 'cop1x'),
  e('COP2', '010010 ffffffffffffffffffffffffff', 'raw', 'cop2', 'cop2'),
  e('LWC2', '110010 ffffffffffffffffffffffffff', 'raw', 'cop2', 'lwc2'),
  e('LDC2', '110110 ffffffffffffffffffffffffff', 'raw', 'cop2', 'ldc2'),
  e('SWC2', '111010 ffffffffffffffffffffffffff', 'raw', 'cop2', 'swc2'),
  e('SDC2', '111110 ffffffffffffffffffffffffff', 'raw', 'cop2', 'sdc2'),
  e('DSP', '011111 ffffffffffffffffffffffffff', 'raw', 'dsp', 'dsp'),
  e('BPOSGE32', '000001 00000 11100 iiiiiiiiiiiiiiii', 'br', 'dsp'),
  // MSA (release 5; no 24Kc has it): its major opcode and its branches in the COP1 space.
  e('MSA', '011110 ffffffffffffffffffffffffff', 'raw', 'fpu', 'msa'),
  e('MSA', '010001 01011 fffffffffffffffffffff', 'raw', 'fpu', 'msa'),
  e('MSA', '010001 01111 fffffffffffffffffffff', 'raw', 'fpu', 'msa'),
  e('MSA', '010001 11 ffffffffffffffffffffffff', 'raw', 'fpu', 'msa'),
  e('JALX', '011101 xxxxxxxxxxxxxxxxxxxxxxxxxx', 'jt', 'isa-mode'),
];

/** Fixed-bit mask and value of a manual bit string. */
export function fixedBits(bits: string): { mask: number; match: number } {
  const b = bits.replace(/ /g, '');
  if (b.length !== 32) throw new Error(`encoding bit string has ${b.length} bits: ${bits}`);
  let mask = 0;
  let match = 0;
  for (let i = 0; i < 32; i++) {
    const bit = 31 - i;
    const ch = b[i];
    if (ch === '0' || ch === '1') {
      mask |= 1 << bit;
      if (ch === '1') match |= 1 << bit;
    }
  }
  return { mask: mask >>> 0, match: match >>> 0 };
}
