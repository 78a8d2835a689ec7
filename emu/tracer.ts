/**
 * Per-instruction recording: the record of each instruction (pc, word, register writes with old
 * and new values, memory reads and writes), the "depends on unknown" taint carried from inputs
 * to outputs, and the undo log of memory writes that lets the engine go back in time.
 *
 * The engine calls `begin` from its code hook (before the instruction runs), the memory methods
 * from its memory hooks, and `finish` at the next instruction's hook (or when the run stops),
 * passing a snapshot of all traced registers (two uint32 words per register, little-endian host).
 */
import type { Arch } from './arch.js';
import type { MemoryMap } from './memory.js';
import type { RegisterAccess, RegisterAccessProvider } from './register-access.js';
import type { RegisterInfo } from './registers.js';
import type { Fault, MemoryAccessRecord, RegisterWrite, TraceRecord } from './types.js';

export interface UndoEntry {
  /** The step whose instruction made this write. */
  readonly step: number;
  readonly address: bigint;
  readonly old: Uint8Array;
  /** Poison flags of the overwritten bytes; null when none was poisoned. */
  readonly oldPoison: Uint8Array | null;
}

/** What the tracer needs per instruction word, computed once. */
interface Decoded {
  readonly access: RegisterAccess | null;
  /** Per traced register: 1 if the instruction declares a write to it. */
  readonly declared: Uint8Array;
  /** Declared writes to registers outside the traced file (FPU, SIMD): taint by name only. */
  readonly untracedWrites: readonly string[];
}

const NONE: readonly MemoryAccessRecord[] = Object.freeze([]);

interface Pending {
  step: number;
  pc: bigint;
  word: number;
  delaySlot: boolean;
  decoded: Decoded;
  unknownInput: boolean;
  reads: MemoryAccessRecord[] | null;
  writes: MemoryAccessRecord[] | null;
}

function valueOf(snapshot: Uint32Array, index: number, bits: 32 | 64): bigint {
  const low = snapshot[2 * index] ?? 0;
  if (bits === 32) return BigInt(low);
  return (BigInt(snapshot[2 * index + 1] ?? 0) << 32n) | BigInt(low);
}

export class Tracer {
  readonly records: TraceRecord[] = [];
  readonly undo: UndoEntry[] = [];
  /** Canonical names of registers whose value depends on unknown input. */
  readonly taint = new Set<string>();
  /** False while replaying steps already recorded (going forward in time). */
  recording = true;
  private pending: Pending | null = null;
  private readonly before: Uint32Array;
  private readonly decodedCache = new Map<number, Decoded>();

  constructor(
    private readonly arch: Arch,
    private readonly registers: readonly RegisterInfo[],
    private readonly memory: MemoryMap,
    private readonly registerAccess: RegisterAccessProvider,
  ) {
    this.before = new Uint32Array(registers.length * 2);
  }

  private decode(word: number): Decoded {
    let decoded = this.decodedCache.get(word);
    if (decoded === undefined) {
      const access = this.registerAccess(this.arch, word);
      const writes = access?.writes ?? [];
      const traced = new Set(this.registers.map((reg) => reg.name));
      decoded = {
        access,
        declared: Uint8Array.from(this.registers, (reg) => (writes.includes(reg.name) ? 1 : 0)),
        untracedWrites: writes.filter((name) => !traced.has(name)),
      };
      this.decodedCache.set(word, decoded);
    }
    return decoded;
  }

  begin(step: number, pc: bigint, word: number, delaySlot: boolean, snapshot: Uint32Array): void {
    const decoded = this.decode(word);
    const taint = this.taint;
    // An instruction we cannot decode may read anything: its outputs are unknown if anything is.
    let unknownInput = false;
    if (taint.size > 0) unknownInput = decoded.access === null || decoded.access.reads.some((name) => taint.has(name));
    this.before.set(snapshot);
    this.pending = { step, pc, word, delaySlot, decoded, unknownInput, reads: null, writes: null };
  }

  memoryRead(address: bigint, size: number, value: bigint): void {
    const pending = this.pending;
    if (pending === null) return;
    const unknown = this.memory.isPoisoned(address, size);
    if (unknown) pending.unknownInput = true;
    if (this.recording) (pending.reads ??= []).push({ address, size, value, unknown });
  }

  /** Called before the bytes change; `old` holds the bytes about to be overwritten. */
  memoryWrite(address: bigint, size: number, value: bigint, old: Uint8Array): void {
    const pending = this.pending;
    const step = pending?.step ?? this.records.length;
    this.undo.push({ step, address, old, oldPoison: this.memory.poisonOf(address, size) });
    const unknown = pending?.unknownInput ?? false;
    this.memory.setPoison(address, size, unknown);
    if (pending !== null && this.recording) (pending.writes ??= []).push({ address, size, value, unknown });
  }

  /** The pending instruction completed; `after` is the register snapshot now. */
  finish(after: Uint32Array): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    const writes: RegisterWrite[] = [];
    const { declared, untracedWrites } = pending.decoded;
    const before = this.before;
    for (let index = 0; index < this.registers.length; index++) {
      const changed = after[2 * index] !== before[2 * index] || after[2 * index + 1] !== before[2 * index + 1];
      // A write of an equal value is still a write: the declared set catches it.
      if (!changed && declared[index] === 0) continue;
      const reg = this.registers[index] as RegisterInfo;
      if (pending.unknownInput) this.taint.add(reg.name);
      else this.taint.delete(reg.name);
      if (this.recording) {
        writes.push({
          name: reg.name,
          old: valueOf(this.before, index, reg.bits),
          value: valueOf(after, index, reg.bits),
          tainted: pending.unknownInput,
        });
      }
    }
    for (const name of untracedWrites) {
      if (pending.unknownInput) this.taint.add(name);
      else this.taint.delete(name);
    }
    if (this.recording) this.records.push(this.toRecord(pending, writes));
  }

  /** The pending instruction faulted: it is recorded with the fault, and changes nothing. */
  fault(fault: Fault): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    if (this.recording) this.records.push(this.toRecord(pending, [], fault));
  }

  /** Forget a pending instruction that the engine stopped in front of. */
  cancel(): void {
    this.pending = null;
  }

  get hasPending(): boolean {
    return this.pending !== null;
  }

  private toRecord(pending: Pending, registerWrites: RegisterWrite[], fault?: Fault): TraceRecord {
    const record: TraceRecord = {
      step: pending.step,
      pc: pending.pc,
      word: pending.word,
      delaySlot: pending.delaySlot,
      registerWrites,
      reads: pending.reads ?? NONE,
      writes: pending.writes ?? NONE,
      unknownInput: pending.unknownInput,
    };
    return fault === undefined ? record : { ...record, fault };
  }
}
