/**
 * Decoded AArch64 instructions: plain records, one kind per group of the Arm ARM's encoding index
 * (C4.1), each named by `form` after the manual heading of the base instruction ("LDR (immediate)"
 * is `LDR_imm`). Aliases (cmp, mov, lsl, ...) are never decoded: the printer picks them.
 */

/** General register operand: 0..30 are x0..x30, ZR is the zero register, SP the stack pointer. */
export type Gpr = number;
export const ZR = 31;
export const SP = 32;

export type Width = 32 | 64;
/** Condition code 0..15 (eq ne cs cc mi pl vs vc hi ls ge lt gt le al nv). */
export type Cond = number;
export type Shift = 'lsl' | 'lsr' | 'asr' | 'ror';
export type Extend = 'uxtb' | 'uxth' | 'uxtw' | 'uxtx' | 'sxtb' | 'sxth' | 'sxtw' | 'sxtx';

interface Common {
  /** Manual heading of the base instruction, as an identifier: `ADD_imm`, `LDR_imm`, `CSINC`. */
  readonly form: string;
  readonly word: number;
  readonly pc: bigint;
}

export interface AddSubImm extends Common {
  readonly kind: 'addSubImm';
  readonly op: 'add' | 'sub'; readonly setFlags: boolean; readonly width: Width;
  readonly rd: Gpr; readonly rn: Gpr; readonly imm12: number; readonly lsl12: boolean;
}
export interface AddSubShifted extends Common {
  readonly kind: 'addSubShifted';
  readonly op: 'add' | 'sub'; readonly setFlags: boolean; readonly width: Width;
  readonly rd: Gpr; readonly rn: Gpr; readonly rm: Gpr; readonly shift: Shift; readonly amount: number;
}
export interface AddSubExtended extends Common {
  readonly kind: 'addSubExtended';
  readonly op: 'add' | 'sub'; readonly setFlags: boolean; readonly width: Width;
  readonly rd: Gpr; readonly rn: Gpr; readonly rm: Gpr; readonly extend: Extend; readonly amount: number;
}
export interface AddSubCarry extends Common {
  readonly kind: 'addSubCarry';
  readonly op: 'adc' | 'sbc'; readonly setFlags: boolean; readonly width: Width;
  readonly rd: Gpr; readonly rn: Gpr; readonly rm: Gpr;
}
export type LogicalOp = 'and' | 'orr' | 'eor' | 'ands';
export interface LogicalImm extends Common {
  readonly kind: 'logicalImm';
  readonly op: LogicalOp; readonly width: Width; readonly rd: Gpr; readonly rn: Gpr; readonly imm: bigint;
}
export interface LogicalShifted extends Common {
  readonly kind: 'logicalShifted';
  readonly op: LogicalOp; readonly invert: boolean; readonly width: Width;
  readonly rd: Gpr; readonly rn: Gpr; readonly rm: Gpr; readonly shift: Shift; readonly amount: number;
}
export interface MoveWide extends Common {
  readonly kind: 'moveWide';
  readonly op: 'movn' | 'movz' | 'movk'; readonly width: Width; readonly rd: Gpr; readonly imm16: number; readonly shift: number;
}
export interface PcRel extends Common {
  readonly kind: 'pcRel';
  readonly op: 'adr' | 'adrp'; readonly rd: Gpr; readonly target: bigint;
}
export interface Bitfield extends Common {
  readonly kind: 'bitfield';
  readonly op: 'sbfm' | 'bfm' | 'ubfm'; readonly width: Width; readonly rd: Gpr; readonly rn: Gpr;
  readonly immr: number; readonly imms: number;
}
export interface Extr extends Common {
  readonly kind: 'extract';
  readonly width: Width; readonly rd: Gpr; readonly rn: Gpr; readonly rm: Gpr; readonly lsb: number;
}
export interface CondSelect extends Common {
  readonly kind: 'condSelect';
  readonly op: 'csel' | 'csinc' | 'csinv' | 'csneg'; readonly width: Width;
  readonly rd: Gpr; readonly rn: Gpr; readonly rm: Gpr; readonly cond: Cond;
}
export interface CondCompare extends Common {
  readonly kind: 'condCompare';
  readonly op: 'ccmn' | 'ccmp'; readonly width: Width; readonly rn: Gpr;
  /** Second operand: a register, or a 5-bit immediate when `rm` is null. */
  readonly rm: Gpr | null; readonly imm5: number; readonly nzcv: number; readonly cond: Cond;
}
export interface DataProc1 extends Common {
  readonly kind: 'dp1';
  readonly op: 'rbit' | 'rev16' | 'rev32' | 'rev' | 'clz' | 'cls'; readonly width: Width; readonly rd: Gpr; readonly rn: Gpr;
}
export type Crc32Op = 'crc32b' | 'crc32h' | 'crc32w' | 'crc32x' | 'crc32cb' | 'crc32ch' | 'crc32cw' | 'crc32cx';
export interface DataProc2 extends Common {
  readonly kind: 'dp2';
  readonly op: 'udiv' | 'sdiv' | 'lslv' | 'lsrv' | 'asrv' | 'rorv' | Crc32Op;
  readonly width: Width; readonly rd: Gpr; readonly rn: Gpr; readonly rm: Gpr;
}
/**
 * Pointer authentication on a general register (PACIA, AUTDB, PACIZA, XPACI, ...): the result
 * depends on secret keys, so the lifter makes `rd` unknown. `rn` is the modifier (null: none).
 */
