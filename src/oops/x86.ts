/** The x86_64 oops layout (arch/x86/kernel/process_64.c `__show_regs`), recognised, not analysed. */
import { countMatches, type ArchFormat } from './arch-format.js';
import { firstMatch, hex, parseNamedRegisters, parseSymbolRef } from './fields.js';
import type { Access } from './types.js';

const REGISTER_NAMES = /R[A-D]X|R[SD]I|RBP|RSP|R\d\d|EFLAGS|FS|GS|knlGS|CS|DS|ES|CR[0-4]/;

export const x86Format: ArchFormat = {
  score(lines) {
    return countMatches(lines, [/^RIP: /, /^RSP: /, /^RAX: /, /^CR2: /, /^BUG: unable to handle (?:kernel|page fault)/, /^#PF: /]) * 10;
  },
  parse(lines, headline) {
    const registers: Record<string, string> = {};
    for (const { text } of lines) {
      // `RSP: 0018:ffff...` and `FS: 0000...(0000)` carry a selector beside the value.
      const t = text.replace(/\b(RSP): [0-9a-f]{4}:/, '$1: ').replace(/([0-9a-f]{16})\([0-9a-f]{4}\)/g, '$1 ');
      if (!/^(?:R[A-Z0-9]{2}|FS|CS|CR\d): /.test(t)) continue;
      for (const [name, value] of parseNamedRegisters(t, REGISTER_NAMES)) {
        registers[name.toLowerCase().replace(/^r0(\d)$/, 'r$1')] = hex(value);
      }
    }
    const rip = firstMatch(lines, /^RIP: [0-9a-f]{4}:(?:\[<([0-9a-f]{16})>\] +(?:\[<[0-9a-f]+>\] )?)?(.*)$/);
    const ip = firstMatch(lines, /^IP: (?:\[<([0-9a-f]{16})>\] )?(.*)$/);
    const pc = rip?.[1] !== undefined ? hex(rip[1]) : ip?.[1] !== undefined ? hex(ip[1]) : null;
    if (pc !== null) registers.rip = pc;
    const head = /(?:dereference at|address:?) ([0-9a-f]{8,16})/.exec(headline);
    const pf = firstMatch(lines, /^#PF: \w+ (read|write|instruction fetch) access/);
    const code = firstMatch(lines, /^Oops: (?:Oops: )?([0-9a-f]{4}) /);
    let access: Access | null = null;
    if (pf !== null) access = pf[1] === 'write' ? 'write' : pf[1] === 'read' ? 'read' : 'fetch';
    else if (code !== null) {
      // Page-fault error code bits: 1 = write, 16 = instruction fetch (arch/x86/include/asm/trap_pf.h).
      const bits = parseInt(code[1]!, 16);
      access = bits & 0x10 ? 'fetch' : bits & 0x2 ? 'write' : 'read';
    }
    return {
      arch: 'x86_64',
      faultAddress: head !== null ? hex(head[1]!) : registers.cr2 ?? null,
      access,
      pc,
      ra: null,
      pcSymbol: parseSymbolRef(rip?.[2] ?? ip?.[2] ?? ''),
      raSymbol: null,
      registers,
      esr: null,
      cause: null,
      stack: null,
    };
  },
};
