/** The MIPS oops layout (arch/mips/kernel/traps.c `show_regs`, `show_stacktrace`, `show_code`). */
import { countMatches, type ArchFields, type ArchFormat } from './arch-format.js';
import { firstMatch, hex, parseStackWords, parseSymbolRef } from './fields.js';
import type { LogLine } from './normalize.js';
import type { Access } from './types.js';

export const MIPS_GPR_NAMES = [
  'zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7',
  's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 't8', 't9', 'k0', 'k1', 'gp', 'sp', 's8', 'ra',
] as const;

/** Cause.ExcCode names, MIPS32 PRA manual table 9.31. */
export const MIPS_EXC_CODES: Record<number, string> = {
  0: 'Int', 1: 'Mod', 2: 'TLBL', 3: 'TLBS', 4: 'AdEL', 5: 'AdES', 6: 'IBE', 7: 'DBE', 8: 'Sys', 9: 'Bp',
  10: 'RI', 11: 'CpU', 12: 'Ov', 13: 'Tr', 15: 'FPE', 16: 'IS1', 18: 'C2E', 19: 'TLBRI', 20: 'TLBXI',
  22: 'MDMX', 23: 'WATCH', 24: 'MCheck', 25: 'Thread', 26: 'DSPDis', 30: 'CacheErr',
};

export interface MipsCause {
  excCode: number;
  name: string;
  /** Cause.BD: the faulting instruction sits in a branch delay slot and epc names the branch. */
  branchDelay: boolean;
}

export function decodeMipsCause(cause: bigint): MipsCause {
  const excCode = Number((cause >> 2n) & 0x1fn);
  return { excCode, name: MIPS_EXC_CODES[excCode] ?? `ExcCode ${excCode}`, branchDelay: (cause & 0x80000000n) !== 0n };
}

function accessFromCause(cause: bigint | null, badva: string | null, epc: string | null): Access | null {
  if (cause === null) return null;
  const { name } = decodeMipsCause(cause);
  const atPc = badva !== null && epc !== null && BigInt(badva) === BigInt(epc);
  switch (name) {
    case 'TLBL': case 'AdEL': case 'TLBRI': return atPc ? 'fetch' : 'read';
    case 'TLBS': case 'AdES': case 'Mod': return 'write';
    case 'IBE': case 'TLBXI': return 'fetch';
    default: return null;
  }
}

const HEADLINE = /(?:virtual address ([0-9a-f]+), )?epc == ([0-9a-f]+)(?:, ra == ([0-9a-f]+))?/;

export const mipsFormat: ArchFormat = {
  score(lines) {
    return countMatches(lines, [/^\$ ?\d+ *: [0-9a-f]/, /^epc *:/, /^PrId *:/, /^Cause *:/, /^Status:/, /epc == [0-9a-f]/, /^BadVA *:/]) * 10;
  },

  parse(lines, headline) {
    const registers: Record<string, string> = {};
    let wide = false;
    for (const { text } of lines) {
      const row = /^\$ ?(\d+) *: ((?:[0-9a-f]{8,16}\s*)+)/.exec(text);
      if (row === null) continue;
      const base = Number(row[1]);
      row[2]!.trim().split(/\s+/).forEach((v, i) => {
        const name = MIPS_GPR_NAMES[base + i];
        if (name !== undefined) registers[name] = hex(v);
        if (v.length === 16) wide = true;
      });
    }
    const special = (label: string): string | null => {
      const m = firstMatch(lines, new RegExp(String.raw`^${label} *: ?([0-9a-f]{8,16})\b`));
      return m !== null ? hex(m[1]!) : null;
    };
    const hi = special('Hi');
    const lo = special('Lo');
    if (hi !== null) registers.hi = hi;
    if (lo !== null) registers.lo = lo;

    const epcLine = firstMatch(lines, /^epc *: ?([0-9a-f]{8,16}) ?(.*)$/);
    const raLine = firstMatch(lines, /^ra *: ?([0-9a-f]{8,16}) ?(.*)$/);
    const head = HEADLINE.exec(headline);
    const pc = epcLine !== null ? hex(epcLine[1]!) : head?.[2] !== undefined ? hex(head[2]) : null;
    const ra = raLine !== null ? hex(raLine[1]!) : head?.[3] !== undefined ? hex(head[3]) : registers.ra ?? null;
    if (pc !== null) registers.epc = pc;
    if (registers.ra === undefined && ra !== null) registers.ra = ra;

    const status = special('Status');
    const causeText = firstMatch(lines, /^Cause *: ?([0-9a-f]{8,16})/);
    const cause = causeText !== null ? hex(causeText[1]!) : null;
    const badva = special('BadVA');
    if (status !== null) registers.status = status;
    if (cause !== null) registers.cause = cause;
    if (badva !== null) registers.badvaddr = badva;

    const faultAddress = badva ?? (head?.[1] !== undefined ? hex(head[1]) : null);
    return {
      arch: wide || (pc !== null && pc.length > 10) ? 'mips64' : 'mips',
      faultAddress,
      access: accessFromCause(cause !== null ? BigInt(cause) : null, faultAddress, pc),
      pc,
      ra,
      pcSymbol: epcLine !== null ? parseSymbolRef(epcLine[2]!) : null,
      raSymbol: raLine !== null ? parseSymbolRef(raLine[2]!) : null,
      registers,
      esr: null,
      cause,
      stack: parseStackWords(lines)?.map(hex) ?? null,
    };
  },
};
