/**
 * Assembly text in the style of binutils objdump and gdb (`ldr\tx0, [x21, #40]`, `b.ne\t0x...`):
 * the preferred-disassembly aliases of the Arm ARM are chosen here, never in the decoder.
 */
import { CONDITIONS, gprName } from './registers.js';
import { PSTATE_FIELDS, sysOperation, systemRegisterName } from './sysregs.js';
import {
  SP, ZR, type Addressing, type Bitfield, type Cond, type Extend, type Gpr, type Insn, type LoadStore, type Shift, type Width,
} from './types.js';

export interface Printed {
  readonly mnemonic: string;
  readonly operands: string;
}

const hex = (v: number | bigint): string => `#0x${v.toString(16)}`;
const dec = (v: number): string => `#${v}`;
const addr = (v: bigint): string => `0x${v.toString(16)}`;
const r = gprName;
const cond = (c: Cond): string => CONDITIONS[c]!;
const p = (mnemonic: string, ...ops: string[]): Printed => ({ mnemonic, operands: ops.join(', ') });

export function formatInsn(insn: Insn): string {
  const { mnemonic, operands } = printInsn(insn);
  return operands ? `${mnemonic}\t${operands}` : mnemonic;
}

export function printInsn(i: Insn): Printed {
  const w = 'width' in i ? i.width : 64;
  switch (i.kind) {
    case 'addSubImm': {
      const imm = i.lsl12 ? [hex(i.imm12), 'lsl #12'] : [hex(i.imm12)];
      if (i.setFlags && i.rd === ZR) return p(i.op === 'add' ? 'cmn' : 'cmp', r(i.rn, w), ...imm);
      if (i.op === 'add' && !i.setFlags && i.imm12 === 0 && !i.lsl12 && (i.rd === SP || i.rn === SP)) return p('mov', r(i.rd, w), r(i.rn, w));
      return p(i.op + (i.setFlags ? 's' : ''), r(i.rd, w), r(i.rn, w), ...imm);
    }
    case 'addSubShifted': {
      const sh = shifted(i.rm, w, i.shift, i.amount);
      if (i.setFlags && i.rd === ZR) return p(i.op === 'add' ? 'cmn' : 'cmp', r(i.rn, w), ...sh);
      if (i.op === 'sub' && i.rn === ZR) return p(i.setFlags ? 'negs' : 'neg', r(i.rd, w), ...sh);
      return p(i.op + (i.setFlags ? 's' : ''), r(i.rd, w), r(i.rn, w), ...sh);
    }
    case 'addSubExtended': {
      const ext = extended(i.rm, w, i.extend, i.amount, i.rd === SP || i.rn === SP);
      if (i.setFlags && i.rd === ZR) return p(i.op === 'add' ? 'cmn' : 'cmp', r(i.rn, w), ...ext);
      return p(i.op + (i.setFlags ? 's' : ''), r(i.rd, w), r(i.rn, w), ...ext);
    }
    case 'addSubCarry':
      if (i.op === 'sbc' && i.rn === ZR) return p(i.setFlags ? 'ngcs' : 'ngc', r(i.rd, w), r(i.rm, w));
      return p(i.op + (i.setFlags ? 's' : ''), r(i.rd, w), r(i.rn, w), r(i.rm, w));
    case 'logicalImm':
      if (i.op === 'ands' && i.rd === ZR) return p('tst', r(i.rn, w), hex(i.imm));
      if (i.op === 'orr' && i.rn === ZR && !moveWidePreferred(i.imm, w)) return p('mov', r(i.rd, w), hex(i.imm));
      return p(i.op, r(i.rd, w), r(i.rn, w), hex(i.imm));
    case 'logicalShifted': {
      const sh = shifted(i.rm, w, i.shift, i.amount);
      const op = i.invert ? ({ and: 'bic', orr: 'orn', eor: 'eon', ands: 'bics' } as const)[i.op] : i.op;
      if (op === 'ands' && i.rd === ZR) return p('tst', r(i.rn, w), ...sh);
      if (op === 'orr' && i.rn === ZR && i.shift === 'lsl' && i.amount === 0) return p('mov', r(i.rd, w), r(i.rm, w));
      if (op === 'orn' && i.rn === ZR) return p('mvn', r(i.rd, w), ...sh);
      return p(op, r(i.rd, w), r(i.rn, w), ...sh);
    }
    case 'moveWide': {
      const mask = w === 64 ? (1n << 64n) - 1n : 0xffffffffn;
      const shiftedImm = BigInt(i.imm16) << BigInt(i.shift);
      if (i.op !== 'movk' && !(i.imm16 === 0 && i.shift !== 0) && !(i.op === 'movn' && w === 32 && i.imm16 === 0xffff)) {
        return p('mov', r(i.rd, w), hex(i.op === 'movz' ? shiftedImm : ~shiftedImm & mask));
      }
      return p(i.op, r(i.rd, w), hex(i.imm16), ...(i.shift ? [`lsl #${i.shift}`] : []));
    }
    case 'pcRel': return p(i.op, r(i.rd, 64), addr(i.target));
    case 'bitfield': return printBitfield(i);
    case 'extract':
      if (i.rn === i.rm) return p('ror', r(i.rd, w), r(i.rn, w), dec(i.lsb));
      return p('extr', r(i.rd, w), r(i.rn, w), r(i.rm, w), dec(i.lsb));
    case 'condSelect': {
      const invertible = i.cond < 14;
      const inv = cond(i.cond ^ 1);
      if (i.op === 'csinc' && invertible && i.rn === ZR && i.rm === ZR) return p('cset', r(i.rd, w), inv);
      if (i.op === 'csinv' && invertible && i.rn === ZR && i.rm === ZR) return p('csetm', r(i.rd, w), inv);
      if (i.op !== 'csel' && invertible && i.rn === i.rm) {
        const alias = ({ csinc: 'cinc', csinv: 'cinv', csneg: 'cneg' } as const)[i.op];
        return p(alias, r(i.rd, w), r(i.rn, w), inv);
      }
      return p(i.op, r(i.rd, w), r(i.rn, w), r(i.rm, w), cond(i.cond));
    }
    case 'condCompare':
      return p(i.op, r(i.rn, w), i.rm === null ? hex(i.imm5) : r(i.rm, w), hex(i.nzcv), cond(i.cond));
    case 'dp1': return p(i.op, r(i.rd, w), r(i.rn, w));
    case 'dp2':
      if (i.op.startsWith('crc32')) return p(i.op, r(i.rd, 32), r(i.rn, 32), r(i.rm, i.op.endsWith('x') ? 64 : 32));
      return p(i.op === 'udiv' || i.op === 'sdiv' ? i.op : i.op.slice(0, -1), r(i.rd, w), r(i.rn, w), r(i.rm, w));
    case 'pac':
      if (i.op === 'pacga') return p(i.op, r(i.rd, 64), r(i.rn ?? ZR, 64), r(((i.word >>> 16) & 31) === 31 ? SP : (i.word >>> 16) & 31, 64));
      return i.rn === null ? p(i.op, r(i.rd, 64)) : p(i.op, r(i.rd, 64), r(i.rn, 64));
    case 'dp3': {
      const long = i.op.length === 6;
      const src = long ? 32 : w;
      if (i.op === 'smulh' || i.op === 'umulh') return p(i.op, r(i.rd, 64), r(i.rn, 64), r(i.rm, 64));
      if (i.ra === ZR) {
        const alias = ({ madd: 'mul', msub: 'mneg', smaddl: 'smull', smsubl: 'smnegl', umaddl: 'umull', umsubl: 'umnegl' } as const)[i.op];
        return p(alias, r(i.rd, w), r(i.rn, src), r(i.rm, src));
      }
      return p(i.op, r(i.rd, w), r(i.rn, src), r(i.rm, src), r(i.ra, w));
    }
    case 'branchImm': return p(i.op, addr(i.target));
    case 'branchCond': return p(`b.${cond(i.cond)}`, addr(i.target));
    case 'compareBranch': return p(i.op, r(i.rt, i.width), addr(i.target));
    case 'testBranch': return p(i.op, r(i.rt, i.bit < 32 ? 32 : 64), dec(i.bit), addr(i.target));
    case 'branchReg': {
      if (!i.pac) {
        if (i.op === 'ret') return i.rn === 30 ? p('ret') : p('ret', r(i.rn, 64));
        return i.op === 'eret' || i.op === 'drps' ? p(i.op) : p(i.op, r(i.rn, 64));
      }
      const k = i.pac.key;
      if (i.op === 'ret' || i.op === 'eret') return p(`${i.op}a${k}`);
      if (i.pac.modifier === null) return p(`${i.op}a${k}z`, r(i.rn, 64));
      return p(`${i.op}a${k}`, r(i.rn, 64), r(i.pac.modifier, 64));
    }
    case 'exception':
      if (i.op.startsWith('dcps') && i.imm16 === 0) return p(i.op);
      if (i.op === 'udf') return p(i.op, dec(i.imm16));
      return p(i.op, hex(i.imm16));
    case 'hint': {
      if (!i.name) return p('hint', hex(i.imm));
      const [mn, operand] = i.name.split(' ') as [string, string | undefined];
      return operand ? p(mn, operand) : p(mn);
    }
    case 'barrier': return printBarrier(i.op, i.crm);
    case 'msrImm': {
      const field = PSTATE_FIELDS[`${i.op1}:${i.op2}`];
      return field ? p('msr', field, hex(i.crm)) : p('msr', systemRegisterName(0, i.op1, 4, i.crm, i.op2), r(ZR, 64));
    }
    case 'sys': {
      const alias = i.op === 'sys' ? sysOperation(i.op1, i.crn, i.crm, i.op2) : undefined;
      if (alias) {
        const [name, takesReg] = alias;
        const [mn, op] = name.split(' ') as [string, string];
        return takesReg || i.rt !== ZR ? p(mn, op, r(i.rt, 64)) : p(mn, op);
      }
      const fields = [dec(i.op1), `C${i.crn}`, `C${i.crm}`, dec(i.op2)];
      if (i.op === 'sysl') return p('sysl', r(i.rt, 64), ...fields);
      return i.rt === ZR ? p('sys', ...fields) : p('sys', ...fields, r(i.rt, 64));
    }
    case 'sysReg': {
      const name = systemRegisterName(i.op0, i.op1, i.crn, i.crm, i.op2);
      return i.op === 'mrs' ? p('mrs', r(i.rt, 64), name) : p('msr', name, r(i.rt, 64));
    }
    case 'loadStore': return p(i.op, transferRegister(i), address(i.addr));
    case 'loadStorePair': {
      const reg = (n: Gpr) => (i.simd ? simdName(n, i.size) : r(n, i.size === 8 || i.signed ? 64 : 32));
      return p(i.op, reg(i.rt), reg(i.rt2), address(i.addr));
    }
    case 'exclusive': {
      const rw = i.size === 8 ? 64 : 32;
      const ops = [...(i.rs === null ? [] : [r(i.rs, 32)]), r(i.rt, rw), ...(i.rt2 === null ? [] : [r(i.rt2, rw)]), `[${r(i.rn, 64)}]`];
      return p(i.op, ...ops);
    }
    case 'atomic': {
      const rw = i.size === 8 ? 64 : 32;
      const sfx = i.size === 1 ? 'b' : i.size === 2 ? 'h' : '';
      const base = i.op === 'swp' ? 'swp' : `ld${i.op}`;
      if (i.op !== 'swp' && i.rt === ZR && !i.acquire) return p(`st${i.op}${i.release ? 'l' : ''}${sfx}`, r(i.rs, rw), `[${r(i.rn, 64)}]`);
      return p(`${base}${i.acquire ? 'a' : ''}${i.release ? 'l' : ''}${sfx}`, r(i.rs, rw), r(i.rt, rw), `[${r(i.rn, 64)}]`);
    }
    case 'cas': {
      const rw = i.size === 8 ? 64 : 32;
      const sfx = i.pair ? '' : i.size === 1 ? 'b' : i.size === 2 ? 'h' : '';
      const mn = `cas${i.pair ? 'p' : ''}${i.acquire ? 'a' : ''}${i.release ? 'l' : ''}${sfx}`;
      if (i.pair) return p(mn, r(i.rs, rw), r(i.rs + 1, rw), r(i.rt, rw), r(i.rt + 1, rw), `[${r(i.rn, 64)}]`);
      return p(mn, r(i.rs, rw), r(i.rt, rw), `[${r(i.rn, 64)}]`);
    }
    case 'simdMemory': {
      const regs = Array.from({ length: i.count }, (_, k) => `v${(i.rt + k) % 32}.${i.arrangement}`);
      const list = i.count > 2 && i.rt + i.count <= 32 ? `{${regs[0]}-${regs[regs.length - 1]}}` : `{${regs.join(', ')}}`;
      const post = i.post === null ? [] : ['imm' in i.post ? dec(i.post.imm) : r(i.post.rm, 64)];
      return p(i.op, i.index === null ? list : `${list}[${i.index}]`, `[${r(i.rn, 64)}]`, ...post);
    }
    case 'simd':
    case 'unknown':
      return p('.inst', `0x${i.word.toString(16).padStart(8, '0')}`);
  }
}

