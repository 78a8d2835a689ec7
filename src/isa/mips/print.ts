/**
 * objdump-style disassembly text (`lw v0,84(s0)`, `addiu sp,sp,-32`, `beqz v0,d4`). Aliases are a
 * printing matter only: the decoded form stays the base instruction (`move` is ADDU/OR, `nop` is SLL).
 */
import { type MipsInsn, branchTarget, jumpTarget, simm } from './decode.js';
import { GPR_NAMES, cp0Name } from './registers.js';

const gpr = (n: number): string => GPR_NAMES[n]!;
const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

const SYNC_NAMES: Record<number, string> = { 0x4: 'sync_wmb', 0x10: 'sync_mb', 0x11: 'sync_acquire', 0x12: 'sync_release', 0x13: 'sync_rmb' };
const HWR_NAMES: Record<number, string> = { 0: 'hwr_cpunum', 1: 'hwr_synci_step', 2: 'hwr_cc', 3: 'hwr_ccres' };
const FCR_NAMES: Record<number, string> = { 0: 'c1_fir', 31: 'c1_fcsr' };

function operand(tok: string, i: MipsInsn): string | undefined {
  switch (tok) {
    case 'd': return gpr(i.rd);
    case 's': return gpr(i.rs);
    case 't': return gpr(i.rt);
    case 'zero': return 'zero';
    case 'sa': return hex(i.sa);
    case 'simm': return String(simm(i));
    case 'uimm': return hex(i.imm);
    case 'mem': return `${simm(i)}(${gpr(i.rs)})`;
    case 'br': return branchTarget(i).toString(16);
    case 'jt': return jumpTarget(i).toString(16);
    case 'code20': {
      const code = (i.word >>> 6) & 0xfffff;
      return code === 0 ? undefined : hex(code);
    }
    case 'brk': {
      const c1 = (i.word >>> 16) & 0x3ff;
      const c2 = (i.word >>> 6) & 0x3ff;
      if (c2 !== 0) return `${hex(c1)},${hex(c2)}`;
      return c1 === 0 ? undefined : hex(c1);
    }
    case 'tcode': {
      const code = (i.word >>> 6) & 0x3ff;
      return code === 0 ? undefined : hex(code);
    }
    case 'wcode': {
      const code = (i.word >>> 6) & 0x7ffff;
      return code === 0 ? undefined : hex(code);
    }
    case 'stype': return i.sa === 0 ? undefined : hex(i.sa);
    case 'cp0': return cp0Name(i.rd, i.word & 7);
    case 'hwr': return HWR_NAMES[i.rd] ?? `$${i.rd}`;
    case 'pos': return hex(i.sa);
    // An INS with msb < lsb (UNPREDICTABLE) prints its negative size as objdump does: unsigned 32-bit.
    case 'size': return hex((i.form === 'EXT' ? i.rd + 1 : i.rd - i.sa + 1) >>> 0);
    case 'op': return hex(i.rt);
    case 'ft': return `$f${i.rt}`;
    case 'fs': return `$f${i.rd}`;
    case 'fcr': return FCR_NAMES[i.rd] ?? `$${i.rd}`;
    case 'cc': {
      const cc = (i.word >>> 18) & 7;
      return cc === 0 ? undefined : `$fcc${cc}`;
    }
    case 'raw': return hex(i.word);
    case 'acr': return `$ac${(i.word >>> 21) & 3}`;
    case 'acw': return `$ac${(i.word >>> 11) & 3}`;
    case 'fcc': return `$fcc${(i.word >>> 18) & 7}`;
    case 'opt_t': return i.rt === 0 ? undefined : gpr(i.rt);
    default: throw new Error(`MIPS printer: unknown operand token ${tok}`);
  }
}

/** The objdump alias for an instruction, if it has one: [mnemonic, operands]. */
function alias(i: MipsInsn): [string, string] | undefined {
  switch (i.form) {
    case 'SLL':
      if (i.rd === 0 && i.rt === 0) {
        if (i.sa === 0) return ['nop', ''];
        if (i.sa === 1) return ['ssnop', ''];
        if (i.sa === 3) return ['ehb', ''];
      }
      return undefined;
    case 'ADDU': case 'OR':
      return i.rt === 0 ? ['move', `${gpr(i.rd)},${gpr(i.rs)}`] : undefined;
    case 'SUBU': case 'SUB':
      return i.rs === 0 ? [i.form === 'SUB' ? 'neg' : 'negu', `${gpr(i.rd)},${gpr(i.rt)}`] : undefined;
    case 'ADDIU':
      return i.rs === 0 ? ['li', `${gpr(i.rt)},${simm(i)}`] : undefined;
    case 'ORI':
      return i.rs === 0 ? ['li', `${gpr(i.rt)},${hex(i.imm)}`] : undefined;
    case 'BEQ':
      if (i.rs === 0 && i.rt === 0) return ['b', branchTarget(i).toString(16)];
      return i.rt === 0 ? ['beqz', `${gpr(i.rs)},${branchTarget(i).toString(16)}`] : undefined;
    case 'BNE':
      return i.rt === 0 ? ['bnez', `${gpr(i.rs)},${branchTarget(i).toString(16)}`] : undefined;
    case 'BGEZAL':
      return i.rs === 0 ? ['bal', branchTarget(i).toString(16)] : undefined;
    case 'JALR': case 'JALR_HB':
      return i.rd === 31 ? [i.enc!.mnemonic, gpr(i.rs)] : undefined;
    case 'SYNC':
      return SYNC_NAMES[i.sa] !== undefined ? [SYNC_NAMES[i.sa]!, ''] : undefined;
    default:
      return undefined;
  }
}

/** Mnemonic and operand text, separately (objdump puts a tab between them). */
export function formatParts(i: MipsInsn): [string, string] {
  if (!i.enc) return ['.word', hex(i.word)];
  const a = alias(i);
  if (a) return a;
  const ops = i.enc.syntax === '' ? [] : i.enc.syntax.split(',').map((t) => operand(t, i)).filter((x): x is string => x !== undefined);
  return [i.enc.mnemonic, ops.join(',')];
}

/** One line of disassembly, mnemonic and operands separated by a tab as objdump prints them. */
export function formatInsn(i: MipsInsn): string {
  const [m, ops] = formatParts(i);
  return ops === '' ? m : `${m}\t${ops}`;
}
