/**
 * The trace the UI shows, built once from an Analysis: plain data the reducer and the views read,
 * so that no component ever calls the analysis. Register rows are computed per step on first use
 * and kept, because a long trace has thousands of steps and a keypress must answer at once.
 */
import { dumpRegisters } from '../analysis/index.js';
import type { ChainStep } from '../analysis/types.js';
import { equal, printExpr, type Expr } from '../ir/index.js';
import type { Analysis } from '../pipeline.js';

/** Where a register's concrete value comes from: the oops dump itself, the reconstruction, or nowhere. */
export type ValueSource = 'dump' | 'reconstructed' | 'unknown';

export interface RegisterRow {
  readonly name: string;
  readonly value: bigint | null;
  /** The value as an expression over the function's entry state (`*(u32 *)(a1 + 0x54)`). */
  readonly expr: string;
  readonly why: string;
  readonly source: ValueSource;
  /** The previous instruction changed it. */
  readonly changed: boolean;
}

export interface AccessRow {
  readonly kind: 'read' | 'write';
  readonly address: bigint | null;
  readonly size: number;
  readonly value: bigint | null;
}

export interface TraceStep {
  readonly pc: bigint;
  readonly offset: number;
  readonly text: string;
  /** The step stands for code the input does not show. */
  readonly gap: boolean;
  /** A MIPS branch whose delay slot (the next line) runs in the same step. */
  readonly slot: boolean;
  readonly accesses: readonly AccessRow[];
}

export type LineMark = 'fault' | 'origin' | 'chain';

/** One line of the function's disassembly (or one gap), with the path step that runs it, if any. */
export interface CodeLine {
  readonly pc: bigint;
  readonly offset: number;
  readonly text: string;
  readonly gap: boolean;
  readonly marks: readonly LineMark[];
}

/** A chain step as the UI lists it: the analysis's step with its offset in the function. */
export interface ChainRow extends Omit<ChainStep, 'instruction'> {
  readonly offset: number | null;
  /** The path step of this chain step, when the path runs it. */
  readonly step: number | null;
}

export interface MemoryRegion {
  readonly address: bigint;
  readonly bytes: Uint8Array;
  /** `unknown`: mapped for the replay (the kernel stack around sp) but with contents nobody knows. */
  readonly provenance: 'dump' | 'reconstructed' | 'unknown';
  readonly label: string;
}

export interface TraceModel {
  readonly arch: 'mips' | 'aarch64';
  readonly endian: 'be' | 'le';
  readonly wordBits: 32 | 64;
  readonly functionName: string;
  readonly headline: string;
  readonly steps: readonly TraceStep[];
  readonly lines: readonly CodeLine[];
  /** For each step, the index of its line in `lines`. */
  readonly lineOfStep: readonly number[];
  readonly faultStep: number;
  readonly fault: { readonly address: bigint; readonly access: 'read' | 'write' };
  readonly originStep: number | null;
  /** Path steps of the chain, in trace order. */
  readonly chainSteps: readonly number[];
  readonly chain: readonly ChainRow[];
  readonly origin: string;
  readonly memory: readonly MemoryRegion[];
  readonly replaySummary: string;
  readonly assumptions: readonly string[];
  readonly unknowns: readonly string[];
  readonly warnings: readonly string[];
  registersAt(step: number): readonly RegisterRow[];
  /** A register's canonical name, for a name or alias typed by the user. */
  canonicalRegister(name: string): string | undefined;
}

