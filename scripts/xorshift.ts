/**
 * xorshift32 (Marsaglia): deterministic 32-bit words, so fuzz and oracle runs reproduce by seed.
 * Zero is the generator's fixed point, so a zero seed is replaced by `ifZero`.
 */
export function xorshift(seed: number, ifZero = 1): () => number {
  let s = seed >>> 0 || ifZero;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s;
  };
}
