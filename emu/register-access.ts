/**
 * Which registers an instruction reads and writes, by canonical name: what the tracer needs to
 * carry the "depends on unknown" taint from inputs to outputs. Over-approximation is allowed (an
 * extra read only makes more values unknown); a missing read is a bug, and the perturbation test
 * in test/emu checks for it on real compiled code.
 *
 * MIPS32: from the encoding (MIPS32 Vol. II opcode tables), since Capstone 5 has no register
 * access for MIPS. AArch64: Capstone's cs_regs_access, corrected where it is wrong for aliases
 * and atomics (measured: `cmp x0, #1` reports a write of x0 and no read; `ldadd w0, w2, [x3]`
 * and `cas` report neither w0 nor w2; `ret` omits x30).
 *
 * Another module with an exact decoder can replace this through the engine's
 * `registerAccess` option.
 */
import type { Arch } from './arch.js';
import { capstoneAccess } from './capstone.js';
import { MIPS_GPR_NAMES } from './registers.js';

export interface RegisterAccess {
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

/** Returns null when the instruction is not understood: callers must then assume it reads everything. */
export type RegisterAccessProvider = (arch: Arch, word: number) => RegisterAccess | null;

function gpr(index: number): string {
  return MIPS_GPR_NAMES[index] ?? `$${index}`;
}

function access(reads: string[], writes: string[]): RegisterAccess {
  return { reads: reads.filter((r) => r !== 'zero'), writes: writes.filter((w) => w !== 'zero') };
}

function mipsSpecial(word: number, rs: string, rt: string, rd: string): RegisterAccess | null {
  const funct = word & 0x3f;
  switch (funct) {
    case 0x00: case 0x02: case 0x03: return access([rt], [rd]); // SLL SRL(ROTR) SRA
    case 0x04: case 0x06: case 0x07: return access([rs, rt], [rd]); // SLLV SRLV(ROTRV) SRAV
    case 0x01: return access([rs, rd], [rd]); // MOVF/MOVT (condition code ignored: FPU)
    case 0x08: return access([rs], []); // JR
    case 0x09: return access([rs], [rd]); // JALR
    case 0x0a: case 0x0b: return access([rs, rt, rd], [rd]); // MOVZ MOVN: rd kept if no move
    case 0x0c: case 0x0d: case 0x0f: return access([], []); // SYSCALL BREAK SYNC
    case 0x10: return access(['hi'], [rd]); // MFHI
    case 0x11: return access([rs], ['hi']); // MTHI
    case 0x12: return access(['lo'], [rd]); // MFLO
    case 0x13: return access([rs], ['lo']); // MTLO
    case 0x18: case 0x19: case 0x1a: case 0x1b: return access([rs, rt], ['hi', 'lo']); // MULT(U) DIV(U)
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: case 0x27:
    case 0x2a: case 0x2b:
      return access([rs, rt], [rd]); // ADD ADDU SUB SUBU AND OR XOR NOR SLT SLTU
    case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x36:
      return access([rs, rt], []); // TGE TGEU TLT TLTU TEQ TNE
    default:
      return null;
  }
}

function mipsAccess(word: number): RegisterAccess | null {
  const opcode = word >>> 26;
  const rs = gpr((word >>> 21) & 0x1f);
  const rt = gpr((word >>> 16) & 0x1f);
  const rd = gpr((word >>> 11) & 0x1f);
  switch (opcode) {
    case 0x00: return mipsSpecial(word, rs, rt, rd);
    case 0x01: { // REGIMM
      const kind = (word >>> 16) & 0x1f;
      if (kind >= 0x10 && kind <= 0x13) return access([rs], ['ra']); // BLTZAL BGEZAL BLTZALL BGEZALL
      return kind <= 0x03 || (kind >= 0x08 && kind <= 0x0e) || kind === 0x1f ? access([rs], []) : null;
    }
    case 0x02: return access([], []); // J
    case 0x03: case 0x1d: return access([], ['ra']); // JAL JALX
    case 0x04: case 0x05: case 0x14: case 0x15: return access([rs, rt], []); // BEQ BNE BEQL BNEL
    case 0x06: case 0x07: case 0x16: case 0x17: return access([rs], []); // BLEZ BGTZ (likely)
    case 0x08: case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x0e:
      return access([rs], [rt]); // ADDI ADDIU SLTI SLTIU ANDI ORI XORI
    case 0x0f: return access([], [rt]); // LUI
    case 0x10: { // COP0
      const op = (word >>> 21) & 0x1f;
      if (op === 0x00 || op === 0x0b) return access([], [rt]); // MFC0, MFMC0 (DI/EI)
      if (op === 0x04) return access([rt], []); // MTC0
      if (op === 0x0a || op === 0x0e) return access([rt], [rd]); // RDPGPR WRPGPR
      return op >= 0x10 ? access([], []) : null; // CO: ERET, TLB ops, WAIT
    }
    case 0x11: { // COP1: only moves between GPRs and the FPU matter to GPR taint
      const op = (word >>> 21) & 0x1f;
      const fs = `f${(word >>> 11) & 0x1f}`;
      if (op === 0x00 || op === 0x03) return access([fs], [rt]); // MFC1 MFHC1
      if (op === 0x02) return access(['fcsr'], [rt]); // CFC1
      if (op === 0x04 || op === 0x07) return access([rt, fs], [fs]); // MTC1 MTHC1
      if (op === 0x06) return access([rt], ['fcsr']); // CTC1
      if (op === 0x08) return access(['fcsr'], []); // BC1*
      const ft = `f${(word >>> 16) & 0x1f}`;
      const fd = `f${(word >>> 6) & 0x1f}`;
      return access([fs, ft, 'fcsr'], [fd, 'fcsr']); // arithmetic: fd, and the condition codes
    }
    case 0x1c: { // SPECIAL2
      const funct = word & 0x3f;
      if (funct === 0x00 || funct === 0x01 || funct === 0x04 || funct === 0x05) {
        return access([rs, rt, 'hi', 'lo'], ['hi', 'lo']); // MADD MADDU MSUB MSUBU
      }
      if (funct === 0x02) return access([rs, rt], [rd]); // MUL
      if (funct === 0x20 || funct === 0x21) return access([rs], [rd]); // CLZ CLO
      return funct === 0x3f ? access([], []) : null; // SDBBP
    }
    case 0x1f: { // SPECIAL3
      const funct = word & 0x3f;
      if (funct === 0x00) return access([rs], [rt]); // EXT
      if (funct === 0x04) return access([rs, rt], [rt]); // INS
      if (funct === 0x20) return access([rt], [rd]); // BSHFL: WSBH SEB SEH
      if (funct === 0x3b) return access([], [rt]); // RDHWR
      return null;
    }
    case 0x20: case 0x21: case 0x23: case 0x24: case 0x25: case 0x30:
      return access([rs], [rt]); // LB LH LW LBU LHU LL
    case 0x22: case 0x26: return access([rs, rt], [rt]); // LWL LWR merge into rt
    case 0x28: case 0x29: case 0x2a: case 0x2b: case 0x2e: return access([rs, rt], []); // SB SH SWL SW SWR
    case 0x38: return access([rs, rt], [rt]); // SC writes the success flag
    case 0x2f: case 0x33: return access([rs], []); // CACHE PREF
    case 0x31: case 0x35: return access([rs], [`f${(word >>> 16) & 0x1f}`]); // LWC1 LDC1
    case 0x39: case 0x3d: return access([rs, `f${(word >>> 16) & 0x1f}`], []); // SWC1 SDC1
    default:
      return null;
  }
}

/** Capstone AArch64 names -> ours: `w5` is part of `x5`, flags live in pstate, vN covers bN..qN. */
function aarch64Name(name: string): string | null {
  if (name === 'xzr' || name === 'wzr') return null;
  if (name === 'wsp' || name === 'sp') return 'sp';
  if (name === 'fp') return 'x29';
  if (name === 'lr') return 'x30';
  if (name === 'nzcv') return 'pstate';
  const gp = /^[xw](\d+)$/.exec(name);
  if (gp !== null) return `x${gp[1]}`;
  const simd = /^[bhsdqv](\d+)$/.exec(name);
  if (simd !== null) return `v${simd[1]}`;
  return name;
}

const ATOMIC = /^(ld(add|clr|eor|set|smax|smin|umax|umin)|st(add|clr|eor|set|smax|smin|umax|umin)|swp|casp?)(a|al|l)?(b|h)?$/;
const FLAG_ALIASES = new Set(['cmp', 'cmn', 'tst']);

function operandRegisters(operands: string): string[] {
  const out: string[] = [];
  for (const match of operands.matchAll(/\b([xw](?:\d+|zr)|w?sp|fp|lr|[bhsdqv]\d+)\b/g)) {
    const name = aarch64Name(match[1] as string);
    if (name !== null) out.push(name);
  }
  return out;
}

function unique(names: Array<string | null>): string[] {
  return [...new Set(names.filter((n): n is string => n !== null))];
}

function aarch64Access(word: number): RegisterAccess | null {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, word >>> 0, true);
  const found = capstoneAccess('aarch64', bytes);
  if (found === null) return null;
  const reads = found.reads.map(aarch64Name);
  const writes = found.writes.map(aarch64Name);
  const mnemonic = found.mnemonic;
  const named = operandRegisters(found.operands);
  if (FLAG_ALIASES.has(mnemonic)) return { reads: unique([...reads, ...named]), writes: ['pstate'] };
  const atomic = ATOMIC.exec(mnemonic);
  if (atomic !== null) {
    const registers = named.slice(0, -1); // the last named register is the base in [xN]
    const kind = atomic[1] as string;
    const written = kind.startsWith('st') ? [] : kind === 'casp' ? registers.slice(0, 2) : kind === 'cas' ? registers.slice(0, 1) : registers.slice(1, 2);
    return { reads: unique([...reads, ...named]), writes: unique([...writes, ...written]) };
  }
  if (mnemonic === 'ret' && found.operands === '') return { reads: unique([...reads, 'x30']), writes: unique(writes) };
  if (mnemonic === 'msr' && /^nzcv\b/.test(found.operands)) return { reads: unique(reads), writes: unique([...writes, 'pstate']) };
  return { reads: unique(reads), writes: unique(writes) };
}

export const defaultRegisterAccess: RegisterAccessProvider = (arch, word) =>
  arch === 'aarch64' ? aarch64Access(word) : mipsAccess(word);
