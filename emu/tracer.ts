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
  /** The step whose instruction (or the fill before it) made this write. */
  readonly step: number;
  readonly address: bigint;
  readonly old: Uint8Array;
  readonly oldPoison: Uint8Array;
}

interface Pending {
  step: number;
  pc: bigint;
  word: number;
  delaySlot: boolean;
  access: RegisterAccess | null;
  unknownInput: boolean;
  reads: MemoryAccessRecord[];
  writes: MemoryAccessRecord[];
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
  private readonly accessCache = new Map<number, RegisterAccess | null>();

  constructor(
    private readonly arch: Arch,
    private readonly registers: readonly RegisterInfo[],
    private readonly memory: MemoryMap,
    private readonly registerAccess: RegisterAccessProvider,
  ) {
    this.before = new Uint32Array(registers.length * 2);
  }

  private accessOf(word: number): RegisterAccess | null {
    let found = this.accessCache.get(word);
    if (found === undefined && !this.accessCache.has(word)) {
      found = this.registerAccess(this.arch, word);
      this.accessCache.set(word, found);
    }
    return found ?? null;
  }

  begin(step: number, pc: bigint, word: number, delaySlot: boolean, snapshot: Uint32Array): void {
    const access = this.accessOf(word);
    // An instruction we cannot decode may read anything: its outputs are unknown if anything is.
    const unknownInput =
      access === null ? this.taint.size > 0 : access.reads.some((name) => this.taint.has(name));
    this.before.set(snapshot);
    this.pending = { step, pc, word, delaySlot, access, unknownInput, reads: [], writes: [] };
  }

  memoryRead(address: bigint, size: number, value: bigint): void {
    const pending = this.pending;
    if (pending === null) return;
    const unknown = this.memory.isPoisoned(address, size);
    if (unknown) pending.unknownInput = true;
    if (this.recording) pending.reads.push({ address, size, value, unknown });
  }

  /** Called before the bytes change; `old` holds the bytes about to be overwritten. */
  memoryWrite(address: bigint, size: number, value: bigint, old: Uint8Array): void {
    const pending = this.pending;
    const step = pending?.step ?? this.records.length;
    this.undo.push({ step, address, old, oldPoison: this.memory.poisonOf(address, size) });
    const unknown = pending?.unknownInput ?? false;
    this.memory.setPoison(address, size, unknown);
    if (pending !== null && this.recording) pending.writes.push({ address, size, value, unknown });
  }

  /** The last write the guest announced did not happen (its page was missing): forget it. */
  dropLastWrite(): void {
    const entry = this.undo.pop();
    if (entry !== undefined) this.memory.restorePoison(entry.address, entry.oldPoison);
    this.pending?.writes.pop();
  }

  /** The pending instruction completed; `after` is the register snapshot now. */
  finish(after: Uint32Array): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    const writes: RegisterWrite[] = [];
    const declared = pending.access?.writes ?? [];
    for (let index = 0; index < this.registers.length; index++) {
      const reg = this.registers[index] as RegisterInfo;
      const changed = after[2 * index] !== this.before[2 * index] || after[2 * index + 1] !== this.before[2 * index + 1];
      // A write of an equal value is still a write: the declared set catches it.
      if (!changed && !declared.includes(reg.name)) continue;
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
    // Registers outside the traced file (FPU, SIMD) carry taint by name only.
    for (const name of declared) {
      if (this.registers.some((reg) => reg.name === name)) continue;
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
      reads: pending.reads,
      writes: pending.writes,
      unknownInput: pending.unknownInput,
    };
    return fault === undefined ? record : { ...record, fault };
  }
}
