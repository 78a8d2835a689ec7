/**
 * Control flow of the faulting function at instruction granularity (a MIPS branch and its delay slot
 * are one node), and the paths from the entry to the fault, enumerated backwards with bounds.
 */
import type { Expr } from '../ir/index.js';
import { type Constants, registerConstants } from './constants.js';
import { type JumpResolution, resolveJump } from './jump-table.js';
import type { FunctionCode, Instruction } from './types.js';

/** A node is an instruction (by pc) or a gap in the listing (by its start). */
export type Node = { readonly kind: 'insn'; readonly pc: bigint } | { readonly kind: 'gap'; readonly start: bigint; readonly end: bigint };

export interface Edge {
  readonly from: bigint;
  readonly to: bigint;
}

export interface Cfg {
  readonly code: FunctionCode;
  /** Node key (pc or gap start) -> successor keys. */
  readonly successors: ReadonlyMap<bigint, readonly bigint[]>;
  readonly predecessors: ReadonlyMap<bigint, readonly bigint[]>;
  /** Keys of gap nodes. */
  readonly gapAt: ReadonlyMap<bigint, { start: bigint; end: bigint; reason: string }>;
  /** Delay-slot pcs, which belong to their branch's node. */
  readonly slots: ReadonlySet<bigint>;
  /** Exits whose target is not a constant (jump tables, `jr t9` tail calls): the graph is incomplete there. */
  readonly unresolved: readonly bigint[];
  /** Indirect jumps resolved through jump tables in constant data: jump pc -> its cases, sorted. */
  readonly jumpTables: ReadonlyMap<bigint, readonly bigint[]>;
}

const constTarget = (e: Expr): bigint | null => (e.kind === 'const' ? e.value : null);

function isAlways(e: Expr): boolean {
  return e.kind === 'const' && e.value === 1n;
}

/** Where control can go after `insn` (and its delay slot), within the function. */
function successorsOf(insn: Instruction, code: FunctionCode, tables: JumpTables, unresolved: bigint[]): bigint[] {
  const unit = insn.lifted.delaySlot ? insn.size * 2 : insn.size;
  const fallthrough = insn.pc + BigInt(unit);
  const out: bigint[] = [];
  let falls = true;
  for (const s of insn.lifted.stmts) {
    if (s.kind === 'trap' && isAlways(s.cond)) falls = false;
    if (s.kind !== 'exit') continue;
    if (s.flavor === 'call') continue;
    if (s.flavor === 'return' || s.flavor === 'exception-return') {
      if (isAlways(s.cond)) falls = false;
      continue;
    }
    const target = constTarget(s.target);
    const table = tables.get(insn.pc);
    if (target !== null) {
      if (target >= code.start && target < code.end) out.push(target);
    } else if (table !== undefined) out.push(...table);
    else unresolved.push(insn.pc);
    if (isAlways(s.cond)) falls = false;
  }
  if (falls) out.push(fallthrough);
  return out;
}

type JumpTables = ReadonlyMap<bigint, readonly bigint[]>;

const built = new WeakMap<FunctionCode, Cfg>();

/** Rounds of resolving and checking again before the graph is given up on as unsettled. */
const MAX_ROUNDS = 6;

/**
 * The graph of the function. Where the code has constant data to read (a vmlinux), indirect jumps
 * through jump tables get their cases as successors. Each answer rests on the graph as it was: the
 * predecessors walked and the constants known. New edges can add predecessors or change constants,
 * so every jump whose answer rests on what changed is resolved again, until nothing changes (or,
 * after MAX_ROUNDS, no table is used at all).
 */
/**
 * The graph with every gap able to jump to any instruction shown: code the input does not show may
 * hold branches. Used only when no path through the shown code fits the dump.
 */
export function withGapBranches(cfg: Cfg): Cfg {
  if (cfg.gapAt.size === 0) return cfg;
  const targets = [...cfg.code.instructions.keys()].filter((pc) => !cfg.slots.has(pc));
  const successors = new Map(cfg.successors);
  for (const [start, g] of cfg.gapAt) successors.set(start, [...new Set([...(cfg.successors.get(start) ?? []), ...targets.filter((t) => t < g.start || t >= g.end)])]);
  const predecessors = new Map<bigint, bigint[]>();
  for (const [from, tos] of successors) {
    if (cfg.slots.has(from)) continue;
    for (const to of tos) predecessors.set(to, [...(predecessors.get(to) ?? []), from]);
  }
  return { ...cfg, successors, predecessors };
}

export function buildCfg(code: FunctionCode): Cfg {
  const done = built.get(code);
  if (done !== undefined) return done;
  const plain = graph(code, new Map());
  let cfg = plain;
  if (code.readData !== undefined && plain.unresolved.length > 0) {
    const resolutions = new Map<bigint, JumpResolution>();
    // Nodes whose predecessors changed with the last round's edges (null before the first round).
    let reached: ReadonlySet<bigint> | null = null;
    for (let round = 0; ; round++) {
      if (round === MAX_ROUNDS) {
        cfg = plain;
        break;
      }
      const constants = registerConstants(cfg);
      let changed = false;
      for (const pc of plain.unresolved) {
        const before = resolutions.get(pc);
        if (before !== undefined && reached !== null && !restsOn(before, reached, constants)) continue;
        const now = resolveJump(cfg, pc, constants);
        resolutions.set(pc, now);
        if (!sameList(before?.targets ?? null, now.targets)) changed = true;
      }
      if (!changed) break;
      const tables = new Map<bigint, readonly bigint[]>();
      for (const [pc, r] of resolutions) if (r.targets !== null) tables.set(pc, r.targets);
      const next = graph(code, tables);
      reached = changedPredecessors(cfg, next);
      cfg = next;
    }
  }
  built.set(code, cfg);
  return cfg;
}

