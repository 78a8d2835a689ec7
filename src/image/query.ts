/** What the user (or the oops) says about the faulting function: its pc and `sym+off/size [mod]`. */
import { UserError } from '../errors.js';
import type { CrashReport, TraceEntry } from '../oops/types.js';
import type { ImageArch } from './types.js';
import { machineAddress, parseHex } from './words.js';

export interface SymbolSpec {
  readonly name: string;
  readonly offset: bigint | null;
  readonly size: bigint | null;
  readonly module: string | null;
}

export interface FunctionQuery {
  /** The faulting pc as the oops prints it (runtime address). */
  readonly pc: bigint | null;
  readonly symbol: SymbolSpec | null;
  /** The oops's Code: words and which is at the pc: they tell same-named functions apart when no pc does. */
  readonly code?: { readonly words: readonly number[]; readonly faultIndex: number };
  /**
   * Frames that may have called the faulting function: the lr line's and the call trace's next one
   * (arm64's unwinder skips the direct caller of a function that faulted before saving its frame).
   * A call there tells identical copies apart.
   */
  readonly callers?: readonly SymbolSpec[];
}

/** `func`, `func+0x20`, `func+0x20/0x100`, optionally followed by ` [mod]`. */
export function parseSymbolSpec(text: string): SymbolSpec {
  const m = /^\s*([^\s+/[\]]+)(?:\+(0x[0-9a-fA-F]+|[0-9a-fA-F]+))?(?:\/(0x[0-9a-fA-F]+|[0-9a-fA-F]+))?(?:\s*\[([^\]]+)\])?\s*$/.exec(text);
  if (m === null) throw new UserError(`'${text}' is not a symbol; write it as name, name+0xOFF or name+0xOFF/0xSIZE`);
  const [, name, off, size, mod] = m;
  return {
    name: name as string,
    offset: off === undefined ? null : parseHex(off, 'symbol offset'),
    size: size === undefined ? null : parseHex(size, 'symbol size'),
    module: mod ?? null,
  };
}

/** The query an oops implies; MIPS addresses are reduced to 32 bits. */
export function queryFromCrash(crash: CrashReport, arch: ImageArch): FunctionQuery {
  const pc = crash.pc === null ? null : machineAddress(arch, parseHex(crash.pc, 'oops pc'));
  const s = crash.pcSymbol;
  const symbol =
    s === null || s.offset === null
      ? null
      : {
          name: s.function,
          offset: parseHex(s.offset!, 'oops pc offset'),
          size: s.size === null ? null : parseHex(s.size, 'oops pc symbol size'),
          module: s.module,
        };
  const c = crash.code;
  const code = c !== null && c.faultIndex !== null && c.words.length > 0 && c.words.every((w) => w !== null)
    ? { words: c.words.map((w) => Number(parseHex(w!, 'Code: word'))), faultIndex: c.faultIndex }
    : undefined;
  const callers = symbol === null ? [] : [callerInTrace(crash, symbol), crash.raSymbol].flatMap((e) => (e === null || e === undefined ? [] : [specOf(e)]));
  return { pc, symbol, ...(code === undefined ? {} : { code }), ...(callers.length === 0 ? {} : { callers }) };
}

/** The frame the call trace lists after the faulting function's own line. */
function callerInTrace(crash: CrashReport, fault: SymbolSpec): TraceEntry | undefined {
  const at = crash.callTrace.findIndex((e) => e.function === fault.name && e.offset !== null && parseHex(e.offset, 'call trace offset') === fault.offset);
  return at < 0 ? undefined : crash.callTrace[at + 1];
}

/** A call trace line (or the pc/lr line) as a symbol spec. */
export function specOf(e: Pick<TraceEntry, 'function' | 'offset' | 'size' | 'module'>): SymbolSpec {
  return {
    name: e.function,
    offset: e.offset === null ? null : parseHex(e.offset, 'call trace offset'),
    size: e.size === null ? null : parseHex(e.size, 'call trace size'),
    module: e.module,
  };
}

/** The machine of an oops, for the two that oopsreplay analyses. */
export function imageArchOf(crash: CrashReport): ImageArch {
  if (crash.arch === 'mips' || crash.arch === 'aarch64') return crash.arch;
  throw new UserError(`the oops is from ${crash.arch}; oopsreplay analyses MIPS and AArch64 oopses only`);
}
