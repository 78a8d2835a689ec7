import { parseLayout, type Fields, type Layout } from './pattern.js';
import type { Insn } from './types.js';

/** Where the instruction sits: every decoded record starts with these. */
export interface Site {
  readonly word: number;
  readonly pc: bigint;
}

/**
 * One row of an encoding table: the manual's bit layout and the function turning its fields
 * into a record, or null when the fields fall in an unallocated or reserved corner.
 */
export interface Encoding {
  readonly layout: Layout;
  readonly build: (fields: Record<string, number>, site: Site) => Insn | null;
}

export function enc<P extends string>(pattern: P, build: (f: Fields<P>, site: Site) => Insn | null): Encoding {
  const layout = parseLayout(pattern);
  return { layout, build: build as unknown as Encoding['build'] };
}

export function decodeWith(table: readonly Encoding[], word: number, site: Site): Insn | null {
  for (const e of table) {
    if (((word & e.layout.mask) >>> 0) !== e.layout.value) continue;
    const insn = e.build(e.layout.extract(word), site);
    if (insn) return insn;
  }
  return null;
}

export function branchTarget(pc: bigint, byteOffset: number): bigint {
  return BigInt.asUintN(64, pc + BigInt(byteOffset));
}
