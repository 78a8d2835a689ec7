/** What the reconstruction reads (an ISA, a function's code) and what it produces. */
import type { ReadData } from '../image/index.js';
import type { Endian, Expr } from '../ir/index.js';
import type { LiftedInsn, RegisterFile } from '../isa/types.js';

/** One decoded and lifted instruction at its run-time address. */
export interface Instruction {
  readonly pc: bigint;
  readonly size: number;
  readonly word: number;
  /** Disassembly as objdump prints it, e.g. `lw v0,84(s0)`. */
  readonly text: string;
  readonly lifted: LiftedInsn;
}

/** Calling convention facts the analysis relies on, each stated in reports where it is used. */
export interface Abi {
  /** Argument registers in order (MIPS o32 a0-a3, AAPCS64 x0-x7). */
  readonly args: readonly string[];
  /** Registers a call may change (caller-saved), including the link register. */
  readonly callClobbered: readonly string[];
  readonly sp: string;
  readonly link: string;
  /** A register that always reads as zero (MIPS `zero`), if the ISA has one as a named register. */
  readonly zero: string | null;
}

export interface IsaSpec {
  readonly arch: 'mips' | 'aarch64';
  readonly endian: Endian;
  /** Register width in bits (32 for MIPS32, 64 for AArch64). */
  readonly wordBits: 32 | 64;
  readonly registers: RegisterFile;
  readonly abi: Abi;
  decode(word: number, pc: bigint): Instruction;
  /** A branch and its delay slot as one unit (MIPS: the slot runs before the jump; annulled for branch-likely). */
  readonly joinDelaySlot?: (branch: LiftedInsn, slot: LiftedInsn) => LiftedInsn;
}

/** Code the listing or image does not show: its instructions are unknown. */
export interface CodeGap {
  readonly start: bigint;
  readonly end: bigint;
  readonly reason: string;
}

/** The faulting function's instructions as far as the input shows them. */
export interface FunctionCode {
  readonly name: string;
  readonly start: bigint;
  /** One past the last byte. */
  readonly end: bigint;
  readonly instructions: ReadonlyMap<bigint, Instruction>;
  readonly gaps: readonly CodeGap[];
  readonly source: 'vmlinux' | 'module' | 'listing' | 'code-line';
  /** The ISA the instructions were decoded and lifted with. */
  readonly isa: IsaSpec;
  /** Constant data at run-time addresses (jump tables), when the input has it final (a vmlinux). */
  readonly readData?: ReadData;
}

/** Why a value is known: the fact it was derived from, in words a student can follow. */
export interface Justified {
  readonly value: bigint | null;
  readonly why: string;
}

export type ChainKind = 'fault' | 'copy' | 'arith' | 'select' | 'load' | 'argument' | 'stack' | 'constant';

export interface ChainStep {
  readonly pc: bigint | null;
  readonly instruction: string | null;
  readonly kind: ChainKind;
  readonly register: string | null;
  readonly value: bigint | null;
  readonly loadAddress: bigint | null;
  /** The value as an expression over the function's entry state, e.g. `*(u32 *)(a1 + 0x54)`. */
  readonly expression: string;
  /** One plain sentence saying what this step does to the bad value. */
  readonly sentence: string;
}

export interface Origin {
  readonly kind: 'load' | 'argument' | 'stack' | 'constant' | 'unknown';
  readonly pc: bigint | null;
  readonly loadAddress: bigint | null;
  readonly description: string;
}

/** Registers before one instruction of the path: concrete where determined, always symbolic. */
export interface StepState {
  readonly pc: bigint;
  /** This step stands for a part of the code the input does not show. */
  readonly gap: boolean;
  /** This step calls another function (whose code the analysis does not follow). */
  readonly call: boolean;
  /** A conditional branch here goes the path's way, but the recovered values do not decide its condition. */
  readonly undecided: boolean;
  readonly instruction: string;
  /** `fromFault`: the value is known only through the bad address itself (so a replay must not start from it). */
  readonly registers: ReadonlyMap<string, { readonly expr: Expr; readonly value: bigint | null; readonly why: string; readonly fromFault: boolean }>;
  /** Memory accesses of this instruction as far as their addresses are determined. */
  readonly accesses: readonly { readonly kind: 'read' | 'write'; readonly address: bigint | null; readonly size: number; readonly value: bigint | null; readonly fromFault: boolean }[];
}

export interface FaultSite {
  readonly pc: bigint;
  readonly instruction: string;
  readonly access: 'read' | 'write';
  readonly address: bigint;
  readonly addressExpr: Expr;
  readonly base: string | null;
  readonly offset: number;
  /** The dumped registers put into the address expression give the bad address. */
  readonly matchesDump: boolean | null;
  /** The faulting instruction is in a branch delay slot (MIPS Cause.BD); pc is then the branch's. */
  readonly inDelaySlot: boolean;
}

export interface PathReport {
  readonly pcs: readonly bigint[];
  readonly feasible: boolean;
  /** Why the dump rules this path out, when it does. */
  readonly contradiction: string | null;
}

export interface Reconstruction {
  readonly fault: FaultSite;
  readonly chain: readonly ChainStep[];
  readonly origin: Origin;
  readonly steps: readonly StepState[];
  readonly paths: readonly PathReport[];
  readonly warnings: readonly string[];
  /** Facts stated as unknown, each with its reason (a gap, a join, a call, an uncovered store). */
  readonly unknowns: readonly string[];
  /** The argument register the chain (or its origin load's pointer) entered the function through. */
  readonly enteredAs: string | null;
  /** Registers at the function entry that the dump and the code determine. */
  readonly entry: ReadonlyMap<string, bigint>;
}
