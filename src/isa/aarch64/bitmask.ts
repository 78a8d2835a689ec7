/**
 * DecodeBitMasks from the Arm ARM (shared pseudocode, aarch64/instrs/integer/bitmasks): the
 * logical-immediate value encoded by N:immr:imms, or null for a reserved encoding.
 */
export function decodeBitMask(n: number, immr: number, imms: number, width: 32 | 64): bigint | null {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return null;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return null;
  const esize = 1 << len;
  if (esize > width) return null;
  const levels = esize - 1;
  const s = imms & levels;
  const r = immr & levels;
  if (s === levels) return null;
  const emask = (1n << BigInt(esize)) - 1n;
  const welem = (1n << BigInt(s + 1)) - 1n;
  const rotated = r === 0 ? welem : ((welem >> BigInt(r)) | (welem << BigInt(esize - r))) & emask;
  let value = 0n;
  for (let i = 0; i < width; i += esize) value |= rotated << BigInt(i);
  return value;
}
