import { xorshift } from './xorshift.js';

/** Deterministic pseudo-random 32-bit words (xorshift32), so oracle runs are reproducible by seed. */
export function randomWords(count: number, seed: number): Uint32Array {
  const next = xorshift(seed, 0x9e3779b9);
  return Uint32Array.from({ length: count }, next);
}
