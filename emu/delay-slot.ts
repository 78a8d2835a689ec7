/**
 * Which MIPS32 (release 1/2, pre-R6) instructions have a delay slot: every branch and jump
 * (MIPS32 Architecture for Programmers Vol. II, opcode tables A.2-A.4 and A.11). The engine
 * needs this to report a fault in a slot the way the kernel does (EPC = the branch, Cause.BD
 * set) and never to stop between a branch and its slot.
 */

const OPCODE_BRANCHES = new Set([
  0x02, // J
  0x03, // JAL
  0x04, // BEQ
  0x05, // BNE
  0x06, // BLEZ
  0x07, // BGTZ
  0x14, // BEQL
  0x15, // BNEL
  0x16, // BLEZL
  0x17, // BGTZL
  0x1d, // JALX
]);

/** REGIMM rt field: BLTZ BGEZ BLTZL BGEZL BLTZAL BGEZAL BLTZALL BGEZALL. */
const REGIMM_BRANCHES = new Set([0x00, 0x01, 0x02, 0x03, 0x10, 0x11, 0x12, 0x13]);

export function mipsHasDelaySlot(word: number): boolean {
  const opcode = word >>> 26;
  if (OPCODE_BRANCHES.has(opcode)) return true;
  switch (opcode) {
    case 0x00: {
      const funct = word & 0x3f;
      return funct === 0x08 || funct === 0x09; // JR, JALR (and their .hb forms)
    }
    case 0x01:
      return REGIMM_BRANCHES.has((word >>> 16) & 0x1f);
    case 0x11: // COP1: BC1F/BC1T/BC1FL/BC1TL have rs = BC (01000)
    case 0x12: // COP2: BC2*
      return ((word >>> 21) & 0x1f) === 0x08;
    default:
      return false;
  }
}
