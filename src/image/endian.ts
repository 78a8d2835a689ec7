/**
 * Byte order when the input does not state it. The evidence is a predicate over the word at the
 * pc as it reads in each order ("is this the instruction that faulted?"); the order is decided
 * only when exactly one reading passes, and otherwise the reason is returned for the user.
 */
import type { Endian } from './types.js';
import { readWord } from './words.js';

export type Plausibility = 'yes' | 'no' | 'unknown';

/** Judges one reading of the word at pc; `unknown` when the evidence it needs is missing. */
export type WordPredicate = (word: number, order: Endian) => { verdict: Plausibility; why: string };

export interface EndianDecision {
  readonly endian: Endian | null;
  /** The evidence, or why it does not decide (for the `--endian` request). */
  readonly reason: string;
}

const w8 = (w: number): string => '0x' + w.toString(16).padStart(8, '0');

/** Decide the byte order of the 4 bytes at pc, in memory order, by `predicate`. */
export function inferByteOrder(bytesAtPc: Uint8Array, predicate: WordPredicate): EndianDecision {
  const big = readWord(bytesAtPc, 0, 'big');
  const little = readWord(bytesAtPc, 0, 'little');
  const b = predicate(big, 'big');
  const l = predicate(little, 'little');
  if (b.verdict === 'yes' && l.verdict !== 'yes') return { endian: 'big', reason: `read big-endian, the word at pc (${w8(big)}) ${b.why}; little-endian (${w8(little)}) ${l.why}` };
  if (l.verdict === 'yes' && b.verdict !== 'yes') return { endian: 'little', reason: `read little-endian, the word at pc (${w8(little)}) ${l.why}; big-endian (${w8(big)}) ${b.why}` };
  const both = b.verdict === 'yes' ? 'both byte orders fit the fault' : 'neither byte order is shown to fit the fault';
  return { endian: null, reason: `${both}: big-endian ${w8(big)} ${b.why}; little-endian ${w8(little)} ${l.why}` };
}
