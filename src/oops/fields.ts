/** Field parsers shared by every architecture's oops format. */
import type { LogLine } from './normalize.js';
import type { SymbolRef, TraceEntry } from './types.js';

/** `0x`-prefixed lower-case hex without leading zeros: the contract's one spelling of a value. */
export function hex(digits: string): string {
  const d = digits.replace(/^0x/i, '').toLowerCase().replace(/^0+(?=.)/, '');
  return '0x' + d;
}

export function isHexWord(s: string): boolean {
  return /^[0-9a-fA-F]{4,16}$/.test(s);
}

const SYMBOL = /^(\.?[A-Za-z_$.][\w$.]*?)\+(0x[0-9a-fA-F]+)(?:\/(0x[0-9a-fA-F]+))?(?:\s+\[([\w-]+)\])?/;

/** `func+0x20/0x100 [mod]`; null for a bare address such as `0x0`, which names no function. */
export function parseSymbolRef(text: string): SymbolRef | null {
  const t = text.trim();
  const m = SYMBOL.exec(t);
  if (m !== null) {
    return { function: m[1]!, offset: hex(m[2]!), size: m[3] !== undefined ? hex(m[3]) : null, module: m[4] ?? null };
  }
  // decode_stacktrace.sh rewrites `func+off/size [mod]` as `func (file:line) mod`.
  const decoded = /^([A-Za-z_][\w.]*) \([^)]*:\d+[^)]*\)(?: ([\w-]+))?/.exec(t);
  if (decoded !== null) return { function: decoded[1]!, offset: null, size: null, module: decoded[2] ?? null };
  return null;
}

/** The kernel's `CPU: 0 PID: 3 Comm: ksoftirqd/0 Tainted: G        W       4.4.59 #0` line. */
export interface TaskLine {
  cpu: number | null;
  pid: number | null;
  comm: string | null;
  tainted: string | null;
  kernelVersion: string | null;
}

const TAINT = String.raw`(Not tainted|Tainted: [A-Z](?:[A-Z ]*[A-Z])?)`;
const CPU_LINE = new RegExp(String.raw`\bCPU: (\d+) (?:UID: \d+ )?PID: (\d+) Comm: (.{1,16}?) ${TAINT}(?: +(\d+\.\d+[\w.+~-]*))?`);
const PROCESS_LINE = /\bProcess (.{1,16}?) \(pid: (\d+)(?:,|\))/;
const OLD_CPU = /^Cpu (\d+)$/;

export function parseTaskLine(lines: readonly LogLine[]): TaskLine {
  const task: TaskLine = { cpu: null, pid: null, comm: null, tainted: null, kernelVersion: null };
  for (const { text } of lines) {
    const m = CPU_LINE.exec(text);
    if (m !== null) {
      task.cpu = Number(m[1]);
      task.pid = Number(m[2]);
      task.comm = m[3]!;
      task.tainted = m[4]!;
      task.kernelVersion = m[5] ?? null;
      break;
    }
  }
  for (const { text } of lines) {
    const old = OLD_CPU.exec(text.trim());
    if (old !== null && task.cpu === null) task.cpu = Number(old[1]);
    const p = PROCESS_LINE.exec(text);
    if (p !== null && task.pid === null) {
      task.pid = Number(p[2]);
      task.comm = p[1]!;
    }
    if (task.tainted === null) {
      const t = new RegExp(String.raw`(?:^|\s)${TAINT}\s*(?:\(|$)`).exec(text);
      if (t !== null) task.tainted = t[1]!;
    }
    if (task.kernelVersion === null) {
      const v = /\b(?:Not tainted|Tainted: [A-Z ]+?) +\((\d+\.\d+[\w.+~-]*)\)/.exec(text);
      if (v !== null) task.kernelVersion = v[1]!;
    }
  }
  return task;
}

const MODULE_TOKEN = /^[A-Za-z_][\w-]*(?:\([A-Z+-]+\))?$/;