function shifted(rm: Gpr, w: Width, shift: Shift, amount: number): string[] {
  return shift === 'lsl' && amount === 0 ? [r(rm, w)] : [r(rm, w), `${shift} #${amount}`];
}

/** Extended register operand; `lsl` replaces uxtw/uxtx when SP is involved (C6.2 ADD (extended register)). */
function extended(rm: Gpr, w: Width, extend: Extend, amount: number, spInvolved: boolean): string[] {
  const rmWidth = extend === 'uxtx' || extend === 'sxtx' ? 64 : 32;
  const reg = r(rm, w === 32 ? 32 : rmWidth);
  const isLsl = spInvolved && (w === 64 ? extend === 'uxtx' : extend === 'uxtw');
  if (isLsl) return amount ? [reg, `lsl #${amount}`] : [reg];
  return [reg, amount ? `${extend} #${amount}` : extend];
}

/** MoveWidePreferred (Arm ARM shared pseudocode): would MOVZ/MOVN express this ORR immediate? */
function moveWidePreferred(imm: bigint, w: Width): boolean {
  const mask = w === 64 ? (1n << 64n) - 1n : 0xffffffffn;
  const fits = (v: bigint) => {
    for (let s = 0n; s < BigInt(w); s += 16n) if ((v & ~(0xffffn << s) & mask) === 0n) return true;
    return false;
  };
  return fits(imm) || fits(~imm & mask);
}

