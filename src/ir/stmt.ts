/**
 * Lifted statements: every effect of an instruction on the modelled state, located at its pc.
 * Expressions inside a statement read the state as it is just before that statement.
 */
import type { Endian, Expr } from './expr.js';

/** Why control leaves the straight line: used by CFG building and by reports. */
export type ExitFlavor = 'jump' | 'call' | 'return' | 'exception-return';

/** Why a trap statement raises an exception. */
export type TrapReason =
  | 'syscall' | 'break' | 'trap' | 'overflow' | 'address-error' | 'reserved-instruction' | 'coprocessor-unusable';

/** `dst := value` on a machine register (canonical name from the ISA's register table). */
export interface Assign { readonly kind: 'assign'; readonly pc: bigint; readonly dst: string; readonly value: Expr }
/** `t<index> := value`, a temporary local to one lifted unit. */
export interface Let { readonly kind: 'let'; readonly pc: bigint; readonly index: number; readonly value: Expr }
/** Memory write of value.width bits at addr; when `guard` is present the write happens only if it is 1. */
export interface Store {
  readonly kind: 'store'; readonly pc: bigint; readonly addr: Expr; readonly value: Expr;
  readonly endian: Endian; readonly guard?: Expr;
}
/** Leave the straight line to `target` if `cond` (width 1) is 1. */
export interface Exit {
  readonly kind: 'exit'; readonly pc: bigint; readonly cond: Expr; readonly target: Expr; readonly flavor: ExitFlavor;
}
/** Raise an exception if `cond` is 1; later statements of the instruction do not happen then. */
export interface Trap { readonly kind: 'trap'; readonly pc: bigint; readonly cond: Expr; readonly reason: TrapReason }
/**
 * Registers (and, if `memory`, all of memory) get values the lifter cannot express: they become
 * unknown. `reason` says why, for reports ("FPU result not modelled").
 */
export interface Opaque {
  readonly kind: 'opaque'; readonly pc: bigint; readonly clobbers: readonly string[];
  readonly memory: boolean; readonly reason: string;
}
/** An effect outside the modelled state (cache maintenance, barrier, wait for interrupt): changes nothing modelled. */
export interface External { readonly kind: 'external'; readonly pc: bigint; readonly effect: string }

export type Stmt = Assign | Let | Store | Exit | Trap | Opaque | External;
export type StmtKind = Stmt['kind'];
