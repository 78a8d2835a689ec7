/**
 * Jump tables: where an indirect jump (`jr v0`, `br x1`) that a compiled `switch` dispatches through
 * can go. Nothing here knows a compiler's instruction sequence: the code before the jump is executed
 * symbolically on paths grown backwards one instruction at a time (registers constant on every way
 * to a path's start taken as such), until the jump's target is a function of one value (the switch
 * index) through reads of constant data (the table), and the branches on the way (the bound check,
 * `sltiu`+`beqz`, `cmp`+`b.hi`) confine that value. The values the branches allow are then
 * enumerated by bisection over the index's bits, evaluating with partly known bits, so every table
 * entry the code can reach is read from the file, and nothing else. Whatever is not so determined
 * (an unbounded index, a table in writable memory, a target outside the function) leaves the jump
 * unresolved.
 */
import type { ReadData } from '../image/index.js';
import { type Expr, type PartialValue, children, evaluate, isKnown, konst, partial, substitute, unknown } from '../ir/index.js';
import type { Cfg } from './cfg.js';
import { type Constants, constantLoad } from './constants.js';
import { demandedBits } from './demanded-bits.js';
import { type BranchRecord, type LoadRecord, type PathRun, localize, runPath } from './symexec.js';
import type { FunctionCode } from './types.js';
import { expandLoads } from './chain.js';

export interface JumpTableLimits {
  /** Backward paths (each a symbolic run) tried for one jump. */
  readonly maxRuns: number;
  /** Nodes on one backward path. */
  readonly maxDepth: number;
  /** Index blocks evaluated for one path. */
  readonly maxBlocks: number;
  /** Distinct targets one jump may have. */
  readonly maxTargets: number;
}

export const DEFAULT_JUMP_TABLE_LIMITS: JumpTableLimits = { maxRuns: 64, maxDepth: 48, maxBlocks: 8192, maxTargets: 1024 };

/**
 * What the walk back from one jump found: its cases (null when they are not determined) and what
 * that rests on, so that it is looked at again when the graph around it grows.
 */
export interface JumpResolution {
  readonly targets: readonly bigint[] | null;
  /** Nodes on the paths walked: their predecessors were taken to be all there are. */
  readonly walked: ReadonlySet<bigint>;
  /** The register constants assumed where each path started. */
  readonly assumed: ReadonlyMap<bigint, Constants>;
}

/**
 * The targets of the indirect jump at `pc`, sorted, or null. `cfg` is the graph without this jump's
 * edges; its predecessors are followed back from the jump, and `constants` (registers constant on
 * every way to a node) stand for what the walk does not reach. Every path into the jump must reach a
 * point where the index is confined (the entry, a node without predecessors, a loop or a bound
 * reached first means no answer): the targets are the union over those paths.
 */
export function resolveJump(cfg: Cfg, pc: bigint, constants: ReadonlyMap<bigint, Constants>, limits: JumpTableLimits = DEFAULT_JUMP_TABLE_LIMITS): JumpResolution {
  const code = cfg.code;
  const readData = code.readData;
  const walked = new Set<bigint>();
  const assumed = new Map<bigint, Constants>();
  const none = (): JumpResolution => ({ targets: null, walked, assumed });
  const insn = code.instructions.get(pc);
  if (readData === undefined || insn === undefined) return none();
  const exit = insn.lifted.stmts.find((s) => s.kind === 'exit' && s.flavor === 'jump' && s.target.kind !== 'const');
  if (exit === undefined || exit.kind !== 'exit' || !(exit.cond.kind === 'const' && exit.cond.value === 1n)) return none();
  const targetHere = localize(insn.lifted.stmts)(exit.target);
  // A branch tells which way the path went only if its two ways lead to different instructions.
  const decisive = (b: BranchRecord): boolean => {
    const ways = cfg.successors.get(b.pc) ?? [];
    return ways.length === 2 && ways[0] !== ways[1] && !ways.some((w) => cfg.gapAt.has(w));
  };
  const targets = new Set<bigint>();
  const pending: bigint[][] = [[pc]];
  let runs = 0;
  while (pending.length > 0) {
    const nodes = pending.pop()!;
    if (++runs > limits.maxRuns) return none();
    const head = nodes[0]!;
    for (const n of nodes) walked.add(n);
    const known = constants.get(head) ?? new Map<string, bigint>();
    assumed.set(head, known);
    const run = runPath(cfg, { nodes, fromEntry: false }, code.isa, { kind: 'call' }, new Map());
    const found = confinedTargets(run, run.branches.filter((b) => b.table !== true && decisive(b)), targetHere, known, readData, limits);
    if (found !== null && found.every((t) => isJumpTarget(code, cfg, t))) {
      for (const t of found) targets.add(t);
      if (targets.size > limits.maxTargets) return none();
      continue;
    }
    // Not confined yet: every way into the head must be examined further back.
    const preds = cfg.predecessors.get(head) ?? [];
    if (head === code.start || preds.length === 0 || nodes.length >= limits.maxDepth) return none();
    for (const p of preds) {
      if (nodes.includes(p)) return none();
      pending.push([p, ...nodes]);
    }
  }
  return { targets: [...targets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), walked, assumed };
}

/** An instruction of this function, not a delay slot. */
function isJumpTarget(code: FunctionCode, cfg: Cfg, t: bigint): boolean {
  if (t < code.start || t >= code.end || t % 4n !== 0n || cfg.slots.has(t)) return false;
  return code.instructions.has(t) || code.gaps.some((g) => t >= g.start && t < g.end);
}

/**
 * The jump's targets on this path, when its target depends on one value only (an entry register or a
 * loaded value) through constant data, and the path's branches confine that value. A value no branch
 * tests is never taken for the index: a table entry already loaded would pass for one.
 */
