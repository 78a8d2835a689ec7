/**
 * Finds every oops in a kernel log and extracts what it says. Pure: text in, CrashReport out.
 */
import { UserError } from '../errors.js';
import { aarch64Format } from './aarch64.js';
import type { ArchFormat } from './arch-format.js';
import { armFormat } from './arm.js';
import { parseCallTrace, parseCodeLine, parseModules, parseTaskLine } from './fields.js';
import { mipsFormat } from './mips.js';
import { normalizeLog, type LogLine } from './normalize.js';
import { powerpcFormat } from './powerpc.js';
import { riscvFormat } from './riscv.js';
import type { CrashReport } from './types.js';
import { x86Format } from './x86.js';

export type { CrashReport, SymbolRef, TraceEntry, Arch, Access } from './types.js';
export { decodeMipsCause, MIPS_GPR_NAMES } from './mips.js';
export { decodeEsr } from './aarch64.js';

/** Lines that open an oops, strongest first (drgn's panic.py ranks its patterns the same way). */
const PRIMARY_HEADLINES: RegExp[] = [
  /^CPU \d+ Unable to handle kernel paging request at virtual address/,
  /^Unable to handle kernel .*\bat (?:virtual )?address/,
  /^BUG: (?:unable to handle|kernel NULL pointer dereference|Kernel NULL pointer dereference|Unable to handle kernel)/,
  /^(?:Data|Instruction) bus error, epc ==/,
  /^Unhandled kernel unaligned access/,
  /^Kernel bug detected\[#\d+\]/,
  /^kernel BUG at \S+!/,
  /^general protection fault\b/,
];

/** Lines that belong to an oops already opened, or open one when nothing stronger came first. */
const SECONDARY_HEADLINES: RegExp[] = [/^Oops ?\[#\d+\]/, /^Internal error: /, /^Oops(?: - \w+)?: /];

const END_OF_OOPS = /^---\[ end (?:trace|Kernel panic)/;

const FORMATS: ArchFormat[] = [mipsFormat, aarch64Format, armFormat, x86Format, riscvFormat, powerpcFormat];

interface Block {
  lines: LogLine[];
  /** Lines between the previous oops (or the start) and this one: fragments quoted out of order. */
  before: LogLine[];
  headline: string;
}

function classify(text: string): 'primary' | 'secondary' | null {
  if (PRIMARY_HEADLINES.some((re) => re.test(text))) return 'primary';
  if (SECONDARY_HEADLINES.some((re) => re.test(text))) return 'secondary';
  return null;
}

function findBlocks(lines: LogLine[]): Block[] {
  const blocks: Block[] = [];
  let cur: (Block & { hasPrimary: boolean; ended: boolean; start: number }) | null = null;
  let lastEnd = 0;
  lines.forEach((line, i) => {
    const text = line.text.trimStart();
    const kind = classify(text);
    const opensNew =
      kind === 'primary' ? cur === null || cur.ended || cur.hasPrimary : kind === 'secondary' && (cur === null || cur.ended);
    if (opensNew) {
      if (cur !== null && !cur.ended) lastEnd = i;
      cur = { lines: [], before: lines.slice(lastEnd, i), headline: text, hasPrimary: kind === 'primary', ended: false, start: i };
      blocks.push(cur);
    } else if (cur !== null && kind === 'primary' && !cur.hasPrimary) {
      cur.hasPrimary = true;
      cur.headline = text;
    }
    if (cur !== null && !cur.ended) {
      cur.lines.push({ ...line, text });
      if (END_OF_OOPS.test(text)) {
        cur.ended = true;
        lastEnd = i + 1;
      }
    }
  });
  return blocks.map(({ lines: l, before, headline }) => ({ lines: l, before, headline }));
}

function chooseFormat(block: Block): ArchFormat {
  let best: ArchFormat | null = null;
  let bestScore = 0;
  for (const f of FORMATS) {
    const s = f.score(block.lines);
    if (s > bestScore) {
      best = f;
      bestScore = s;
    }
  }
  if (best !== null) return best;
  if (/epc ==|^Oops\[#|^Kernel bug detected|^Unhandled kernel unaligned/.test(block.headline)) return mipsFormat;
  if (/^BUG: unable to handle|^general protection/.test(block.headline)) return x86Format;
  if (/^BUG: Kernel NULL/.test(block.headline)) return powerpcFormat;
  const addr = /address ([0-9a-f]+)/.exec(block.headline);
  return addr !== null && addr[1]!.length <= 8 ? armFormat : aarch64Format;
}

function buildReport(block: Block): CrashReport {
  const fields = chooseFormat(block).parse(block.lines, block.headline);
  const task = parseTaskLine(block.lines);
  let callTrace = parseCallTrace(block.lines);
  if (callTrace.length === 0) callTrace = parseCallTrace(block.before);
  // ARM's `f from g+off` trace omits the first function's offset: the PC line gives it.
  const first = callTrace[0];
  if (first !== undefined && fields.pcSymbol !== null && first.function === fields.pcSymbol.function && first.offset === null && first.address === null) {
    callTrace = [{ ...first, offset: fields.pcSymbol.offset, size: fields.pcSymbol.size, module: first.module ?? fields.pcSymbol.module }, ...callTrace.slice(1)];
  }
  return {
    arch: fields.arch,
    message: block.headline,
    faultAddress: fields.faultAddress,
    access: fields.access,
    pc: fields.pc,
    ra: fields.ra,
    pcSymbol: fields.pcSymbol,
    raSymbol: fields.raSymbol,
    registers: fields.registers,
    callTrace,
    code: parseCodeLine(block.lines),
    stack: fields.stack !== null ? { words: fields.stack } : null,
    esr: fields.esr,
    cause: fields.cause,
    cpu: task.cpu,
    pid: task.pid,
    comm: task.comm,
    kernelVersion: task.kernelVersion,
    tainted: task.tainted,
    modules: parseModules(block.lines),
  };
}

/** Keywords that every headline contains; used to skip megabytes of unrelated log cheaply. */
const HEADLINE_KEYWORDS = ['Unable to handle', 'BUG', 'bus error', 'unaligned access', 'Kernel bug', 'Oops', 'Internal error', 'general protection'];
const WINDOW_BEFORE = 64 * 1024;
const WINDOW_AFTER = 256 * 1024;
const SMALL_LOG = 1 << 20;

/** The parts of a large log that can hold an oops, so that normalisation touches only them. */
function candidateRegions(text: string): string[] {
  if (text.length <= SMALL_LOG) return [text];
  const hits: number[] = [];
  for (const k of HEADLINE_KEYWORDS) {
    for (let i = text.indexOf(k); i >= 0; i = text.indexOf(k, i + WINDOW_AFTER / 2)) hits.push(i);
  }
  if (hits.length === 0) return [];
  hits.sort((a, b) => a - b);
  const regions: [number, number][] = [];
  for (const h of hits) {
    const from = Math.max(0, text.lastIndexOf('\n', Math.max(0, h - WINDOW_BEFORE)) + 1);
    const nl = text.indexOf('\n', Math.min(text.length, h + WINDOW_AFTER));
    const to = nl < 0 ? text.length : nl;
    const last = regions[regions.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else regions.push([from, to]);
  }
  return regions.map(([a, b]) => text.slice(a, b));
}

/** Every oops in the log, in order. */
export function parseOopses(text: string): CrashReport[] {
  const reports: CrashReport[] = [];
  for (const region of candidateRegions(text)) {
    for (const block of findBlocks(normalizeLog(region))) reports.push(buildReport(block));
  }
  return reports;
}

/** The `index`-th oops (0-based) of the log; a UserError when there is none. */
export function parseOops(text: string, index = 0): CrashReport {
  const all = parseOopses(text);
  if (all.length === 0) {
    throw new UserError('no kernel oops found in the log (expected a line such as "Unable to handle kernel paging request at virtual address ..."); check that the whole console output was captured');
  }
  const report = all[index];
  if (report === undefined) {
    throw new UserError(`the log holds ${all.length} oops${all.length === 1 ? '' : 'es'}; --index ${index} is out of range (use 0 to ${all.length - 1})`);
  }
  return report;
}
