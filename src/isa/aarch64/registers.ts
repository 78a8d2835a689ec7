/**
 * The AArch64 register file as data: 64-bit general registers x0-x30 (w0-w30 are their bits
 * 31..0), sp, pc and the NZCV flags of pstate. Every canonical name in the JSON contract comes
 * from here.
 */
import { makeRegisterFile, type RegisterDesc } from '../types.js';
import { SP, ZR, type Gpr, type Width } from './types.js';

/**
 * `nzcv` holds the four condition flags (N bit 3 .. V bit 0), the part of pstate the lifter models;
 * a system register read by MRS (sp_el0, tpidr_el1, ...) is a register of its own name outside this table.
 */
export const AARCH64_REGISTERS = makeRegisterFile('aarch64', [
  ...Array.from({ length: 31 }, (_, i): RegisterDesc => ({
    name: `x${i}`, width: 64, number: i, aliases: i === 29 ? ['fp', 'w29'] : i === 30 ? ['lr', 'w30'] : [`w${i}`],
  })),
  { name: 'sp', width: 64, number: 31, aliases: ['wsp'] },
  { name: 'pc', width: 64, aliases: [] },
  { name: 'nzcv', width: 4, aliases: ['pstate'] },
], { sp: 'sp', link: 'x30', pc: 'pc' });

/** Canonical 64-bit name of a general register operand (x0..x30, sp); the zero register has none. */
export function canonicalName(r: Gpr): string {
  if (r === SP) return 'sp';
  if (r === ZR) throw new Error('the zero register has no storage');
  return `x${r}`;
}

/** Assembly name of a general register operand at a width: x3, w3, xzr, wzr, sp, wsp. */
export function gprName(r: Gpr, width: Width): string {
  if (r === SP) return width === 64 ? 'sp' : 'wsp';
  if (r === ZR) return width === 64 ? 'xzr' : 'wzr';
  return `${width === 64 ? 'x' : 'w'}${r}`;
}

export const CONDITIONS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'] as const;
