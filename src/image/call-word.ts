/**
 * The target of a direct call word, for telling same-named functions apart by who calls them.
 * Encodings: MIPS32 Vol. II `JAL` (opcode 000011, target = the 256 MB region of the delay slot +
 * instr_index << 2); Arm ARM C6.2.34 `BL` (100101 imm26, target = pc + SignExtend(imm26 << 2)).
 */
import type { WordsAt } from './locate.js';
import type { SymbolSpec } from './query.js';
import type { ImageArch, ImageSymbol, SymbolIndex } from './types.js';
import { machineAddress } from './words.js';

export function callTargetOfWord(arch: ImageArch, address: bigint, word: number): bigint | null {
  if (arch === 'mips') {
    if (word >>> 26 !== 0x03) return null;
    return ((address + 4n) & 0xf0000000n) | (BigInt(word & 0x03ffffff) << 2n);
  }
  if (word >>> 26 !== 0x25) return null;
  return machineAddress(arch, address + BigInt.asIntN(28, BigInt(word & 0x03ffffff) << 2n));
}

/** Bytes from a return address back to its call: the call and, on MIPS, its delay slot. */
export function callDistance(arch: ImageArch): bigint {
  return arch === 'mips' ? 8n : 4n;
}

/** Every function named as `frame` names it, with where its call just before the frame's offset goes. */
export function frameCalls(symbols: SymbolIndex, frame: SymbolSpec, arch: ImageArch, wordsAt: WordsAt): { copy: ImageSymbol; target: bigint | null }[] {
  if (frame.offset === null) return [];
  const copies = symbols.named(frame.name).filter((c) => c.kind === 'function' && (frame.size === null || c.size === null || c.size <= frame.size));
  return copies.map((copy) => {
    const site = copy.address + frame.offset! - callDistance(arch);
    const word = wordsAt(site, 1)?.[0];
    return { copy, target: word === undefined ? null : callTargetOfWord(arch, site, word) };
  });
}
