/**
 * The MIPS32 register file: one table from which every canonical name comes (DESIGN.md contract).
 * GPR numbers are the encoding numbers; hi/lo are the multiply/divide results; epc, badvaddr, status
 * and cause are the CP0 registers an oops prints. llbit/lladdr model the ll/sc link (MIPS32 manual,
 * LL and SC: "LLbit").
 */
import { MIPS_GPR_NAMES } from '../../oops/mips.js';
import { type RegisterDesc, makeRegisterFile } from '../types.js';

/** The o32 names of the 32 GPRs in encoding order; the oops parser names the `$N` rows with the same table. */
export const GPR_NAMES = MIPS_GPR_NAMES;

export type GprName = (typeof GPR_NAMES)[number];

const gprs: RegisterDesc[] = GPR_NAMES.map((name, number) => ({
  name, width: 32, number, aliases: [`$${number}`, `$${name}`, `r${number}`, ...(name === 's8' ? ['fp', '$fp'] : [])],
}));

export const MIPS_REGISTERS = makeRegisterFile('mips', [
  ...gprs,
  { name: 'hi', width: 32, aliases: ['$hi'] },
  { name: 'lo', width: 32, aliases: ['$lo'] },
  { name: 'pc', width: 32, aliases: ['$pc'] },
  { name: 'epc', width: 32, aliases: ['c0_epc'] },
  { name: 'badvaddr', width: 32, aliases: ['c0_badvaddr', 'badva'] },
  { name: 'status', width: 32, aliases: ['c0_status'] },
  { name: 'cause', width: 32, aliases: ['c0_cause'] },
  { name: 'llbit', width: 1, aliases: [] },
  { name: 'lladdr', width: 32, aliases: [] },
], { sp: 'sp', link: 'ra', pc: 'pc' });

/**
 * CP0 register names as binutils objdump prints them for MIPS32r2 (register, select -> name), so
 * listings match what users paste. A missing entry prints as `$reg,sel`.
 */
const CP0_NAMES: Record<number, readonly (string | undefined)[]> = {
  0: ['index', 'mvpcontrol', 'mvpconf0', 'mvpconf1'],
  1: ['random', 'vpecontrol', 'vpeconf0', 'vpeconf1', 'yqmask', 'vpeschedule', 'vpeschefback'],
  2: ['entrylo0', 'tcstatus', 'tcbind', 'tcrestart', 'tchalt', 'tccontext', 'tcschedule', 'tcschefback'],
  3: ['entrylo1'],
  4: ['context', 'contextconfig'],
  5: ['pagemask', 'pagegrain'],
  6: ['wired', 'srsconf0', 'srsconf1', 'srsconf2', 'srsconf3', 'srsconf4'],
  7: ['hwrena'],
  8: ['badvaddr'],
  9: ['count'],
  10: ['entryhi'],
  11: ['compare'],
  12: ['status', 'intctl', 'srsctl', 'srsmap'],
  13: ['cause'],
  14: ['epc'],
  15: ['prid', 'ebase'],
  16: ['config', 'config1', 'config2', 'config3'],
  17: ['lladdr'],
  18: ['watchlo', 'watchlo,1', 'watchlo,2', 'watchlo,3', 'watchlo,4', 'watchlo,5', 'watchlo,6', 'watchlo,7'],
  19: ['watchhi', 'watchhi,1', 'watchhi,2', 'watchhi,3', 'watchhi,4', 'watchhi,5', 'watchhi,6', 'watchhi,7'],
  20: ['xcontext'],
  23: ['debug', 'tracecontrol', 'tracecontrol2', 'usertracedata', 'tracebpc'],
  24: ['depc'],
  25: ['perfcnt', 'perfcnt,1', 'perfcnt,2', 'perfcnt,3', 'perfcnt,4', 'perfcnt,5', 'perfcnt,6', 'perfcnt,7'],
  26: ['errctl'],
  27: ['cacheerr', 'cacheerr,1', 'cacheerr,2', 'cacheerr,3'],
  28: ['taglo', 'datalo', 'taglo1', 'datalo1', 'taglo2', 'datalo2', 'taglo3', 'datalo3'],
  29: ['taghi', 'datahi', 'taghi1', 'datahi1', 'taghi2', 'datahi2', 'taghi3', 'datahi3'],
  30: ['errorepc'],
  31: ['desave'],
};

export function cp0Name(reg: number, sel: number): string {
  const n = CP0_NAMES[reg]?.[sel];
  if (n) return `c0_${n}`;
  return sel === 0 ? `$${reg}` : `$${reg},${sel}`;
}

/** The modelled register a CP0 (register, select) pair stands for, if any. */
export function cp0Modelled(reg: number, sel: number): string | undefined {
  if (sel !== 0) return undefined;
  return ({ 8: 'badvaddr', 12: 'status', 13: 'cause', 14: 'epc' } as Record<number, string>)[reg];
}
