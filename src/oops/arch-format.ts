import type { LogLine } from './normalize.js';
import type { CrashReport } from './types.js';

/** What an architecture's oops layout yields beyond the fields every layout shares. */
export type ArchFields = Pick<CrashReport, 'arch' | 'faultAddress' | 'access' | 'pc' | 'ra' | 'pcSymbol' | 'raSymbol' | 'registers' | 'esr' | 'cause'> & {
  /** Words of the raw stack dump from sp, where the layout has one. */
  stack: string[] | null;
};

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
