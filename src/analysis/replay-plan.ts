/**
 * What the replay starts from: the earliest instruction the chain needs (its origin, or the start of
 * the path), the registers there as recovered (unknown ones stay unknown), and the memory the dump and
 * the recovered loads determine. Nothing else is mapped, so the replay cannot borrow values it was not given.
 */
import type { CrashReport } from '../oops/index.js';
import type { IsaSpec, Reconstruction } from './types.js';

export interface ReplayPlan {
  readonly start: bigint;
  readonly registers: ReadonlyMap<string, bigint | null>;
  readonly memory: readonly { readonly address: bigint; readonly bytes: Uint8Array; readonly provenance: 'dump' | 'reconstructed'; readonly label: string }[];
}

function bytesOf(value: bigint, size: number, endian: 'be' | 'le'): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const shift = BigInt(8 * (endian === 'le' ? i : size - 1 - i));
    out[i] = Number((value >> shift) & 0xffn);
  }
  return out;
}

export function replayPlan(rec: Reconstruction, crash: CrashReport, isa: IsaSpec): ReplayPlan {
  const originIndex = rec.origin.pc === null ? -1 : rec.steps.findIndex((s) => s.pc === rec.origin.pc);
  const startIndex = originIndex >= 0 ? originIndex : 0;
  const first = rec.steps[startIndex]!;
  const registers = new Map<string, bigint | null>();
  for (const [name, r] of first.registers) if (name !== isa.abi.zero) registers.set(name, r.value);
  const memory: { address: bigint; bytes: Uint8Array; provenance: 'dump' | 'reconstructed'; label: string }[] = [];
  const sp = crash.registers[isa.abi.sp];
  if (crash.stack !== null && sp !== undefined && isa.wordBits === 32) {
    const words = crash.stack.words.map((w) => bytesOf(BigInt(w), 4, isa.endian));
    const all = new Uint8Array(words.length * 4);
    words.forEach((w, i) => all.set(w, i * 4));
    memory.push({ address: BigInt(sp), bytes: all, provenance: 'dump', label: 'stack dump at the crash sp' });
  }
  for (const step of rec.steps.slice(startIndex)) {
    for (const a of step.accesses) {
      // The first page is never mapped in Linux: a load there cannot have succeeded, so it is not seeded.
      if (a.kind !== 'read' || a.address === null || a.value === null || a.address < 4096n) continue;
      memory.push({ address: a.address, bytes: bytesOf(a.value, a.size, isa.endian), provenance: 'reconstructed', label: `value loaded at 0x${step.pc.toString(16)}` });
    }
  }
  return { start: first.pc, registers, memory };
}
