/** The powerpc oops layout (arch/powerpc/kernel/process.c `show_regs`), recognised, not analysed. */
import { countMatches, type ArchFormat } from './arch-format.js';
import { firstMatch, hex, parseNamedRegisters, parseSymbolRef } from './fields.js';

const SPECIAL_NAMES = /NIP|LR|CTR|MSR|CR|XER|DEAR|DAR|ESR|DSISR|SOFTE|REGS|TRAP/;

export const powerpcFormat: ArchFormat = {
  score(lines) {
    return countMatches(lines, [/^NIP: /, /^GPR\d\d: /, /^MSR: /, /^Instruction dump:/, /^Faulting instruction address: 0x/]) * 10;
  },
  parse(lines, headline) {
    const registers: Record<string, string> = {};
    for (const { text } of lines) {
      const gpr = /^GPR(\d\d): ((?:[0-9a-f]{8,16} ?)+)$/.exec(text.trim());
      if (gpr !== null) {
        gpr[2]!.trim().split(/\s+/).forEach((v, i) => { registers[`r${Number(gpr[1]) + i}`] = hex(v); });
        continue;
      }
      if (!/^(?:NIP|REGS|MSR|DEAR|DAR|SOFTE|CFAR):? /.test(text)) continue;
      for (const [name, value] of parseNamedRegisters(text.replace(/ <[A-Z,]+>/, ''), SPECIAL_NAMES)) registers[name.toLowerCase()] = hex(value);
    }
    const head = /(?:dereference|bad area|access) (?:on (?:read|write) )?at (0x[0-9a-f]+)/.exec(headline);
    const esr = registers.esr ?? null;
    const dsisr = registers.dsisr ?? null;
    // BookE ESR.ST (0x00800000) and classic DSISR bit 25 (0x02000000) mark a store.
    const store = esr !== null ? (BigInt(esr) & 0x800000n) !== 0n : dsisr !== null ? (BigInt(dsisr) & 0x2000000n) !== 0n : null;
    const rw = /on (read|write) at/.exec(headline);
    return {
      arch: 'powerpc',
      faultAddress: registers.dear ?? registers.dar ?? (head !== null ? hex(head[1]!) : null),
      access: rw !== null ? (rw[1] as 'read' | 'write') : store === null ? null : store ? 'write' : 'read',
      pc: registers.nip ?? null,
      ra: registers.lr ?? null,
      pcSymbol: parseSymbolRef(firstMatch(lines, /^NIP \[[0-9a-f]+\] (.*)$/)?.[1] ?? ''),
      raSymbol: parseSymbolRef(firstMatch(lines, /^LR \[[0-9a-f]+\] (.*)$/)?.[1] ?? ''),
      registers,
      esr,
      cause: null,
      stack: null,
    };
  },
};