function confinedTargets(run: PathRun, branches: readonly BranchRecord[], targetHere: Expr, known: Constants, readData: ReadData, limits: JumpTableLimits): bigint[] | null {
  const last = run.steps[run.steps.length - 1];
  if (last === undefined) return null;
  const target = substitute(targetHere, (leaf) => (leaf.kind === 'reg' ? last.before.get(leaf.name)?.expr : undefined));
  const loads = new Map(run.loads.map((l) => [l.symbol, l]));
  // Registers at the path's start are symbols named after them; those known constant become constants.
  const fixed = (e: Expr): Expr => substitute(e, (leaf) => {
    const v = leaf.kind === 'sym' ? known.get(leaf.name) : undefined;
    return v === undefined ? undefined : konst(v, leaf.width);
  });
  for (const index of candidates(target, loads)) {
    if (known.has(index)) continue;
    const expanding = expandLoads(loads.values(), index);
    const expand = (e: Expr): Expr => fixed(expanding(e));
    const over = expand(target);
    const free = freeSymbols(over);
    // The target must be read from a table indexed by the value: a pointer loaded from a structure
    // and jumped to (a tail call) is no table.
    if (free.size !== 1 || !free.has(index) || !readsThrough(over, index)) continue;
    const checks = branches
      .map((b) => ({ cond: expand(b.cond), taken: b.taken }))
      .filter((b) => {
        const names = freeSymbols(b.cond);
        return names.has(index) && names.size === 1;
      });
    if (checks.length === 0) continue;
    const bits = [over, ...checks.map((c) => c.cond)].reduce((m, e) => m | demandedBits(e, index), 0n);
    const found = enumerate(over, checks, index, bits, readData, limits);
    if (found !== null) return found;
  }
  return null;
}

/** Values the target may depend on, innermost first: the pointer before the value loaded through it. */
function candidates(target: Expr, loads: ReadonlyMap<string, LoadRecord>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.kind === 'sym') {
      if (seen.has(e.name)) return;
      seen.add(e.name);
      const l = loads.get(e.name);
      if (l !== undefined) walk(l.addr);
      out.push(e.name);
      return;
    }
    for (const c of children(e)) walk(c);
  };
  walk(target);
  return out;
}

/** `e` reads memory at an address that depends on symbol `name`. */
function readsThrough(e: Expr, name: string): boolean {
  if (e.kind === 'load' && freeSymbols(e.addr).has(name)) return true;
  return children(e).some((c) => readsThrough(c, name));
}

function freeSymbols(e: Expr, out = new Set<string>()): Set<string> {
  if (e.kind === 'sym') out.add(e.name);
  for (const c of children(e)) freeSymbols(c, out);
  return out;
}

function symbolWidth(e: Expr, name: string): number | null {
  if (e.kind === 'sym' && e.name === name) return e.width;
  for (const c of children(e)) {
    const w = symbolWidth(c, name);
    if (w !== null) return w;
  }
  return null;
}

/**
 * Bisection over the index's bits that matter (`bits`), from the top: a block (some of them fixed,
 * the rest unknown) is dropped when a branch on the path cannot go the path's way, kept when every
 * branch must and the target is then one value, and split otherwise.
 */
function enumerate(
  target: Expr, checks: readonly { cond: Expr; taken: boolean }[], index: string, bits: bigint, readData: ReadData, limits: JumpTableLimits,
): bigint[] | null {
  const width = symbolWidth(target, index);
  if (width === null) return null;
  const positions: bigint[] = [];
  for (let i = width - 1; i >= 0; i--) if (((bits >> BigInt(i)) & 1n) === 1n) positions.push(1n << BigInt(i));
  const value = (e: Expr, block: PartialValue): PartialValue =>
    evaluate(e, {
      sym: (name, w) => (name === index ? block : unknown(w)),
      reg: (_n, w) => unknown(w),
      tmp: (_n, w) => unknown(w),
      load: (addr, w, endian) => constantLoad(readData, addr, w, endian),
    });
  // What becomes of a block: dropped (a branch cannot go the path's way), one target, or open.
  const verdict = (block: PartialValue): 'dropped' | 'open' | bigint => {
    let open = false;
    for (const c of checks) {
      const v = value(c.cond, block);
      if (!isKnown(v)) open = true;
      else if ((v.value === 1n) !== c.taken) return 'dropped';
    }
    if (open) return 'open';
    const t = value(target, block);
    return isKnown(t) ? t.value : 'open';
  };
  // A few single values first: one the bisection would end at undecided (a bound check over memory
  // that is not constant, a table read out of it) means it fails, so it need not run.
  const top = positions[0] ?? 0n;
  for (const v of [bits, 0n, top]) if (verdict(partial(width, bits, v)) === 'open') return null;
  const out = new Set<bigint>();
  // A block: the first `fixed` positions are decided, their bits set as in `value`.
  const blocks: { fixed: number; known: bigint; value: bigint }[] = [{ fixed: 0, known: 0n, value: 0n }];
  let spent = 0;
  while (blocks.length > 0) {
    if (++spent > limits.maxBlocks) return null;
    const b = blocks.pop()!;
    const v = verdict(partial(width, b.known, b.value));
    if (v === 'dropped') continue;
    if (v !== 'open') {
      out.add(v);
      if (out.size > limits.maxTargets) return null;
      continue;
    }
    const bit = positions[b.fixed];
    if (bit === undefined) return null;
    const next = { fixed: b.fixed + 1, known: b.known | bit };
    blocks.push({ ...next, value: b.value }, { ...next, value: b.value | bit });
  }
  return [...out];
}
