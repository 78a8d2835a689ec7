/** Data the engine hands out: faults, stop reasons, trace records, options. */
import type { Arch } from './arch.js';
import type { Provenance } from './memory.js';
import type { RegisterAccessProvider } from './register-access.js';

export type Access = 'read' | 'write' | 'fetch';

/**
 * A memory access the guest could not make: no page there, and the memory provider (if any)
 * refused to supply one. `pc` is what the kernel would print as EPC/pc: for
 * an access made in a MIPS branch delay slot that is the branch (Cause.BD set, `delaySlot`
 * true), while `instructionPc` is the slot instruction that made the access.
 */
export interface Fault {
  readonly pc: bigint;
  readonly instructionPc: bigint;
  readonly delaySlot: boolean;
  readonly address: bigint;
  readonly size: number;
  readonly access: Access;
}

export type LimitKind = 'instructions' | 'time' | 'memory';

export type StopReason =
  /** Ran the requested number of instructions (on MIPS possibly one more: a branch's delay slot). */
  | { readonly kind: 'count' }
  /** Reached the requested address; the instruction there has not run. */
  | { readonly kind: 'address'; readonly address: bigint }
  /** Was about to execute at `address`, outside the `within` ranges; that instruction has not run. */
  | { readonly kind: 'left'; readonly address: bigint }
  | { readonly kind: 'fault'; readonly fault: Fault }
  /** A bound on untrusted code was hit; `message` says which and how to raise it. */
  | { readonly kind: 'limit'; readonly limit: LimitKind; readonly message: string }
  /** The CPU raised an exception (MIPS break/syscall/trap, AArch64 brk/svc, undefined instruction). */
  | { readonly kind: 'exception'; readonly pc: bigint | null; readonly message: string };

export interface RunResult {
  readonly stop: StopReason;
  /** Where execution would continue (for a fault: the kernel's EPC). */
  readonly pc: bigint;
  /**
   * Instructions completed in this run (a faulting instruction is not counted); null for a fast
   * run that ended before its instruction limit, since nothing counted them.
   */
  readonly executed: number | null;
}

export interface RunOptions {
  /** Start address; default: the current pc. */
  readonly begin?: bigint;
  /** Stop after this many instructions. */
  readonly count?: number;
  /**
   * Stop before executing the instruction at this address (not counting the first instruction
   * run). A MIPS delay slot is never a stop point, so an address there is passed over.
   */
  readonly until?: bigint;
  /**
   * Stop before executing an instruction outside these ranges (end exclusive): the code given, so
   * that a return to a caller, or a jump into code not loaded, ends the run instead of running on
   * through whatever the page holds.
   */
  readonly within?: readonly { readonly start: bigint; readonly end: bigint }[];
  /**
   * Run without the per-instruction hook, at Unicorn's full speed. Lost: count, until and
   * tracing; the executed count (unless the limit is hit); on MIPS the pc of a CPU exception
   * (Unicorn has moved it to the vector), and a fault counts as in a delay slot when the word
   * before it is a branch (the default runs know which instruction ran before).
   */
  readonly fast?: boolean;
}

export interface Limits {
  /** Instructions per run. */
  readonly maxInstructions: number;
  /** Wall time per run, milliseconds. */
  readonly maxWallTimeMs: number;
  /** Total bytes of mapped guest memory. */
  readonly maxMappedBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxInstructions: 1_000_000,
  maxWallTimeMs: 5_000,
  maxMappedBytes: 64 * 1024 * 1024,
};

export interface PageRequest {
  /** The address the guest accessed and the page (first byte) that would hold it. */
  readonly address: bigint;
  readonly page: bigint;
  readonly pageSize: number;
  readonly size: number;
  readonly access: Access;
}

export interface PageFill {
  /** Bytes for the start of the page (shorter is fine: the rest is zero and poisoned). */
  readonly bytes: Uint8Array;
  readonly provenance: Provenance;
  readonly label?: string;
}

/** Lazy memory: asked for every page the guest touches that is not mapped; null refuses (a fault). */
export type MemoryProvider = (request: PageRequest) => PageFill | null;

export interface EngineOptions {
  readonly limits?: Partial<Limits>;
  readonly memoryProvider?: MemoryProvider;
  /** Record a trace of every instruction (needed for `goTo`). Default false. */
  readonly trace?: boolean;
  /** Save a CPU context every this many traced steps (1 = every step). Default 64. */
  readonly checkpointInterval?: number;
  /** Register read/write sets for taint; default: emu's own (MIPS table, Capstone for AArch64). */
  readonly registerAccess?: RegisterAccessProvider;
}

export interface RegisterWrite {
  readonly name: string;
  readonly old: bigint;
  readonly value: bigint;
  /** The new value depends on unknown memory or registers. */
  readonly tainted: boolean;
}

export interface MemoryAccessRecord {
  readonly address: bigint;
  readonly size: number;
  /** The value as the CPU saw it (target byte order already applied). */
  readonly value: bigint;
  /** Read: some byte read was poisoned. Write: the value stored depends on unknown input. */
  readonly unknown: boolean;
}

export interface TraceRecord {
  /** Position in the trace: the number of instructions completed before this one. */
  readonly step: number;
  readonly pc: bigint;
  readonly word: number;
  /** Executed in a MIPS branch delay slot. */
  readonly delaySlot: boolean;
  readonly registerWrites: readonly RegisterWrite[];
  readonly reads: readonly MemoryAccessRecord[];
  readonly writes: readonly MemoryAccessRecord[];
  /** Some input of this instruction was unknown (a tainted register or a poisoned byte). */
  readonly unknownInput: boolean;
  /** Set on the last record when this instruction faulted (it did not complete). */
  readonly fault?: Fault;
}

export type { Arch, Provenance };