/** Whether an answer rests on a node that gained or lost predecessors, or on a constant that changed. */
function restsOn(r: JumpResolution, reached: ReadonlySet<bigint>, constants: ReadonlyMap<bigint, Constants>): boolean {
  for (const n of reached) if (r.walked.has(n)) return true;
  for (const [head, known] of r.assumed) {
    const now = constants.get(head) ?? new Map<string, bigint>();
    if (now.size !== known.size || [...known].some(([name, v]) => now.get(name) !== v)) return true;
  }
  return false;
}

function changedPredecessors(a: Cfg, b: Cfg): Set<bigint> {
  const out = new Set<bigint>();
  for (const n of new Set([...a.predecessors.keys(), ...b.predecessors.keys()])) {
    if (!sameList(a.predecessors.get(n) ?? [], b.predecessors.get(n) ?? [])) out.add(n);
  }
  return out;
}

/** Equal lists (targets are sorted; predecessors are listed in instruction order). */
function sameList(a: readonly bigint[] | null, b: readonly bigint[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

function graph(code: FunctionCode, tables: JumpTables): Cfg {
  const successors = new Map<bigint, bigint[]>();
  const gapAt = new Map<bigint, { start: bigint; end: bigint; reason: string }>();
  const slots = new Set<bigint>();
  const unresolved: bigint[] = [];
  for (const g of code.gaps) gapAt.set(g.start, g);
  const gapContaining = (pc: bigint): bigint | null => {
    for (const g of code.gaps) if (pc >= g.start && pc < g.end) return g.start;
    return null;
  };
  for (const insn of code.instructions.values()) {
    if (insn.lifted.delaySlot) slots.add(insn.pc + BigInt(insn.size));
  }
  for (const insn of code.instructions.values()) {
    if (slots.has(insn.pc) && !code.instructions.has(insn.pc - BigInt(insn.size))) slots.delete(insn.pc);
    const succ = successorsOf(insn, code, tables, unresolved).map((t) => gapContaining(t) ?? t);
    successors.set(insn.pc, succ);
  }
  // Control leaves a gap at its end (and may reach anywhere, which the reports say).
  for (const g of code.gaps) successors.set(g.start, g.end < code.end ? [g.end] : []);
  const predecessors = new Map<bigint, bigint[]>();
  for (const [from, tos] of successors) {
    if (slots.has(from)) continue;
    for (const to of tos) predecessors.set(to, [...(predecessors.get(to) ?? []), from]);
  }
  return { code, successors, predecessors, gapAt, slots, unresolved, jumpTables: tables };
}

export interface Path {
  /** Node keys from the start of the path to the fault's node, in execution order. */
  readonly nodes: readonly bigint[];
  /** The path starts at the function entry; otherwise at a node with no known predecessor. */
  readonly fromEntry: boolean;
}

export interface PathLimits {
  readonly maxPaths: number;
  /** How often one node may appear on a path: loops are unrolled this far back. */
  readonly maxVisits: number;
  readonly maxLength: number;
  /** Node visits the search may make in all, so that a function full of diamonds stays cheap. */
  readonly budget: number;
}

export const DEFAULT_PATH_LIMITS: PathLimits = { maxPaths: 32, maxVisits: 4, maxLength: 4096, budget: 200_000 };

/**
 * The paths that end at `faultNode`, found depth-first backwards from it, each node at most
 * `maxVisits` times on one path. `truncated` says a bound cut the search short.
 */
export function pathsTo(cfg: Cfg, faultNode: bigint, limits: PathLimits = DEFAULT_PATH_LIMITS): { paths: Path[]; truncated: boolean } {
  const entry = cfg.code.start;
  const done: Path[] = [];
  const rev: bigint[] = [faultNode];
  const visits = new Map<bigint, number>([[faultNode, 1]]);
  // Each frame holds the predecessors of rev[depth] still to try.
  const pending: bigint[][] = [];
  let budget = limits.budget;
  let truncated = false;
  const enter = (node: bigint): void => {
    rev.push(node);
    visits.set(node, (visits.get(node) ?? 0) + 1);
  };
  const leave = (): void => {
    const node = rev.pop()!;
    visits.set(node, visits.get(node)! - 1);
  };
  const expand = (): bigint[] | null => {
    const head = rev[rev.length - 1]!;
    const preds = cfg.predecessors.get(head) ?? [];
    if (head === entry || preds.length === 0) {
      done.push({ nodes: [...rev].reverse(), fromEntry: head === entry });
      return null;
    }
    if (rev.length >= limits.maxLength) {
      truncated = true;
      return null;
    }
    return preds.filter((p) => (visits.get(p) ?? 0) < limits.maxVisits);
  };
  const first = expand();
  if (first !== null) pending.push(first);
  while (pending.length > 0 && done.length < limits.maxPaths) {
    if (--budget <= 0) {
      truncated = true;
      break;
    }
    const top = pending[pending.length - 1]!;
    const next = top.shift();
    if (next === undefined) {
      pending.pop();
      if (pending.length > 0 || rev.length > 1) leave();
      continue;
    }
    enter(next);
    const preds = expand();
    if (preds === null) leave();
    else pending.push(preds);
  }
  if (pending.length > 0) truncated = true;
  return { paths: done, truncated };
}
