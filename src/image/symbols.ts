/**
 * Symbol lookups over a plain array (modules, listings, System.map, the Code: line), and the
 * "did you mean" suggestions every index shares.
 */
import type { ImageSymbol, SymbolIndex } from './types.js';

const byAddress = (a: ImageSymbol, b: ImageSymbol): number => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Index of the last entry whose address is <= `address`, or -1. */
function lastAtOrBelow(sorted: readonly ImageSymbol[], address: bigint): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as ImageSymbol).address <= address) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Kernel functions are far smaller than this: a backwards scan for a container stops here. */
export const MAX_FUNCTION_SIZE = 0x1000000n;

export function arraySymbolIndex(symbols: readonly ImageSymbol[]): SymbolIndex {
  const sorted = [...symbols].sort(byAddress);
  return {
    count: sorted.length,
    named: (name) => sorted.filter((s) => s.name === name),
    functionContaining(address) {
      let best: ImageSymbol | null = null;
      for (let i = lastAtOrBelow(sorted, address); i >= 0; i--) {
        const s = sorted[i] as ImageSymbol;
        if (address - s.address > MAX_FUNCTION_SIZE) break;
        if (s.kind !== 'function' || s.size === null || s.size === 0n) continue;
        if (address < s.address + s.size && (best === null || s.size < (best.size as bigint))) best = s;
      }
      return best;
    },
    atOrBelow(address) {
      const i = lastAtOrBelow(sorted, address);
      return i < 0 ? null : (sorted[i] as ImageSymbol);
    },
    after(address) {
      for (let i = lastAtOrBelow(sorted, address) + 1; i < sorted.length; i++) {
        const s = sorted[i] as ImageSymbol;
        if (s.address > address) return s;
      }
      return null;
    },
    functionNames: () => sorted.filter((s) => s.kind === 'function').map((s) => s.name),
  };
}

/** Edit distance, bounded: returns `limit + 1` as soon as the distance must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Up to `count` names close to `name` (containment, then edit distance), for "did you mean". */
export function nearestNames(names: Iterable<string>, name: string, count = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored: { n: string; d: number }[] = [];
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) continue;
    seen.add(n);
    const d = name.length >= 3 && (n.includes(name) || name.includes(n)) ? Math.abs(n.length - name.length) / 100 : editDistance(n, name, limit);
    if (d <= limit) scored.push({ n, d });
  }
  scored.sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1));
  return scored.slice(0, count).map((s) => s.n);
}

export function didYouMean(names: Iterable<string>, name: string): string {
  const near = nearestNames(names, name);
  return near.length === 0 ? '' : `; nearest names: ${near.join(', ')}`;
}
