/** Questions asked of a CodeImage: which function, which bytes, what a relocated word refers to. */
import { UserError } from '../errors.js';
import { parseSymbolSpec } from './query.js';
import { didYouMean } from './symbols.js';
import type { ByteRange, CodeImage, FunctionView, Gap, ImageSymbol, Provenance, RelocationTarget } from './types.js';
import { hex, readWord } from './words.js';

function rangeEnd(r: ByteRange): bigint {
  return r.address + BigInt(r.bytes.length);
}

function rangeHolding(image: CodeImage, address: bigint): ByteRange | null {
  for (const r of image.ranges) if (r.address <= address && address < rangeEnd(r)) return r;
  return null;
}

/** The instruction word at `address` (CPU order applied), or null where the image has no bytes. */
export function wordAt(image: CodeImage, address: bigint): number | null {
  const r = rangeHolding(image, address);
  if (r === null || address + 4n > rangeEnd(r)) return null;
  return readWord(r.bytes, Number(address - r.address), image.endian);
}

/** `length` bytes from `address`, or null if any of them is missing. */
export function readBytes(image: CodeImage, address: bigint, length: number): Uint8Array | null {
  const r = rangeHolding(image, address);
  if (r === null || address + BigInt(length) > rangeEnd(r)) return null;
  const at = Number(address - r.address);
  return r.bytes.slice(at, at + length);
}

/** The gap (stated or implied) that holds `address`, for saying why a byte is unknown. */
export function gapAt(image: CodeImage, address: bigint): Gap | null {
  return image.gaps.find((g) => g.start <= address && address < g.end) ?? null;
}

/** "this instruction's target is symbol X+off": the relocation on the word at `address`. */
export function relocationAt(image: CodeImage, address: bigint): RelocationTarget | null {
  const list = image.relocations;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = list[mid] as RelocationTarget;
    if (r.address === address) return r;
    if (r.address < address) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/** `name+0xoff` for an address, by the nearest symbol at or below it; null when none. */
export function symbolize(image: CodeImage, address: bigint): string | null {
  const s = image.symbols.atOrBelow(address);
  if (s === null) return null;
  if (s.size !== null && s.size > 0n && address >= s.address + s.size) return null;
  return address === s.address ? s.name : `${s.name}+${hex(address - s.address)}`;
}

/**
 * A function of the image, by name (`name`, `name+0xoff/0xsize`) or by an address inside it.
 * Its extent is the symbol's size when known, else up to the next symbol or the end of the bytes;
 * the parts of that extent the image has no bytes for come back as gaps with their reasons.
 */
export function findFunction(image: CodeImage, symbolOrAddress: string | bigint): FunctionView {
  let symbol: ImageSymbol;
  let address: bigint | null = null;
  if (typeof symbolOrAddress === 'bigint') {
    address = symbolOrAddress;
    const found = image.symbols.functionContaining(address) ?? unsizedBelow(image, address);
    if (found === null) throw new UserError(`no function of the image contains ${hex(address)}`);
    symbol = found;
  } else {
    const spec = parseSymbolSpec(symbolOrAddress);
    const candidates = image.symbols.named(spec.name).filter((s) => s.kind === 'function');
    if (candidates.length === 0) {
      throw new UserError(`no function named '${spec.name}' in the image${didYouMean(image.symbols.functionNames(), spec.name)}`);
    }
    // Same-named locals: only those with bytes in this image can be meant.
    const loaded = candidates.filter((c) => rangeHolding(image, c.address) !== null);
    const pool = loaded.length > 0 ? loaded : candidates;
    if (pool.length > 1) {
      throw new UserError(`${pool.length} functions are named '${spec.name}' (at ${pool.map((c) => hex(c.address)).join(', ')}); give an address instead`);
    }
    symbol = pool[0] as ImageSymbol;
  }
  const end = functionEnd(image, symbol);
  return {
    name: symbol.name,
    address: symbol.address,
    size: end === null ? null : end - symbol.address,
    provenance: provenanceNear(image, address ?? symbol.address),
    bytes: clipRanges(image.ranges, symbol.address, end),
    gaps: end === null ? image.gaps.filter((g) => g.end > symbol.address) : gapsWithin(image, symbol.address, end),
  };
}

/** Where the bytes around `address` came from (all ranges of one image share a provenance but for merged inputs). */
function provenanceNear(image: CodeImage, address: bigint): Provenance {
  const r = rangeHolding(image, address) ?? image.ranges[0];
  if (r === undefined) throw new UserError('the code image holds no bytes');
  return r.provenance;
}

/** A symbol without a size (System.map, listing labels) owns the address up to the next symbol. */
function unsizedBelow(image: CodeImage, address: bigint): ImageSymbol | null {
  const s = image.symbols.atOrBelow(address);
  if (s === null || s.kind !== 'function' || s.size !== null) return null;
  const next = image.symbols.after(s.address);
  return next === null || address < next.address ? s : null;
}

function functionEnd(image: CodeImage, s: ImageSymbol): bigint | null {
  if (s.size !== null && s.size > 0n) return s.address + s.size;
  const next = image.symbols.after(s.address);
  if (next !== null) return next.address;
  const last = image.ranges.filter((r) => r.address >= s.address).at(-1);
  return last === undefined ? null : rangeEnd(last);
}

function clipRanges(ranges: readonly ByteRange[], start: bigint, end: bigint | null): ByteRange[] {
  const out: ByteRange[] = [];
  for (const r of ranges) {
    const from = r.address > start ? r.address : start;
    const to = end === null || rangeEnd(r) < end ? rangeEnd(r) : end;
    if (from >= to) continue;
    out.push({ ...r, address: from, bytes: r.bytes.subarray(Number(from - r.address), Number(to - r.address)) });
  }
  return out;
}

/** Stated gaps inside [start, end), plus any uncovered hole, which the input simply did not give. */
export function gapsWithin(image: CodeImage, start: bigint, end: bigint): Gap[] {
  const out: Gap[] = [];
  let at = start;
  const covered = [
    ...clipRanges(image.ranges, start, end).map((r) => ({ start: r.address, end: rangeEnd(r), gap: null as Gap | null })),
    ...image.gaps.filter((g) => g.end > start && g.start < end).map((g) => ({ start: g.start < start ? start : g.start, end: g.end > end ? end : g.end, gap: g })),
  ].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (const c of covered) {
    if (c.start > at) out.push({ start: at, end: c.start, reason: 'not in the input' });
    if (c.gap !== null) out.push({ ...c.gap, start: c.start, end: c.end });
    if (c.end > at) at = c.end;
  }
  if (at < end) out.push({ start: at, end, reason: 'not in the input' });
  return out;
}