function moduleNames(tokens: string[]): string[] {
  const out: string[] = [];
  let skipLastUnloaded = false;
  for (const tok of tokens) {
    if (tok === '[last') { skipLastUnloaded = true; continue; }
    if (skipLastUnloaded) { if (tok.endsWith(']')) skipLastUnloaded = false; continue; }
    if (!MODULE_TOKEN.test(tok) || /^[0-9a-f]{8,}$/.test(tok)) continue;
    out.push(tok.replace(/\(.*$/, ''));
  }
  return out;
}

/** `Modules linked in:` and the lines it wrapped onto (a list of bare module names). */
export function parseModules(lines: readonly LogLine[]): string[] {
  const start = lines.findIndex((l) => /^\s?Modules linked in:/.test(l.text));
  if (start < 0) return [];
  const first = lines[start]!.text.replace(/^\s?Modules linked in:/, '');
  const tokens = first.split(/\s+/).filter(Boolean);
  for (let i = start + 1; i < lines.length; i++) {
    const t = lines[i]!.text.trim();
    const toks = t.split(/\s+/);
    if (t === '' || !toks.every((x) => MODULE_TOKEN.test(x) || /^\[last$|^unloaded:$|^[\w-]+\]$/.test(x))) break;
    if (/^(?:Process|CPU|Cpu|Hardware|Workqueue|Call|Code|Stack|pstate|Tainted)\b/.test(t)) break;
    tokens.push(...toks);
  }
  return moduleNames(tokens);
}

/** The instruction words of a `Code:` line: the faulting one is marked `<...>` (MIPS, x86) or `(...)`. */
export interface CodeWords {
  words: (string | null)[];
  faultIndex: number | null;
}

const CODE_TOKEN = /^([<(]?)([0-9a-fA-F]{2,16}|\?{2,16})([>)]?)$/;

export function parseCodeLine(lines: readonly LogLine[], header = /^\s?(?:Code|Instruction dump): ?/): CodeWords | null {
  const start = lines.findIndex((l) => header.test(l.text));
  if (start < 0) return null;
  const first = lines[start]!.text.replace(header, '');
  if (/Bad (?:address|EIP|RIP) value|Bad address in epc|Unable to access opcode/i.test(first)) {
    return { words: [], faultIndex: null };
  }
  const tokens = first.split(/\s+/).filter(Boolean);
  // Wrapped or multi-row dumps go on with lines of nothing but code tokens.
  for (let i = start + 1; i < lines.length; i++) {
    const toks = lines[i]!.text.trim().split(/\s+/).filter(Boolean);
    if (toks.length === 0 || !toks.every((t) => CODE_TOKEN.test(t))) break;
    tokens.push(...toks);
  }
  const words: (string | null)[] = [];
  let faultIndex: number | null = null;
  for (const tok of tokens) {
    const m = CODE_TOKEN.exec(tok);
    if (m === null) break;
    if (m[1] !== '' && ((m[1] === '<') === (m[3] === '>')) && m[3] !== '') faultIndex = words.length;
    words.push(m[2]!.startsWith('?') ? null : hex(m[2]!));
  }
  if (words.length === 0) return null;
  return { words, faultIndex };
}

/** Hex words of a `Stack :` dump and its continuation rows, up to `...` or the next record. */
export function parseStackWords(lines: readonly LogLine[], header = /^\s?Stack ?: ?/): string[] | null {
  const start = lines.findIndex((l) => header.test(l.text));
  if (start < 0) return null;
  const words: string[] = [];
  const take = (text: string): boolean => {
    const toks = text.trim().split(/\s+/).filter(Boolean);
    for (const t of toks) {
      if (t === '...') return false;
      if (!isHexWord(t)) return false;
      words.push(t.toLowerCase());
    }
    return toks.length > 0;
  };
  if (!take(lines[start]!.text.replace(header, ''))) return words;
  for (let i = start + 1; i < lines.length; i++) if (!take(lines[i]!.text)) break;
  return words;
}

const FRAME_FORMATS: ((t: string) => TraceEntry[] | null)[] = [
  // powerpc: [stack pointer] [return address] func+off/size (unreliable)
  (t) => {
    const m = /^\[([0-9a-f]{8,16})\] \[([0-9a-f]{8,16})\] (\S+)(?: \[([\w-]+)\])?(?: \(unreliable\))?$/.exec(t);
    if (m === null) return null;
    return [frame(m[3]!, m[2]!, m[4])];
  },
  // old ARM: [<a>] (f) from [<b>] (g+off/size)
  (t) => {
    const m = /^\[<([0-9a-f]+)>\] \((\S+?)\) from(?: \[<([0-9a-f]+)>\] \((\S+?)\))?$/.exec(t);
    if (m === null) return null;
    const out = [frame(m[2]!, m[1]!, undefined)];
    if (m[3] !== undefined) out.push(frame(m[4]!, m[3], undefined));
    return out;
  },
  // newer ARM: f [mod] from g+off/size [mod]
  (t) => {
    const m = /^(\S+)(?: \[([\w-]+)\])? from (\S+?\+0x[0-9a-f]+\/0x[0-9a-f]+)(?: \[([\w-]+)\])?$/.exec(t);
    if (m === null) return null;
    return [frame(m[1]!, undefined, m[2]), frame(m[3]!, undefined, m[4])];
  },
  // [<addr>] func+off/size [mod], with x86's `? ` for unreliable frames
  (t) => {
    const m = /^\[<([0-9a-f]+)>\] (?:\? )?(\S+)(?: \[([\w-]+)\])?/.exec(t);
    if (m === null) return null;
    return [frame(m[2]!, m[1]!, m[3])];
  },
  // func+off/size [mod] (arm64, x86 6.x), optionally with a `file:line` suffix
  (t) => {
    const m = /^(?:\? )?([A-Za-z_.$][\w.$]*\+0x[0-9a-f]+\/0x[0-9a-f]+)(?: \[([\w-]+)\])?(?: \S+:\d+)?$/.exec(t);
    if (m === null) return null;
    return [frame(m[1]!, undefined, m[2])];
  },
  // an inlined frame as syzbot prints it, or a bare unsymbolised address
  (t) => {
    const m = /^([A-Za-z_][\w.]*) \S+:\d+ \[inline\]$|^(0x[0-9a-f]+)$/.exec(t);
    if (m === null) return null;
    return [frame(m[1] ?? m[2]!, undefined, undefined)];
  },
  // decode_stacktrace.sh: func (file:line) mod
  (t) => {
    const m = /^([A-Za-z_][\w.]*) \([^)]*:\d+[^)]*\)(?: ([\w-]+))?$/.exec(t);
    if (m === null) return null;
    return [{ function: m[1]!, offset: null, size: null, module: m[2] ?? null, address: null }];
  },
];

