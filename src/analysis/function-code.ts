/** The faulting function as the analysis reads it: every word of the image decoded, the holes stated. */
import type { CodeImage, FunctionView } from '../image/index.js';
import type { CodeGap, FunctionCode, Instruction, IsaSpec } from './types.js';
import { underUnresolvedRelocation } from './relocated.js';

export function functionCode(image: CodeImage, view: FunctionView, isa: IsaSpec): FunctionCode {
  const start = view.address;
  const lastByte = view.bytes.reduce((m, r) => (r.address + BigInt(r.bytes.length) > m ? r.address + BigInt(r.bytes.length) : m), start);
  const end = view.size !== null ? start + view.size : lastByte;
  const instructions = new Map<bigint, Instruction>();
  const little = image.endian === 'little';
  const unresolved = new Map(image.relocations.filter((r) => !r.resolved).map((r) => [r.address, r.label]));
  for (const r of view.bytes) {
    const dv = new DataView(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
    for (let off = 0; off + 4 <= r.bytes.length; off += 4) {
      const pc = r.address + BigInt(off);
      if (pc < start || pc >= end) continue;
      const insn = isa.decode(dv.getUint32(off, little), pc);
      const relocation = unresolved.get(pc);
      instructions.set(pc, relocation === undefined ? insn : underUnresolvedRelocation(insn, relocation));
    }
  }
  const gaps: CodeGap[] = view.gaps.map((g) => ({ start: g.start, end: g.end, reason: g.reason }));
  // Words the input neither gives nor declares missing are missing all the same.
  let holeStart: bigint | null = null;
  for (let pc = start; pc <= end; pc += 4n) {
    const covered = pc === end || instructions.has(pc) || gaps.some((g) => pc >= g.start && pc < g.end);
    if (!covered && holeStart === null) holeStart = pc;
    if (covered && holeStart !== null) {
      gaps.push({ start: holeStart, end: pc, reason: 'not in the input' });
      holeStart = null;
    }
  }
  gaps.sort((a, b) => (a.start < b.start ? -1 : 1));
  const source = view.provenance === 'raw-image' ? 'vmlinux' : view.provenance;
  return { name: view.name, start, end, instructions, gaps, source, isa, ...(image.readData === undefined ? {} : { readData: image.readData }) };
}