export interface PacData extends Common {
  readonly kind: 'pac'; readonly op: string; readonly rd: Gpr; readonly rn: Gpr | null;
}
export interface DataProc3 extends Common {
  readonly kind: 'dp3';
  readonly op: 'madd' | 'msub' | 'smaddl' | 'smsubl' | 'umaddl' | 'umsubl' | 'smulh' | 'umulh';
  readonly width: Width; readonly rd: Gpr; readonly rn: Gpr; readonly rm: Gpr; readonly ra: Gpr;
}
export interface BranchImm extends Common {
  readonly kind: 'branchImm'; readonly op: 'b' | 'bl'; readonly target: bigint;
}
export interface BranchCond extends Common {
  readonly kind: 'branchCond'; readonly cond: Cond; readonly target: bigint;
}
export interface CompareBranch extends Common {
  readonly kind: 'compareBranch'; readonly op: 'cbz' | 'cbnz'; readonly width: Width; readonly rt: Gpr; readonly target: bigint;
}
export interface TestBranch extends Common {
  readonly kind: 'testBranch'; readonly op: 'tbz' | 'tbnz'; readonly rt: Gpr; readonly bit: number; readonly target: bigint;
}
/** BR, BLR, RET, ERET and their pointer-authenticating variants (BRAA, RETAA, ...). */
export interface BranchReg extends Common {
  readonly kind: 'branchReg';
  readonly op: 'br' | 'blr' | 'ret' | 'eret' | 'drps';
  /** Pointer authentication: key 'a' or 'b', modifier register (null: zero; SP for ret/eret). */
  readonly pac: { readonly key: 'a' | 'b'; readonly modifier: Gpr | null } | null;
  readonly rn: Gpr;
}
export interface Exception extends Common {
  readonly kind: 'exception'; readonly op: 'svc' | 'hvc' | 'smc' | 'brk' | 'hlt' | 'dcps1' | 'dcps2' | 'dcps3' | 'udf'; readonly imm16: number;
}
/** HINT space: nop, yield, wfe, pacia*, autia*, bti, ... named by `name` (null: plain `hint #n`). */
export interface Hint extends Common {
  readonly kind: 'hint'; readonly imm: number; readonly name: string | null;
}
export interface Barrier extends Common {
  readonly kind: 'barrier'; readonly op: 'clrex' | 'dsb' | 'dmb' | 'isb' | 'sb' | 'ssbb' | 'pssbb'; readonly crm: number;
}
export interface MsrImm extends Common {
  readonly kind: 'msrImm'; readonly op1: number; readonly op2: number; readonly crm: number;
}
export interface SysInsn extends Common {
  readonly kind: 'sys'; readonly op: 'sys' | 'sysl';
  readonly op1: number; readonly crn: number; readonly crm: number; readonly op2: number; readonly rt: Gpr;
}
export interface SysReg extends Common {
  readonly kind: 'sysReg'; readonly op: 'mrs' | 'msr'; readonly rt: Gpr;
  /** o0 op1 CRn CRm op2, with op0 = 2 + o0. */
  readonly op0: number; readonly op1: number; readonly crn: number; readonly crm: number; readonly op2: number;
}

/** How a single-register or pair load/store forms its address. */
export type Addressing =
  | { readonly mode: 'offset'; readonly rn: Gpr; readonly imm: number }
  | { readonly mode: 'pre'; readonly rn: Gpr; readonly imm: number }
  | { readonly mode: 'post'; readonly rn: Gpr; readonly imm: number }
  | { readonly mode: 'register'; readonly rn: Gpr; readonly rm: Gpr; readonly extend: Extend; readonly amount: number; readonly scaled: boolean }
  | { readonly mode: 'literal'; readonly target: bigint };

