/**
 * Identity mapping of MIPS32 kseg2 and kseg3 (0xc0000000..0xffffffff) for Unicorn 2.0.1.
 *
 * Why: Linux MIPS modules and vmalloc live in kseg2, which the CPU translates through its TLB.
 * Unicorn 2.0.1 keeps QEMU's R4K TLB there (kuseg and kseg0/kseg1 reach guest memory at the same
 * address; measured), its TLB starts empty, and it has no control to change that (UC_CTL_TLB_TYPE
 * came with 2.1; unicorn.h of 2.0.1 has none) and no CP0 register access beyond Status, Config3
 * and UserLocal. So every kseg2 access would end in a TLB refill exception (EXCP_TLBL, 26).
 *
 * What: a stub of mtc0/tlbwi instructions runs once inside Unicorn and writes two wired TLB
 * entries with 256 MiB pages (PageMask 0x1fffe000), each mapping an even/odd page pair to the
 * same physical address, global, valid, dirty, cacheable: entry 0 covers 0xc0000000..0xdfffffff,
 * entry 1 covers 0xe0000000..0xffffffff. Every kseg2/kseg3 address then reaches Unicorn's memory
 * at the same address, so a mapped page works wherever it is, a lazily provided page needs no
 * TLB update, and an unmapped one ends in Unicorn's unmapped-memory hook with the exact address,
 * size and access, like any other address. QEMU accepts the 256 MiB page size for pre-R6 CPUs
 * (mtc0 PageMask keeps bits 13..28), though a real 24Kc stops at 16 MiB; Unicorn's default
 * MIPS32 CPU has 16 TLB entries (Config1.MMUSize, measured), of which this uses 2.
 * Wired = 2 keeps tlbwr in guest code from replacing them; the other CP0 registers the stub
 * writes get their old values back, and the GPRs it uses are restored by the caller.
 */
import type { MIPS_GPR_NAMES } from './registers.js';

/** CP0 register numbers (MIPS32 Vol. III, "CP0 Registers"). */
const CP0 = { Index: 0, EntryLo0: 2, EntryLo1: 3, PageMask: 5, Wired: 6, EntryHi: 10 } as const;

/** The address the stub runs at: kseg0, so the TLB is not involved in fetching it. */
export const TLB_STUB_ADDRESS = 0x80000000n;

/** GPR numbers the stub uses: t0..t4 hold the old CP0 values, t5 builds the new ones. */
const SAVED = [8, 9, 10, 11, 12] as const;
const WORK = 13;
export const TLB_STUB_REGISTERS: readonly (typeof MIPS_GPR_NAMES)[number][] = ['t0', 't1', 't2', 't3', 't4', 't5'];

/** 256 MiB pages: an entry maps 512 MiB as an even/odd pair. */
const PAGE_MASK_256M = 0x1fffe000;
const PAIR_BYTES = 0x20000000;
/** EntryLo flags: C = 3 (cacheable, noncoherent, write-back), D, V, G. */
const ENTRYLO_FLAGS = (3 << 3) | (1 << 2) | (1 << 1) | 1;

const mtc0 = (rt: number, rd: number): number => (0x40800000 | (rt << 16) | (rd << 11)) >>> 0;
const mfc0 = (rt: number, rd: number): number => (0x40000000 | (rt << 16) | (rd << 11)) >>> 0;
const lui = (rt: number, value: number): number => (0x3c000000 | (rt << 16) | (value >>> 16)) >>> 0;
const ori = (rt: number, value: number): number => (0x34000000 | (rt << 21) | (rt << 16) | (value & 0xffff)) >>> 0;
const TLBWI = 0x42000002;
/** ehb (sll zero, zero, 3): CP0 writes are visible to the next tlbwi / memory access. */
const EHB = 0x000000c0;

function loadImmediate(rt: number, value: number): number[] {
  return [lui(rt, value), ori(rt, value)];
}

function entryLo(physical: number): number {
  return (((physical >>> 12) << 6) | ENTRYLO_FLAGS) >>> 0;
}

const SAVED_CP0 = [CP0.Index, CP0.EntryHi, CP0.EntryLo0, CP0.EntryLo1, CP0.PageMask] as const;

/** The stub's instruction words; it ends where the caller stops it (after the last word). */
export function kernelTlbStub(): number[] {
  const words: number[] = SAVED_CP0.map((rd, i) => mfc0(SAVED[i] as number, rd));
  for (let entry = 0; entry < 2; entry++) {
    const virtual = 0xc0000000 + entry * PAIR_BYTES;
    const fields: Array<[number, number]> = [
      [CP0.Index, entry],
      [CP0.EntryHi, virtual],
      [CP0.PageMask, PAGE_MASK_256M],
      [CP0.EntryLo0, entryLo(virtual)],
      [CP0.EntryLo1, entryLo(virtual + PAIR_BYTES / 2)],
    ];
    for (const [rd, value] of fields) words.push(...loadImmediate(WORK, value), mtc0(WORK, rd));
    words.push(EHB, TLBWI);
  }
  words.push(...loadImmediate(WORK, 2), mtc0(WORK, CP0.Wired));
  SAVED_CP0.forEach((rd, i) => words.push(mtc0(SAVED[i] as number, rd)));
  words.push(EHB);
  return words;
}
