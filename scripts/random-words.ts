/** Deterministic pseudo-random 32-bit words (xorshift32), so oracle runs are reproducible by seed. */
export function randomWords(count: number, seed: number): Uint32Array {
  const out = new Uint32Array(count);
  let x = (seed >>> 0) || 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x;
  }
  return out;
}
