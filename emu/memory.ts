/**
 * What the engine knows about guest memory besides its bytes (which live in Unicorn): which pages
 * are mapped, where each byte range came from, and which bytes are poisoned (their value is not
 * known, so anything computed from them is not known either). Pure bookkeeping, no FFI.
 */

/**
 * `code`: instruction bytes from the image; `dump`: printed by the kernel (stack words, registers
 * spilled); `reconstructed`: derived by the analysis; `unknown`: mapped so the code can run, but
 * its bytes are placeholders. Only `unknown` bytes are poisoned.
 */
export type Provenance = 'code' | 'dump' | 'reconstructed' | 'unknown';

export interface Region {
  readonly start: bigint;
  readonly size: number;
  readonly provenance: Provenance;
  readonly label: string;
}

/** Unicorn 2 maps in 4 KiB pages on every machine we emulate (TARGET_PAGE_BITS = 12). */
export const PAGE_SIZE = 4096;
const PAGE_SHIFT = 12n;
const PAGE_MASK = BigInt(PAGE_SIZE - 1);

export function pageOf(address: bigint): bigint {
  return address >> PAGE_SHIFT;
}

export class MemoryMap {
  private readonly pages = new Set<bigint>();
  /** Later entries win where ranges overlap. */
  private readonly ranges: Region[] = [];
  /** Page index -> one byte per byte of the page, 1 = poisoned. Absent page = nothing poisoned. */
  private readonly poison = new Map<bigint, Uint8Array>();

  get mappedBytes(): number {
    return this.pages.size * PAGE_SIZE;
  }

  isPageMapped(page: bigint): boolean {
    return this.pages.has(page);
  }

  /** True if every byte of [address, address + size) is on a mapped page. */
  isMapped(address: bigint, size: number): boolean {
    for (let page = pageOf(address); page <= pageOf(address + BigInt(Math.max(size, 1) - 1)); page++) {
      if (!this.pages.has(page)) return false;
    }
    return true;
  }

  addPages(firstPage: bigint, count: number): void {
    for (let i = 0n; i < BigInt(count); i++) this.pages.add(firstPage + i);
  }

  /** Record where [start, start + size) came from; `unknown` poisons it, anything else clears poison. */
  describe(start: bigint, size: number, provenance: Provenance, label: string): void {
    this.ranges.push({ start, size, provenance, label });
    this.setPoison(start, size, provenance === 'unknown');
  }

  /** The region that last described `address`, if any. */
  regionAt(address: bigint): Region | undefined {
    for (let i = this.ranges.length - 1; i >= 0; i--) {
      const region = this.ranges[i] as Region;
      if (address >= region.start && address < region.start + BigInt(region.size)) return region;
    }
    return undefined;
  }

  regions(): readonly Region[] {
    return this.ranges;
  }

  setPoison(start: bigint, size: number, poisoned: boolean): void {
    if (!poisoned && this.poison.size === 0) return;
    let address = start;
    let left = size;
    while (left > 0) {
      const page = pageOf(address);
      const offset = Number(address & PAGE_MASK);
      const chunk = Math.min(left, PAGE_SIZE - offset);
      let shadow = this.poison.get(page);
      if (shadow === undefined && poisoned) {
        shadow = new Uint8Array(PAGE_SIZE);
        this.poison.set(page, shadow);
      }
      shadow?.fill(poisoned ? 1 : 0, offset, offset + chunk);
      address += BigInt(chunk);
      left -= chunk;
    }
  }

  /** Poison flags of [start, start + size), one byte each (for undo); null if none is poisoned. */
  poisonOf(start: bigint, size: number): Uint8Array | null {
    if (!this.isPoisoned(start, size)) return null;
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const address = start + BigInt(i);
      const shadow = this.poison.get(pageOf(address));
      if (shadow !== undefined) out[i] = shadow[Number(address & PAGE_MASK)] ?? 0;
    }
    return out;
  }

  restorePoison(start: bigint, size: number, flags: Uint8Array | null): void {
    if (flags === null) this.setPoison(start, size, false);
    else flags.forEach((flag, i) => this.setPoison(start + BigInt(i), 1, flag !== 0));
  }

  isPoisoned(start: bigint, size: number): boolean {
    if (this.poison.size === 0) return false;
    const page = pageOf(start);
    const offset = Number(start & PAGE_MASK);
    if (offset + size <= PAGE_SIZE) {
      // The common case, an access within one page: no per-byte address arithmetic.
      const shadow = this.poison.get(page);
      if (shadow === undefined) return false;
      for (let i = offset; i < offset + size; i++) if (shadow[i] !== 0) return true;
      return false;
    }
    const head = PAGE_SIZE - offset;
    return this.isPoisoned(start, head) || this.isPoisoned(start + BigInt(head), size - head);
  }
}
