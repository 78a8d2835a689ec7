/** The AArch64 oops layout (arch/arm64/mm/fault.c `mem_abort_decode`, kernel/process.c `__show_regs`). */
import { countMatches, type ArchFields, type ArchFormat } from './arch-format.js';
import { firstMatch, hex, parseNamedRegisters, parseSymbolRef } from './fields.js';
import type { Access } from './types.js';

export interface EsrInfo {
  ec: number;
  /** The exception class in the words `mem_abort_decode` prints. */
  ecName: string;
  il: 16 | 32;
  /** ISS bits: for data aborts WnR (write not read) and the fault status code. */
  wnr: boolean | null;
  fsc: number | null;
}

const EC_NAMES: Record<number, string> = {
  0x00: 'UNKNOWN', 0x15: 'SVC64', 0x18: 'SYS64', 0x20: 'IABT (lower EL)', 0x21: 'IABT (current EL)',
  0x22: 'PC Alignment', 0x24: 'DABT (lower EL)', 0x25: 'DABT (current EL)', 0x26: 'SP Alignment',
  0x2f: 'SError', 0x3c: 'BRK64',
};

/** ESR_ELx fields, Arm ARM D17.2.37: EC [31:26], IL [25], ISS [24:0]; data aborts: WnR ISS[6], DFSC ISS[5:0]. */
export function decodeEsr(esr: bigint): EsrInfo {
  const ec = Number((esr >> 26n) & 0x3fn);
  const isAbort = ec >= 0x20 && ec <= 0x25;
  return {
    ec,
    ecName: EC_NAMES[ec] ?? `EC 0x${ec.toString(16)}`,
    il: (esr & (1n << 25n)) !== 0n ? 32 : 16,
    wnr: ec === 0x24 || ec === 0x25 ? (esr & (1n << 6n)) !== 0n : null,
    fsc: isAbort ? Number(esr & 0x3fn) : null,
  };
}

/**
 * The access kind from the kernel's own decoding (`EC = 0x25`, `WnR = 0` lines) where printed,
 * else from the ESR value: some logs carry a truncated ESR beside correct decoded lines.
 */
function accessFromAbort(esr: bigint | null, printedEc: number | null, printedWnr: boolean | null): Access | null {
  const decoded = esr !== null ? decodeEsr(esr) : null;
  const ec = printedEc ?? decoded?.ec ?? null;
  if (ec === 0x20 || ec === 0x21) return 'fetch';
  if (ec !== 0x24 && ec !== 0x25) return null;
  const wnr = printedWnr ?? decoded?.wnr ?? null;
  if (wnr === null) return null;
  return wnr ? 'write' : 'read';
}

const REGISTER_NAMES = /x\d{1,2}/;

export const aarch64Format: ArchFormat = {
  score(lines) {
    return countMatches(lines, [/(?:^|\s)x29 ?: [0-9a-f]{16}/, /^pstate: /, /Mem abort info/, /^\s*ESR = 0x/, /^pc : /, /^lr : /, /Internal error: Oops(?: - \w+)?: [0-9a-f]{8,16} /, /x\d\d: [0-9a-f]{16}/]) * 10;
  },

  parse(lines, headline): ArchFields {
    const registers: Record<string, string> = {};
    for (const { text } of lines) {
      for (const [name, value] of parseNamedRegisters(text, REGISTER_NAMES)) {
        if (Number(name.slice(1)) <= 30 && registers[name] === undefined) registers[name] = hex(value);
      }
    }
    const sp = firstMatch(lines, /^sp ?: ([0-9a-f]{16})/);
    if (sp !== null) registers.sp = hex(sp[1]!);
    const pstate = firstMatch(lines, /\bpstate: ([0-9a-f]{8})/);
    if (pstate !== null) registers.pstate = hex(pstate[1]!);

    // 4.x prints `pc : [<addr>] lr : [<addr>] pstate: ...` and the symbols on `PC is at` lines;
    // later kernels print `pc : sym+off/size [mod]` and no address at all.
    const oldPcLr = firstMatch(lines, /^pc : \[<([0-9a-f]+)>\] lr : \[<([0-9a-f]+)>\]/);
    const pcLine = firstMatch(lines, /^pc ?: (?!\[<)(.*)$/);
    const lrLine = firstMatch(lines, /^lr ?: (?!\[<)(.*)$/);
    const pcIs = firstMatch(lines, /^PC is at (.*)$/);
    const lrIs = firstMatch(lines, /^LR is at (.*)$/);
    const bareAddress = (m: RegExpExecArray | null): string | null => {
      const a = m !== null ? /^(0x[0-9a-f]+)$/.exec(m[1]!.trim()) : null;
      return a !== null ? hex(a[1]!) : null;
    };
    const pc = oldPcLr !== null ? hex(oldPcLr[1]!) : bareAddress(pcLine);
    const ra = oldPcLr !== null ? hex(oldPcLr[2]!) : bareAddress(lrLine);
    if (pc !== null) registers.pc = pc;
    if (ra !== null && registers.x30 === undefined) registers.x30 = ra;

    const esrLine = firstMatch(lines, /^\s*ESR = (0x[0-9a-f]+)/);
    const internal = firstMatch(lines, /Internal error: Oops(?: - \w+)?: ([0-9a-f]{8,16}) /);
    const esr = esrLine !== null ? hex(esrLine[1]!) : internal !== null ? hex(internal[1]!) : null;
    const head = /at virtual address ([0-9a-f]+)/.exec(headline);
    const ecLine = firstMatch(lines, /^\s*EC = 0x([0-9a-f]{2}):/);
    const wnrLine = firstMatch(lines, /^\s*CM = \d, WnR = ([01])/);
    const printedEc = ecLine !== null ? parseInt(ecLine[1]!, 16) : null;
    const printedWnr = wnrLine !== null ? wnrLine[1] === '1' : null;
    return {
      arch: 'aarch64',
      faultAddress: head !== null ? hex(head[1]!) : null,
      access: head !== null ? accessFromAbort(esr !== null ? BigInt(esr) : null, printedEc, printedWnr) : null,
      pc,
      ra,
      pcSymbol: parseSymbolRef((pcLine ?? pcIs)?.[1] ?? ''),
      raSymbol: parseSymbolRef((lrLine ?? lrIs)?.[1] ?? ''),
      registers,
      esr,
      cause: null,
      stack: null,
    };
  },
};
