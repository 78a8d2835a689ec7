/** What the user (or the oops) says about the faulting function: its pc and `sym+off/size [mod]`. */
import { UserError } from '../errors.js';
import type { CrashReport } from '../oops/types.js';
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
  return code === undefined ? { pc, symbol } : { pc, symbol, code };
}

/** The machine of an oops, for the two that oopsreplay analyses. */
export function imageArchOf(crash: CrashReport): ImageArch {
  if (crash.arch === 'mips' || crash.arch === 'aarch64') return crash.arch;
  throw new UserError(`the oops is from ${crash.arch}; oopsreplay analyses MIPS and AArch64 oopses only`);
}
