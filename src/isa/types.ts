/**
 * ISA-neutral shapes shared by every decoder and lifter (MIPS, AArch64): the register-file
 * description, the decoded-instruction base record and the lifted-instruction record.
 */
import type { Stmt } from '../ir/stmt.js';

export type Arch = 'mips' | 'aarch64';

/** One architectural register. Canonical names are those of the JSON contract in DESIGN.md. */
export interface RegisterDesc {
  readonly name: string;
  readonly width: number;
  /** Other spellings accepted on input (`fp` for s8 / x29, `lr` for x30, `$31` for ra). */
  readonly aliases: readonly string[];
  /** Encoding number in instruction fields, when the register has one. */
  readonly number?: number;
}

export interface RegisterFile {
  readonly arch: Arch;
  readonly registers: readonly RegisterDesc[];
  /** Canonical names of the stack pointer, return-address (link) register and program counter. */
  readonly sp: string;
  readonly link: string;
  readonly pc: string;
  /** Canonical name or alias -> description; undefined for an unknown name. */
  lookup(name: string): RegisterDesc | undefined;
}

export function makeRegisterFile(arch: Arch, registers: readonly RegisterDesc[], roles: { sp: string; link: string; pc: string }): RegisterFile {
  const byName = new Map<string, RegisterDesc>();
  for (const r of registers) {
    byName.set(r.name, r);
    for (const a of r.aliases) byName.set(a, r);
  }
  return { arch, registers, ...roles, lookup: (name) => byName.get(name.toLowerCase()) };
}

/** What every decoded instruction has; each ISA's record adds its own fields. */
export interface DecodedBase {
  /** Form name from the ISA manual (MIPS `ADDIU`, AArch64 `LDR_imm_unsigned`), or 'UNKNOWN'. */
  readonly form: string;
  readonly pc: bigint;
  /** Encoded instruction word(s) as read in the image's byte order. */
  readonly word: number;
  readonly size: number;
}

/** The statements of one instruction. */
export interface LiftedInsn {
  readonly pc: bigint;
  readonly size: number;
  readonly stmts: readonly Stmt[];
  /**
   * True for a MIPS branch with a delay slot: its trailing `exit` statements take effect after the
   * next instruction's statements (see the ISA's `liftUnit`). Conditions and targets are computed into
   * temporaries before the slot, so the slot cannot change them.
   */
  readonly delaySlot: boolean;
  /** MIPS branch-likely: the delay slot is annulled (does nothing) when the branch is not taken. */
  readonly likely?: boolean;
  /** Precise: every effect on the modelled state is expressed. False when an `opaque` statement stands in. */
  readonly precise: boolean;
}
