/** The architectures whose oopses the parser recognises. Only mips and aarch64 are analysed further. */
export type Arch = 'mips' | 'mips64' | 'aarch64' | 'arm' | 'x86_64' | 'riscv' | 'powerpc';

export type Access = 'read' | 'write' | 'fetch';

/** `sym+off/size [module]` as the kernel prints it. Hex strings are 0x-prefixed lower case. */
export interface SymbolRef {
  function: string;
  /** null only where the log was rewritten without offsets (decode_stacktrace.sh). */
  offset: string | null;
  size: string | null;
  module: string | null;
}

export interface TraceEntry {
  function: string;
  offset: string | null;
  size: string | null;
  module: string | null;
  address: string | null;
}

/** The parse contract of DESIGN.md: `oopsreplay parse LOG --json` prints exactly these keys. */
export interface CrashReport {
  arch: Arch;
  message: string;
  faultAddress: string | null;
  access: Access | null;
  pc: string | null;
  ra: string | null;
  pcSymbol: SymbolRef | null;
  raSymbol: SymbolRef | null;
  registers: Record<string, string>;
  callTrace: TraceEntry[];
  /** Words (bytes on x86) as printed; null for a word the kernel could not read (`????????`). */
  code: { words: (string | null)[]; faultIndex: number | null } | null;
  stack: { words: string[] } | null;
  esr: string | null;
  cause: string | null;
  cpu: number | null;
  pid: number | null;
  comm: string | null;
  kernelVersion: string | null;
  tainted: string | null;
  modules: string[];
}
