/** The RISC-V oops layout (arch/riscv/kernel/process.c `__show_regs`), recognised, not analysed. */
import { countMatches, type ArchFormat } from './arch-format.js';
import { firstMatch, hex, parseNamedRegisters, parseSymbolRef } from './fields.js';
import type { Access } from './types.js';

const REGISTER_NAMES = /epc|ra|sp|gp|tp|t[0-6]|s\d{1,2}|a[0-7]|ssp|status|badaddr|cause/;

export const riscvFormat: ArchFormat = {
  score(lines) {
    return countMatches(lines, [/\bbadaddr: [0-9a-f]{16}/, /(?:^|\s)gp : [0-9a-f]{16} tp : /, /(?:^|\s)s11: [0-9a-f]{16}/, /^status: [0-9a-f]{16}/]) * 10;
  },
  parse(lines, headline) {
    const registers: Record<string, string> = {};
    for (const { text } of lines) {
      if (!/^\s*(?:epc|gp|t\d|s\d+|a\d|status) ?: ?[0-9a-f]{16}/.test(text)) continue;
      for (const [name, value] of parseNamedRegisters(text, REGISTER_NAMES)) registers[name] = hex(value);
    }
    const head = /at virtual address ([0-9a-f]+)/.exec(headline);
    const cause = registers.cause ?? null;
    // scause 12/13/15: instruction, load, store page fault (RISC-V privileged spec, table 3.6).
    const code = cause !== null ? Number(BigInt(cause) & 0xffn) : null;
    const access: Access | null = code === 12 || code === 1 ? 'fetch' : code === 13 || code === 5 ? 'read' : code === 15 || code === 7 ? 'write' : null;
    return {
      arch: 'riscv',
      faultAddress: registers.badaddr ?? (head !== null ? hex(head[1]!) : null),
      access,
      pc: registers.epc ?? null,
      ra: registers.ra ?? null,
      pcSymbol: parseSymbolRef(firstMatch(lines, /^epc ?: (?![0-9a-f]{16}\b)(.*)$/)?.[1] ?? ''),
      raSymbol: parseSymbolRef(firstMatch(lines, /^\s?ra ?: (?![0-9a-f]{16}\b)(.*)$/)?.[1] ?? ''),
      registers,
      esr: null,
      cause,
      stack: null,
    };
  },
};
