/**
 * Shared helpers of the MIPS lifters: register reads (r0 reads as 0), writes (writes to r0 vanish),
 * immediates, and the statement list of the instruction being lifted.
 */
import { konst, reg, sext, tmp, zext } from '../../../ir/build.js';
import type { Endian, Expr } from '../../../ir/expr.js';
import type { Stmt, TrapReason } from '../../../ir/stmt.js';
import { type MipsInsn, simm } from '../decode.js';
import { GPR_NAMES } from '../registers.js';

export class LiftContext {
  readonly stmts: Stmt[] = [];
  precise = true;
  private nextTmp = 0;

  constructor(readonly insn: MipsInsn, readonly endian: Endian) {}

  get pc(): bigint {
    return this.insn.pc;
  }

  gpr(n: number): Expr {
    return n === 0 ? ZERO : reg(GPR_NAMES[n]!, 32);
  }

  /** A modelled non-GPR register (hi, lo, epc, status, llbit...). */
  special(name: string, width = 32): Expr {
    return reg(name, width);
  }

  setGpr(n: number, value: Expr): void {
    if (n !== 0) this.stmts.push({ kind: 'assign', pc: this.pc, dst: GPR_NAMES[n]!, value });
  }

  setSpecial(name: string, value: Expr): void {
    this.stmts.push({ kind: 'assign', pc: this.pc, dst: name, value });
  }

  /** Bind a value to a fresh temporary and return the temporary, so it is computed once. */
  let(value: Expr): Expr {
    if (value.kind === 'const' || value.kind === 'reg') return value;
    const index = this.nextTmp++;
    this.stmts.push({ kind: 'let', pc: this.pc, index, value });
    return tmp(index, value.width);
  }

  store(addr: Expr, value: Expr): void {
    this.stmts.push({ kind: 'store', pc: this.pc, addr, value, endian: this.endian });
  }

  trap(cond: Expr, reason: TrapReason): void {
    if (cond.kind === 'const' && cond.value === 0n) return;
    this.stmts.push({ kind: 'trap', pc: this.pc, cond, reason });
  }

  opaque(clobbers: readonly string[], memory: boolean, reason: string): void {
    this.precise = false;
    this.stmts.push({ kind: 'opaque', pc: this.pc, clobbers: clobbers.filter((c) => c !== 'zero'), memory, reason });
  }

  external(effect: string): void {
    this.stmts.push({ kind: 'external', pc: this.pc, effect });
  }

  exit(cond: Expr, target: Expr, flavor: 'jump' | 'call' | 'return' | 'exception-return'): void {
    this.stmts.push({ kind: 'exit', pc: this.pc, cond, target, flavor });
  }

  simm32(): Expr {
    return konst(simm(this.insn), 32);
  }

  uimm32(): Expr {
    return konst(this.insn.imm, 32);
  }
}

const ZERO = konst(0, 32);

export const sx = (e: Expr, w: number): Expr => sext(e, w);
export const zx = (e: Expr, w: number): Expr => zext(e, w);
