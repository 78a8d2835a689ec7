import type { LogLine } from './normalize.js';
import type { Access, Arch, SymbolRef } from './types.js';

/** What an architecture's oops layout yields beyond the fields every layout shares. */
export interface ArchFields {
  arch: Arch;
  faultAddress: string | null;
  access: Access | null;
  pc: string | null;
  ra: string | null;
  pcSymbol: SymbolRef | null;
  raSymbol: SymbolRef | null;
  registers: Record<string, string>;
  esr: string | null;
  cause: string | null;
  stack: string[] | null;
}

export interface ArchFormat {
  /** How strongly the block looks like this layout: the highest score wins; 0 means not at all. */
  score(lines: readonly LogLine[]): number;
  parse(lines: readonly LogLine[], headline: string): ArchFields;
}

export function countMatches(lines: readonly LogLine[], patterns: RegExp[]): number {
  let n = 0;
  for (const re of patterns) if (lines.some((l) => re.test(l.text))) n++;
  return n;
}