function frame(symbol: string, address: string | undefined, module: string | undefined): TraceEntry {
  const ref = parseSymbolRef(symbol);
  return {
    function: ref?.function ?? symbol,
    offset: ref?.offset ?? null,
    size: ref?.size ?? null,
    module: module ?? ref?.module ?? null,
    address: address !== undefined ? hex(address) : null,
  };
}

export function parseFrame(text: string): TraceEntry[] | null {
  const t = text.trim();
  for (const f of FRAME_FORMATS) {
    const r = f(t);
    if (r !== null) return r;
  }
  return null;
}

/** Lines inside a call trace that are not frames but do not end it. */
const TRACE_NOISE = /^(?:<\/?TASK>|<IRQ>|<\/IRQ>|<EOI>|Exception stack\(.*|[0-9a-f]{4}: .*|\s*)$/;

/**
 * The frames after `Call Trace:` / `Call trace:` / `Backtrace:`, joining ARM's
 * `f from g` pairs into one list. Without a header, the first run of `[<addr>] sym` lines.
 */
export function parseCallTrace(lines: readonly LogLine[]): TraceEntry[] {
  let start = lines.findIndex((l) => /^\s?\[?(?:Call [Tt]race|Backtrace):?\s*$/.test(l.text) || /^\s?\[?Call [Tt]race:/.test(l.text));
  let begin = start + 1;
  if (start < 0) {
    start = lines.findIndex((l) => /^\s?\[<[0-9a-f]+>\] \S/.test(l.text) || /^\s?\S+ from \S+\+0x/.test(l.text));
    if (start < 0) return [];
    begin = start;
  }
  const out: TraceEntry[] = [];
  for (let i = begin; i < lines.length; i++) {
    const text = lines[i]!.text;
    const frames = parseFrame(text);
    if (frames === null) {
      if (TRACE_NOISE.test(text.trim()) && out.length === 0) continue;
      if (/^\s*(?:<\/?TASK>|<IRQ>|<\/IRQ>|<EOI>)$/.test(text)) continue;
      break;
    }
    // ARM's `f from g` repeats f, which the previous line already gave as its `from` side.
    const last = out[out.length - 1];
    const [head, ...rest] = frames;
    if (last !== undefined && head !== undefined && head.function === last.function && head.offset === null) {
      out.push(...rest);
    } else {
      out.push(...frames);
    }
  }
  return out;
}

/** `name: value` pairs in register rows: `x29: ffff...`, `r10: 00000000`, ` ra : ffff...`. */
export function parseNamedRegisters(text: string, names: RegExp): [string, string][] {
  const out: [string, string][] = [];
  const re = new RegExp(String.raw`(?:^|\s)(${names.source}) ?: *([0-9a-fA-F]{1,16})\b`, 'g');
  for (const m of text.matchAll(re)) out.push([m[1]!, m[2]!]);
  return out;
}

export function firstMatch(lines: readonly LogLine[], re: RegExp): RegExpExecArray | null {
  for (const l of lines) {
    const m = re.exec(l.text);
    if (m !== null) return m;
  }
  return null;
}