/**
 * One register to or from memory. `size` is the access in bytes; a general load extends it to
 * `regWidth` (signed when `signed`); a SIMD&FP transfer (`simd`) moves a b/h/s/d/q register whole.
 */
export interface LoadStore extends Common {
  readonly kind: 'loadStore';
  /** Printed mnemonic base before aliasing: ldr, ldrb, ldrsw, ldur, ldtr, str, prfm, ... */
  readonly op: string;
  readonly load: boolean; readonly size: 1 | 2 | 4 | 8 | 16; readonly signed: boolean;
  readonly regWidth: Width; readonly simd: boolean; readonly prefetch: boolean; readonly rt: Gpr;
  readonly addr: Addressing;
}
export interface LoadStorePair extends Common {
  readonly kind: 'loadStorePair';
  readonly op: 'ldp' | 'stp' | 'ldpsw' | 'ldnp' | 'stnp';
  readonly load: boolean; readonly size: 4 | 8 | 16; readonly signed: boolean; readonly simd: boolean;
  readonly rt: Gpr; readonly rt2: Gpr;
  readonly addr: Extract<Addressing, { mode: 'offset' | 'pre' | 'post' }>;
}
/** Exclusive and ordered accesses: ldxr, stxr, ldaxr, stlxr, ldxp, ..., ldar, stlr, ldlar, stllr, ldapr. */
export interface Exclusive extends Common {
  readonly kind: 'exclusive';
  readonly op: string; readonly load: boolean; readonly size: 1 | 2 | 4 | 8; readonly pair: boolean;
  readonly exclusive: boolean; readonly acquire: boolean; readonly release: boolean;
  /** Status register of a store-exclusive, else null. */
  readonly rs: Gpr | null; readonly rt: Gpr; readonly rt2: Gpr | null; readonly rn: Gpr;
}
export type AtomicOp = 'add' | 'clr' | 'eor' | 'set' | 'smax' | 'smin' | 'umax' | 'umin' | 'swp';
/** LSE atomics: LDADD family and SWP (`rs` to memory, old value to `rt`). */
export interface Atomic extends Common {
  readonly kind: 'atomic';
  readonly op: AtomicOp; readonly size: 1 | 2 | 4 | 8; readonly acquire: boolean; readonly release: boolean;
  readonly rs: Gpr; readonly rt: Gpr; readonly rn: Gpr;
}
/** CAS and CASP: compare `rs` (pair: rs, rs+1) with memory, store `rt` (rt, rt+1) if equal. */
export interface CompareSwap extends Common {
  readonly kind: 'cas';
  readonly size: 1 | 2 | 4 | 8; readonly pair: boolean; readonly acquire: boolean; readonly release: boolean;
  readonly rs: Gpr; readonly rt: Gpr; readonly rn: Gpr;
}
/**
 * AdvSIMD structure load/store (LD1-LD4, ST1-ST4, LD1R-LD4R; multiple or single structure): a
 * memory move of `bytes` bytes at rn into vector registers (not modelled) or out of them.
 */
export interface SimdMemory extends Common {
  readonly kind: 'simdMemory';
  readonly op: string; readonly load: boolean; readonly rn: Gpr; readonly bytes: number;
  /** The register list as printed: first register, count, arrangement (`16b`, or `s` with an index). */
  readonly rt: number; readonly count: number; readonly arrangement: string; readonly index: number | null;
  /** Post-index writeback: by the transfer size (`imm`) or by a register. */
  readonly post: { readonly imm: number } | { readonly rm: Gpr } | null;
}

/**
 * SIMD&FP data processing: decoded only to its class. The lifter treats the vector state as
 * unknown; a general register or NZCV it writes is named here so the lifter can clobber it.
 */
export interface Simd extends Common {
  readonly kind: 'simd';
  readonly gprDest: { readonly reg: Gpr; readonly width: Width } | null;
  readonly writesFlags: boolean;
}
export interface Unknown extends Common {
  readonly kind: 'unknown';
}

export type Insn =
  | AddSubImm | AddSubShifted | AddSubExtended | AddSubCarry | LogicalImm | LogicalShifted | MoveWide
  | PcRel | Bitfield | Extr | CondSelect | CondCompare | DataProc1 | DataProc2 | PacData | DataProc3
  | BranchImm | BranchCond | CompareBranch | TestBranch | BranchReg | Exception | Hint | Barrier
  | MsrImm | SysInsn | SysReg | LoadStore | LoadStorePair | Exclusive | Atomic | CompareSwap | SimdMemory | Simd | Unknown;

export type InsnKind = Insn['kind'];
