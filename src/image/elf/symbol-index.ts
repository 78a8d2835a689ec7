/**
 * A vmlinux's symbol table kept compact: typed arrays over the raw entries (no object per symbol,
 * names decoded only for the symbols a lookup returns), addresses as exact offsets from the lowest
 * one, and the address order built only when a lookup needs it. A 120,000-symbol table is scanned
 * in milliseconds; materializing it as objects took most of a second.
 */
import type { ImageArch, ImageSymbol, SymbolIndex, SymbolKind } from '../types.js';
import { machineAddress } from '../words.js';
import { SHF_ALLOC, SHF_EXECINSTR, STB_LOCAL, STT_NOTYPE, type ElfFile } from './file.js';
import { namesCodeOrData, symbolKind } from './symbols.js';

const KINDS: readonly SymbolKind[] = ['function', 'object', 'other'];
const TWO32 = 2 ** 32;
/** Packed sort keys (offset * 2^INDEX_BITS + index) stay exact while offsets are below 2^32. */
const INDEX_BITS = 2 ** 20;

interface Table {
  readonly arch: ImageArch;
  readonly count: number;
  readonly nameOffset: Uint32Array;
  /** Address minus `base`, exact (< 2^53). */
  readonly offset: Float64Array;
  /** Size in bytes, or -1 for a symbol that has none. */
  readonly size: Float64Array;
  readonly kind: Uint8Array;
  readonly local: Uint8Array;
  readonly strings: Uint8Array;
  readonly base: bigint;
  order: Uint32Array | null;
}

type LinkedIndex = SymbolIndex & { slid(slide: bigint): SymbolIndex };

/**
 * One analysis opens the vmlinux several times (the faulting function, each caller frame, the lr
 * line, kernel symbols for a module): its index is built once per file version (measured: 175 ms of
 * a 1.5 s arm64 report went to rebuilding it).
 */
const indexCache = new Map<string, LinkedIndex | null>();
const INDEX_CACHE_FILES = 4;

/** The symbols of a linked ELF file (vmlinux) that name code or data; null if it has no .symtab. */
export function elfSymbolIndex(elf: ElfFile, arch: ImageArch): LinkedIndex | null {
  const key = elf.source.identity === undefined ? undefined : `${elf.source.identity}:${arch}`;
  if (key !== undefined && indexCache.has(key)) return indexCache.get(key)!;
  const index = buildSymbolIndex(elf, arch);
  if (key !== undefined) {
    if (indexCache.size >= INDEX_CACHE_FILES) indexCache.delete(indexCache.keys().next().value!);
    indexCache.set(key, index);
  }
  return index;
}

function buildSymbolIndex(elf: ElfFile, arch: ImageArch): LinkedIndex | null {
  const raw = elf.rawSymbolTable();
  if (raw === null || raw.count <= 1) return null;
  const { entries: v, count, strings, is64, little } = raw;
  const alloc = new Uint8Array(elf.sections.length);
  const exec = new Uint8Array(elf.sections.length);
  for (const s of elf.sections) {
    alloc[s.index] = (s.flags & SHF_ALLOC) !== 0n ? 1 : 0;
    exec[s.index] = (s.flags & SHF_EXECINSTR) !== 0n ? 1 : 0;
  }
  const allocated = (i: number): boolean => alloc[i] === 1;
  const keep = new Uint32Array(count);
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  let kept = 0;
  let minHi = Infinity;
  let minLo = Infinity;
  for (let i = 1; i < count; i++) {
    const at = i * (is64 ? 24 : 16);
    const nameOff = v.getUint32(at, little);
    const info = v.getUint8(at + (is64 ? 4 : 12));
    const shndx = v.getUint16(at + (is64 ? 6 : 14), little);
    const type = info & 0xf;
    if (nameOff === 0 || !namesCodeOrData(type, shndx, strings[nameOff], allocated)) continue;
    let h = 0;
    let l: number;
    if (is64) {
      h = v.getUint32(at + (little ? 12 : 8), little);
      l = v.getUint32(at + (little ? 8 : 12), little);
    } else l = v.getUint32(at + 4, little);
    if (arch === 'mips') h = 0;
    keep[kept] = i;
    hi[kept] = h;
    lo[kept] = l;
    if (h < minHi || (h === minHi && l < minLo)) {
      minHi = h;
      minLo = l;
    }
    kept++;
  }
  const table: Table = {
    arch,
    count: kept,
    nameOffset: new Uint32Array(kept),
    offset: new Float64Array(kept),
    size: new Float64Array(kept),
    kind: new Uint8Array(kept),
    local: new Uint8Array(kept),
    strings,
    base: kept === 0 ? 0n : (BigInt(minHi) << 32n) | BigInt(minLo),
    order: null,
  };
  for (let k = 0; k < kept; k++) {
    const i = keep[k] as number;
    const at = i * (is64 ? 24 : 16);
    const info = v.getUint8(at + (is64 ? 4 : 12));
    const type = info & 0xf;
    const shndx = v.getUint16(at + (is64 ? 6 : 14), little);
    const size = is64 ? v.getUint32(at + (little ? 16 : 20), little) + v.getUint32(at + (little ? 20 : 16), little) * TWO32 : v.getUint32(at + 8, little);
    table.nameOffset[k] = v.getUint32(at, little);
    table.offset[k] = ((hi[k] as number) - minHi) * TWO32 + ((lo[k] as number) - minLo);
    table.size[k] = size === 0 && type === STT_NOTYPE ? -1 : size;
    table.kind[k] = KINDS.indexOf(symbolKind(type, exec[shndx] === 1));
    table.local[k] = info >> 4 === STB_LOCAL ? 1 : 0;
  }
  const index = (slide: bigint) => makeIndex(table, slide);
  return { ...index(0n), slid: index };
}

