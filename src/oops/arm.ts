/** The 32-bit ARM oops layout (arch/arm/kernel/process.c `__show_regs`), recognised, not analysed. */
import { countMatches, type ArchFormat } from './arch-format.js';
import { firstMatch, hex, parseNamedRegisters, parseSymbolRef } from './fields.js';

const REGISTER_NAMES = /r\d{1,2}|fp|ip|sp|lr|pc|psr/;

export const armFormat: ArchFormat = {
  score(lines) {
    return countMatches(lines, [/^8<--- cut here/, /(?:^|\s)r10: [0-9a-f]{8}/, /\bpsr: [0-9a-f]{8}/, /Internal error: Oops: [0-9a-f]+ \[#\d+\].* ARM$/, /^Flags: [NnZzCcVv]{4}/]) * 10;
  },
  parse(lines, headline) {
    const registers: Record<string, string> = {};
    for (const { text } of lines) {
      const t = text.replace(/\[<([0-9a-f]{8})>\]/g, '$1');
      if (!/^(?:pc|sp|r\d+) ?: /.test(t)) continue;
      for (const [name, value] of parseNamedRegisters(t, REGISTER_NAMES)) registers[name] = hex(value);
    }
    const fsr = firstMatch(lines, /Internal error: Oops: ([0-9a-f]+) \[/);
    const head = /at virtual address ([0-9a-f]+)/.exec(headline);
    // FSR bit 11 (WnR) says whether the abort was a write (ARM ARM B3.13.6).
    const access = fsr !== null && head !== null ? ((parseInt(fsr[1]!, 16) & 0x800) !== 0 ? 'write' : 'read') : null;
    return {
      arch: 'arm',
      faultAddress: head !== null ? hex(head[1]!) : null,
      access,
      pc: registers.pc ?? null,
      ra: registers.lr ?? null,
      pcSymbol: parseSymbolRef(firstMatch(lines, /^PC is at (.*)$/)?.[1] ?? ''),
      raSymbol: parseSymbolRef(firstMatch(lines, /^LR is at (.*)$/)?.[1] ?? ''),
      registers,
      esr: null,
      cause: fsr !== null ? hex(fsr[1]!) : null,
      stack: null,
    };
  },
};