export function buildTraceModel(a: Analysis): TraceModel {
  const rec = a.reconstruction;
  const start = a.code.start;
  const offsetOf = (pc: bigint): number => Number(pc - start);
  const steps: TraceStep[] = rec.steps.map((s) => ({
    pc: s.pc, offset: offsetOf(s.pc), text: s.instruction, gap: !a.code.instructions.has(s.pc),
    slot: a.code.instructions.get(s.pc)?.lifted.delaySlot === true,
    accesses: s.accesses.map((x) => ({ kind: x.kind, address: x.address, size: x.size, value: x.value })),
  }));
  /** The last step that runs `pc`, itself or as the delay slot of its branch. */
  const lastAt = (pc: bigint | null): number | null => {
    if (pc === null) return null;
    for (let i = steps.length - 1; i >= 0; i--) {
      const s = steps[i]!;
      if (s.pc === pc || (s.slot && s.pc + 4n === pc)) return i;
    }
    return null;
  };
  const faultStep = lastAt(rec.fault.pc) ?? steps.length - 1;
  const originStep = rec.origin.kind === 'load' ? lastAt(rec.origin.pc) : null;
  const chain: ChainRow[] = rec.chain.map((c) => ({
    pc: c.pc, offset: c.pc === null ? null : offsetOf(c.pc), kind: c.kind, register: c.register, value: c.value,
    loadAddress: c.loadAddress, expression: c.expression, sentence: c.sentence, step: lastAt(c.pc),
  }));
  const chainSteps = [...new Set(chain.map((c) => c.step).filter((s): s is number => s !== null))].sort((x, y) => x - y);

  const marksAt = new Map<bigint, LineMark[]>();
  const mark = (pc: bigint | null, m: LineMark): void => {
    if (pc === null) return;
    marksAt.set(pc, [...(marksAt.get(pc) ?? []), m]);
  };
  mark(rec.fault.pc, 'fault');
  if (rec.origin.kind === 'load') mark(rec.origin.pc, 'origin');
  for (const c of chain) if (c.kind !== 'fault' && c.pc !== rec.origin.pc) mark(c.pc, 'chain');

  const entries: { pc: bigint; text: string; gap: boolean }[] = [
    ...[...a.code.instructions.values()].map((i) => ({ pc: i.pc, text: i.text, gap: false })),
    ...a.code.gaps.map((g) => ({ pc: g.start, text: `... ${offsetText(offsetOf(g.start))}..${offsetText(offsetOf(g.end))} not shown: ${g.reason}`, gap: true })),
  ].sort((x, y) => (x.pc < y.pc ? -1 : x.pc > y.pc ? 1 : 0));
  const lines: CodeLine[] = entries.map((e) => ({ ...e, offset: offsetOf(e.pc), marks: marksAt.get(e.pc) ?? [] }));
  const lineIndex = new Map<string, number>();
  lines.forEach((l, i) => lineIndex.set(`${l.pc}:${l.gap}`, i));
  const lineOfStep = steps.map((s) => lineIndex.get(`${s.pc}:${s.gap}`) ?? lineIndex.get(`${s.pc}:${!s.gap}`) ?? 0);

  const dump = dumpRegisters(a.crash, a.isa);
  const finalRegs = rec.steps[rec.steps.length - 1]?.registers;
  const rowCache = new Map<number, readonly RegisterRow[]>();
  const registersAt = (i: number): readonly RegisterRow[] => {
    const cached = rowCache.get(i);
    if (cached !== undefined) return cached;
    const here = rec.steps[i]?.registers;
    const before = i > 0 ? rec.steps[i - 1]?.registers : undefined;
    const rows: RegisterRow[] = [];
    for (const [name, r] of here ?? new Map()) {
      if (name === a.isa.abi.zero) continue;
      const prev = before?.get(name);
      const final = finalRegs?.get(name);
      // The program counter before a step is that step's address, whatever the dump printed.
      if (name === 'pc' && steps[i] !== undefined && !steps[i]!.gap) {
        const pc = steps[i]!.pc;
        rows.push({ name, value: pc, expr: `0x${pc.toString(16)}`, why: 'the address of this instruction', source: dump.get(name) === pc ? 'dump' : 'reconstructed', changed: i > 0 });
        continue;
      }
      rows.push({
        name, value: r.value, expr: printExpr(r.expr), why: r.why,
        source: sourceOf(r.value, r.expr, dump.get(name), final?.expr),
        changed: prev !== undefined && !equal(prev.expr, r.expr),
      });
    }
    rowCache.set(i, rows);
    return rows;
  };

  const crash = a.crash;
  const where = crash.pcSymbol !== null ? `${crash.pcSymbol.function}${crash.pcSymbol.offset !== null ? '+' + crash.pcSymbol.offset : ''}` : a.code.name;
  return {
    arch: a.isa.arch, endian: a.isa.endian, wordBits: a.isa.wordBits, functionName: a.code.name,
    headline: `${where}: ${crash.message}`,
    steps, lines, lineOfStep, faultStep, originStep, chainSteps, chain,
    fault: { address: rec.fault.address, access: rec.fault.access },
    origin: rec.origin.description,
    memory: a.plan.memory.map((m) => ({ address: m.address, bytes: m.bytes, provenance: m.provenance, label: m.label })),
    replaySummary: a.replay.summary,
    assumptions: a.report.assumptions,
    unknowns: rec.unknowns,
    warnings: a.report.warnings,
    registersAt,
    canonicalRegister: (n) => a.isa.registers.lookup(n.replace(/^\$/, ''))?.name,
  };
}

/**
 * A value is the dump's when the register keeps the same expression from this step to the crash
 * and the dump prints that value; anything else known was worked out by the reconstruction.
 */
function sourceOf(value: bigint | null, expr: Expr, dumped: bigint | undefined, finalExpr: Expr | undefined): ValueSource {
  if (value === null) return 'unknown';
  if (dumped !== undefined && dumped === value && finalExpr !== undefined && equal(expr, finalExpr)) return 'dump';
  return 'reconstructed';
}

export function offsetText(offset: number): string {
  return offset < 0 ? `-0x${(-offset).toString(16)}` : `+0x${offset.toString(16)}`;
}

export function hexValue(v: bigint, bits: number): string {
  return `0x${v.toString(16).padStart(bits / 4, '0')}`;
}