function printBitfield(i: Bitfield): Printed {
  const w = i.width;
  const top = w - 1;
  const lsbInsert = (w - i.immr) % w;
  const insert = (mn: string) => p(mn, r(i.rd, w), r(i.rn, w), dec(lsbInsert), dec(i.imms + 1));
  const extract = (mn: string) => p(mn, r(i.rd, w), r(i.rn, w), dec(i.immr), dec(i.imms - i.immr + 1));
  switch (i.op) {
    case 'sbfm':
      if (i.imms === top) return p('asr', r(i.rd, w), r(i.rn, w), dec(i.immr));
      if (i.imms < i.immr) return insert('sbfiz');
      if (i.immr === 0 && (i.imms === 7 || i.imms === 15 || (i.imms === 31 && w === 64))) {
        return p(i.imms === 7 ? 'sxtb' : i.imms === 15 ? 'sxth' : 'sxtw', r(i.rd, w), r(i.rn, 32));
      }
      return extract('sbfx');
    case 'ubfm':
      if (i.imms !== top && i.imms + 1 === i.immr) return p('lsl', r(i.rd, w), r(i.rn, w), dec(top - i.imms));
      if (i.imms === top) return p('lsr', r(i.rd, w), r(i.rn, w), dec(i.immr));
      if (i.imms < i.immr) return insert('ubfiz');
      if (w === 32 && i.immr === 0 && (i.imms === 7 || i.imms === 15)) return p(i.imms === 7 ? 'uxtb' : 'uxth', r(i.rd, 32), r(i.rn, 32));
      return extract('ubfx');
    case 'bfm':
      if (i.imms < i.immr) {
        if (i.rn === ZR) return p('bfc', r(i.rd, w), dec(lsbInsert), dec(i.imms + 1));
        return insert('bfi');
      }
      return extract('bfxil');
  }
}

