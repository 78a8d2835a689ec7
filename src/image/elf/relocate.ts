/**
 * Relocation of one placed section of a relocatable object (a module's .text): every relocation
 * becomes a RelocationTarget ("this word refers to symbol X+addend"), and those whose symbol has a
 * known address are applied to the bytes. The per-machine arithmetic lives in mips.ts / aarch64.ts.
 */
import type { Endian, RelocationTarget } from '../types.js';

/** One relocation with its symbol already looked up. */
export interface SymbolicRelocation {
  /** Offset of the relocated field within the section. */
  readonly offset: number;
  readonly type: number;
  readonly symbol: string;
  /** The symbol's final address (S), or null when unknown. */
  readonly symbolValue: bigint | null;
  /** Why symbolValue is null. */
  readonly unknownReason: string | null;
  /** RELA addend; null for REL (the addend is in the field). */
  readonly addend: bigint | null;
}

export interface SectionPatch {
  /** A copy of the section's bytes; relocated fields are rewritten in place. */
  readonly bytes: Uint8Array;
  readonly endian: Endian;
  /** Address at which the section is placed. */
  readonly base: bigint;
}

export interface Relocator {
  typeName(type: number): string;
  /** Apply what can be applied; one RelocationTarget per relocation, in address order. */
  relocate(relocations: readonly SymbolicRelocation[], section: SectionPatch): RelocationTarget[];
}

/** Shared shape of a target record. */
export function target(
  section: SectionPatch,
  r: SymbolicRelocation,
  typeName: string,
  addend: bigint,
  applied: { ok: true } | { ok: false; note: string },
): RelocationTarget {
  const value = r.symbolValue === null ? null : r.symbolValue + addend;
  return {
    address: section.base + BigInt(r.offset),
    type: typeName,
    symbol: r.symbol,
    addend,
    label: symbolPlus(r.symbol, addend),
    resolved: applied.ok,
    value,
    note: applied.ok ? null : applied.note,
  };
}

export function signExtend(value: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, value);
}

export function symbolPlus(name: string, addend: bigint): string {
  if (addend === 0n) return name;
  return addend < 0n ? `${name}-0x${(-addend).toString(16)}` : `${name}+0x${addend.toString(16)}`;
}
