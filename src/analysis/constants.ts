/**
 * Registers that hold one constant on every path from the function entry to a node: a jump table's
 * address is often put in a callee-saved register before a loop (`lui s7,...; addiu s7,s7,...`) and
 * used in it, far from where a backward walk from the jump could reach it. A forward data-flow
 * analysis over the graph as it stands (its missing edges are the graph's stated unresolved jumps),
 * each node's statements evaluated over the constants known before it; a call leaves the registers
 * the calling convention lets it change unknown.
 */
import type { ReadData } from '../image/index.js';
import { type Endian, type Expr, type PartialValue, evaluate, isKnown, known, unknown } from '../ir/index.js';
import type { Cfg } from './cfg.js';

/** A read of constant data: known where the address is and the data there is constant. */
export function constantLoad(readData: ReadData | undefined, addr: PartialValue, width: number, endian: Endian): PartialValue {
  const bytes = isKnown(addr) && readData !== undefined ? readData(addr.value, width / 8) : null;
  if (bytes === null) return unknown(width);
  const ordered = endian === 'le' ? [...bytes].reverse() : [...bytes];
  return known(ordered.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n), width);
}

export type Constants = ReadonlyMap<string, bigint>;

/** For each node reached from the entry, the registers known to be constant before it runs. */
export function registerConstants(cfg: Cfg): ReadonlyMap<bigint, Constants> {
  const { code } = cfg;
  const before = new Map<bigint, Map<string, bigint>>([[code.start, new Map()]]);
  const work: bigint[] = [code.start];
  while (work.length > 0) {
    const node = work.pop()!;
    const after = transfer(cfg, node, before.get(node)!);
    for (const next of cfg.successors.get(node) ?? []) {
      const seen = before.get(next);
      if (seen === undefined) {
        before.set(next, new Map(after));
        work.push(next);
        continue;
      }
      let changed = false;
      for (const [name, value] of seen) {
        if (after.get(name) !== value) {
          seen.delete(name);
          changed = true;
        }
      }
      if (changed) work.push(next);
    }
  }
  return before;
}

function transfer(cfg: Cfg, node: bigint, known0: ReadonlyMap<string, bigint>): Map<string, bigint> {
  const { code } = cfg;
  const { isa } = code;
  if (cfg.gapAt.has(node)) return new Map();
  const insn = code.instructions.get(node);
  if (insn === undefined) return new Map();
  const slot = insn.lifted.delaySlot ? code.instructions.get(node + BigInt(insn.size)) : undefined;
  const units = slot === undefined ? [insn.lifted.stmts]
    : isa.joinDelaySlot !== undefined ? [isa.joinDelaySlot(insn.lifted, slot.lifted).stmts]
    : [insn.lifted.stmts, slot.lifted.stmts];
  const out = new Map(known0);
  for (const stmts of units) {
    const tmps = new Map<number, PartialValue>();
    const value = (e: Expr): PartialValue =>
      evaluate(e, {
        reg: (name, w) => {
          if (name === isa.abi.zero) return known(0n, w);
          const v = out.get(name);
          return v === undefined ? unknown(w) : known(v, w);
        },
        tmp: (index, w) => tmps.get(index) ?? unknown(w),
        sym: (_n, w) => unknown(w),
        load: (addr, w, endian) => constantLoad(code.readData, addr, w, endian),
      });
    for (const s of stmts) {
      if (s.kind === 'let') tmps.set(s.index, value(s.value));
      else if (s.kind === 'assign' && s.dst !== isa.abi.zero) {
        const v = value(s.value);
        if (isKnown(v)) out.set(s.dst, v.value);
        else out.delete(s.dst);
      } else if (s.kind === 'opaque') for (const r of s.clobbers) out.delete(r);
      else if (s.kind === 'exit' && s.flavor === 'call') for (const r of isa.abi.callClobbered) out.delete(r);
    }
  }
  return out;
}
