/**
 * What the replay starts from: the earliest instruction the chain needs (its origin, or the start of
 * the path), the registers there as recovered (unknown ones stay unknown), and the memory the dump and
 * the recovered loads determine. Nothing else is mapped, so the replay cannot borrow values it was not given.
 */
import type { CrashReport } from '../oops/index.js';
import type { IsaSpec, Reconstruction, StepState } from './types.js';

export interface ReplayPlan {
  readonly start: bigint;
  readonly registers: ReadonlyMap<string, bigint | null>;
  readonly memory: readonly { readonly address: bigint; readonly bytes: Uint8Array; readonly provenance: 'dump' | 'reconstructed' | 'unknown'; readonly label: string }[];
}

/** `value` as `size` bytes in memory order. */
export function bytesOf(value: bigint, size: number, endian: 'be' | 'le'): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const shift = BigInt(8 * (endian === 'le' ? i : size - 1 - i));
    out[i] = Number((value >> shift) & 0xffn);
  }
  return out;
}

export function replayPlan(rec: Reconstruction, crash: CrashReport, isa: IsaSpec): ReplayPlan {
  // The origin may be a branch's delay slot: the replay then starts at the branch, whose unit holds it.
  const originPc = rec.origin.pc;
  let originIndex = originPc === null ? -1 : rec.steps.findIndex((s) => s.pc === originPc);
  if (originIndex < 0 && originPc !== null) originIndex = rec.steps.findIndex((s) => s.pc + 4n === originPc);
  // An origin load whose address is not determined cannot be replayed; the value it loaded can.
  if (originIndex >= 0 && (rec.origin.kind === 'load' || rec.origin.kind === 'stack') && rec.origin.loadAddress === null) originIndex++;
  // Nor can code the input does not show, a callee the input does not hold, or a branch whose
  // condition rests on memory nobody knows (the replay could go the other way): it starts after the
  // last of these on the path.
  // A read whose address is not determined is in that class too: the replay could only invent its value.
  const blind = (s: StepState): boolean => s.gap || s.call || s.undecided || s.accesses.some((a) => a.kind === 'read' && a.address === null);
  const afterOpaque = rec.steps.reduce((last, s, i) => (i < rec.steps.length - 1 && blind(s) ? i + 1 : last), 0);
  const startIndex = Math.min(Math.max(originIndex, afterOpaque), rec.steps.length - 1);
  const first = rec.steps[startIndex]!;
  const registers = new Map<string, bigint | null>();
  // A value known only through the bad address would make the replay prove what it assumed.
  for (const [name, r] of first.registers) if (name !== isa.abi.zero) registers.set(name, r.fromFault ? null : r.value);
  const memory: { address: bigint; bytes: Uint8Array; provenance: 'dump' | 'reconstructed' | 'unknown'; label: string }[] = [];
  const sp = crash.registers[isa.abi.sp];
  if (sp !== undefined) {
    // sp points into the kernel stack, which is mapped: stores there must not fault in the replay.
    const base = (BigInt(sp) & ~0xfffn) - 0x4000n;
    memory.push({ address: base, bytes: new Uint8Array(0x8000), provenance: 'unknown', label: 'kernel stack around the crash sp (contents unknown)' });
  }
  if (crash.stack !== null && sp !== undefined && isa.wordBits === 32) {
    const words = crash.stack.words.map((w) => bytesOf(BigInt(w), 4, isa.endian));
    const all = new Uint8Array(words.length * 4);
    words.forEach((w, i) => all.set(w, i * 4));
    memory.push({ address: BigInt(sp), bytes: all, provenance: 'dump', label: 'stack dump at the crash sp' });
  }
  for (const step of rec.steps.slice(startIndex)) {
    for (const a of step.accesses) {
      // The first page is never mapped in Linux: a load there cannot have succeeded, so it is not seeded.
      if (a.kind !== 'read' || a.address === null || a.value === null || a.fromFault || a.address < 4096n) continue;
      memory.push({ address: a.address, bytes: bytesOf(a.value, a.size, isa.endian), provenance: 'reconstructed', label: `value loaded at 0x${step.pc.toString(16)}` });
    }
  }
  return { start: first.pc, registers, memory };
}