function nameOf(t: Table, k: number): string {
  const start = t.nameOffset[k] as number;
  let end = t.strings.indexOf(0, start);
  if (end < 0) end = t.strings.length;
  return Buffer.from(t.strings.buffer, t.strings.byteOffset + start, end - start).toString('latin1');
}

function symbolAt(t: Table, k: number, slide: bigint): ImageSymbol {
  const size = t.size[k] as number;
  return {
    name: nameOf(t, k),
    address: machineAddress(t.arch, t.base + BigInt(t.offset[k] as number) + slide),
    size: size < 0 ? null : BigInt(size),
    kind: KINDS[t.kind[k] as number] as SymbolKind,
    local: t.local[k] === 1,
  };
}

/** Symbol indexes in address order, built on first use. */
function addressOrder(t: Table): Uint32Array {
  if (t.order !== null) return t.order;
  const order = new Uint32Array(t.count);
  let max = 0;
  for (let k = 0; k < t.count; k++) max = Math.max(max, t.offset[k] as number);
  if (max < TWO32 && t.count < INDEX_BITS) {
    const keys = new Float64Array(t.count);
    for (let k = 0; k < t.count; k++) keys[k] = (t.offset[k] as number) * INDEX_BITS + k;
    keys.sort();
    for (let k = 0; k < t.count; k++) order[k] = (keys[k] as number) % INDEX_BITS;
  } else {
    for (let k = 0; k < t.count; k++) order[k] = k;
    order.sort((a, b) => (t.offset[a] as number) - (t.offset[b] as number) || a - b);
  }
  t.order = order;
  return order;
}

function makeIndex(t: Table, slide: bigint): SymbolIndex {
  /** `address` as an offset in the table, or null outside its range. */
  const toOffset = (address: bigint): number | null => {
    const link = machineAddress(t.arch, address - slide) - t.base;
    return link < 0n || link > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(link);
  };
  /** Position in address order of the last symbol at or below `off`, or -1. */
  const lastAtOrBelow = (off: number): number => {
    const order = addressOrder(t);
    let lo = 0;
    let hi = order.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((t.offset[order[mid] as number] as number) <= off) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  return {
    count: t.count,
    named(name) {
      const target = Buffer.from(name, 'latin1');
      const first = target[0];
      const out: ImageSymbol[] = [];
      const strings = t.strings;
      for (let k = 0; k < t.count; k++) {
        const start = t.nameOffset[k] as number;
        if (strings[start] !== first || strings[start + target.length] !== 0) continue;
        let same = true;
        for (let j = 1; j < target.length && same; j++) same = strings[start + j] === target[j];
        if (same) out.push(symbolAt(t, k, slide));
      }
      return out;
    },
    functionContaining(address) {
      const off = toOffset(address);
      if (off === null) return null;
      let best = -1;
      for (let k = 0; k < t.count; k++) {
        const start = t.offset[k] as number;
        const size = t.size[k] as number;
        if (t.kind[k] !== 0 || size <= 0 || off < start || off >= start + size) continue;
        if (best < 0 || size < (t.size[best] as number)) best = k;
      }
      return best < 0 ? null : symbolAt(t, best, slide);
    },
    atOrBelow(address) {
      const off = toOffset(address);
      if (off === null) return null;
      const p = lastAtOrBelow(off);
      return p < 0 ? null : symbolAt(t, addressOrder(t)[p] as number, slide);
    },
    after(address) {
      const order = addressOrder(t);
      const link = machineAddress(t.arch, address - slide) - t.base;
      if (link < 0n) return order.length === 0 ? null : symbolAt(t, order[0] as number, slide);
      const off = toOffset(address);
      if (off === null) return null;
      for (let p = lastAtOrBelow(off) + 1; p < order.length; p++) {
        const k = order[p] as number;
        if ((t.offset[k] as number) > off) return symbolAt(t, k, slide);
      }
      return null;
    },
    *functionNames() {
      for (let k = 0; k < t.count; k++) if (t.kind[k] === 0) yield nameOf(t, k);
    },
  };
}