const BARRIER_OPTIONS: readonly (string | null)[] = [
  null, 'oshld', 'oshst', 'osh', null, 'nshld', 'nshst', 'nsh', null, 'ishld', 'ishst', 'ish', null, 'ld', 'st', 'sy',
];

function printBarrier(op: string, crm: number): Printed {
  switch (op) {
    case 'dsb': case 'dmb': return p(op, BARRIER_OPTIONS[crm] ?? hex(crm));
    case 'isb': case 'clrex': return crm === 15 ? p(op) : p(op, hex(crm));
    default: return p(op);
  }
}

const PRFM_TYPES = ['pld', 'pli', 'pst'] as const;
const PRFM_POLICIES = ['keep', 'strm'] as const;

function transferRegister(i: LoadStore): string {
  if (i.prefetch) {
    const type = PRFM_TYPES[i.rt >> 3];
    const target = (i.rt >> 1) & 3;
    return type && target < 3 ? `${type}l${target + 1}${PRFM_POLICIES[i.rt & 1]}` : `#0x${i.rt.toString(16).padStart(2, '0')}`;
  }
  return i.simd ? simdName(i.rt, i.size) : r(i.rt, i.regWidth);
}

function simdName(n: number, size: number): string {
  return `${({ 1: 'b', 2: 'h', 4: 's', 8: 'd', 16: 'q' } as Record<number, string>)[size]}${n}`;
}

function address(a: Addressing): string {
  switch (a.mode) {
    case 'literal': return addr(a.target);
    case 'offset': return a.imm ? `[${r(a.rn, 64)}, ${dec(a.imm)}]` : `[${r(a.rn, 64)}]`;
    case 'pre': return `[${r(a.rn, 64)}, ${dec(a.imm)}]!`;
    case 'post': return `[${r(a.rn, 64)}], ${dec(a.imm)}`;
    case 'register': {
      const rm = r(a.rm, a.extend === 'uxtx' || a.extend === 'sxtx' ? 64 : 32);
      const amount = a.scaled ? ` #${a.amount}` : '';
      if (a.extend === 'uxtx') return a.scaled ? `[${r(a.rn, 64)}, ${rm}, lsl${amount}]` : `[${r(a.rn, 64)}, ${rm}]`;
      return `[${r(a.rn, 64)}, ${rm}, ${a.extend}${amount}]`;
    }
  }
}
