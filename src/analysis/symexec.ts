/**
 * Symbolic execution of one path: every register and every loaded value as an expression over the
 * state at the start of the path (entry registers are symbols named after the register). Each load
 * that no store on the path answers becomes a symbol of its own, remembered with its address.
 */
import { type Endian, type Expr, type Stmt, children, eq, equal, konst, rebuild, substitute, sym } from '../ir/index.js';
import type { Cfg, Path } from './cfg.js';
import type { IsaSpec } from './types.js';

export type DefHow = 'entry' | 'assign' | 'call' | 'gap' | 'opaque';

/** The value a register holds and where it got it. */
export interface RegDef {
  readonly expr: Expr;
  readonly how: DefHow;
  /** The instruction that wrote it (null for the path's start). */
  readonly pc: bigint | null;
  /** Index of that instruction's step on the path (-1 for the start). */
  readonly step: number;
  /** The lifted right-hand side, over the registers as they were before that instruction. */
  readonly rhs: Expr | null;
}

export interface LoadRecord {
  readonly symbol: string;
  readonly pc: bigint;
  readonly step: number;
  readonly addr: Expr;
  readonly width: number;
  readonly endian: Endian;
  /** Why no earlier store answers this load, when one might have. */
  readonly note: string | null;
}

export interface StoreRecord {
  readonly pc: bigint;
  readonly step: number;
  readonly addr: Expr;
  readonly value: Expr;
  readonly width: number;
  /** Calls, gaps and unknown effects since the start of the path when this store happened. */
  readonly epoch: number;
}

export interface BranchRecord {
  readonly pc: bigint;
  readonly step: number;
  readonly cond: Expr;
  readonly taken: boolean;
  /** A jump through a table: `cond` says the computed target is the case the path goes to. */
  readonly table?: true;
}

export interface PathStep {
  readonly node: bigint;
  readonly kind: 'insn' | 'gap';
  /** Register state before this step. */
  readonly before: ReadonlyMap<string, RegDef>;
  readonly loads: readonly LoadRecord[];
  readonly stores: readonly StoreRecord[];
}

/** The faulting access: which statement of the fault node, and its address over the path's start. */
export interface FaultAccess {
  readonly pc: bigint;
  readonly access: 'read' | 'write';
  readonly width: number;
  /** Address as the instruction computes it, over the registers just before it. */
  readonly localAddr: Expr;
  /** The same address over the state at the start of the path. */
  readonly addr: Expr;
}

export interface PathRun {
  readonly path: Path;
  readonly steps: readonly PathStep[];
  readonly loads: readonly LoadRecord[];
  readonly stores: readonly StoreRecord[];
  readonly branches: readonly BranchRecord[];
  /** Register state at the faulting access. */
  readonly atFault: ReadonlyMap<string, RegDef>;
  readonly fault: FaultAccess | null;
  /** Epoch at the fault: stores of an earlier epoch may have been overwritten by a call or a gap. */
  readonly epoch: number;
  readonly symbolNotes: ReadonlyMap<string, string>;
}

/**
 * Replaces an instruction's temporaries by the expressions its `let`s gave them, so that an address
 * or a right-hand side reads over machine registers only (`x1`, not `t0`).
 */
export function localize(stmts: readonly Stmt[]): (e: Expr) => Expr {
  const lets = new Map<number, Expr>();
  const sub = (e: Expr): Expr => substitute(e, (leaf) => (leaf.kind === 'tmp' ? lets.get(leaf.index) : undefined));
  for (const s of stmts) if (s.kind === 'let') lets.set(s.index, sub(s.value));
  return sub;
}

/** Statements that read memory or write it, in order: the candidates for the faulting access. */
function memoryAccesses(stmts: readonly Stmt[]): { stmt: Stmt; access: 'read' | 'write'; addr: Expr; width: number }[] {
  const out: { stmt: Stmt; access: 'read' | 'write'; addr: Expr; width: number }[] = [];
  const scan = (e: Expr, stmt: Stmt): void => {
    if (e.kind === 'load') out.push({ stmt, access: 'read', addr: e.addr, width: e.width });
    for (const c of children(e)) scan(c, stmt);
  };
  for (const s of stmts) {
    if (s.kind === 'assign' || s.kind === 'let') scan(s.value, s);
    if (s.kind === 'store') {
      scan(s.addr, s);
      scan(s.value, s);
      out.push({ stmt: s, access: 'write', addr: s.addr, width: s.value.width });
    }
    if (s.kind === 'exit') scan(s.target, s);
  }
  return out;
}

/** `base + c` split into its parts, for deciding whether two addresses can overlap. */
function baseOffset(e: Expr): { base: Expr | null; offset: bigint } {
  if (e.kind === 'const') return { base: null, offset: e.value };
  if (e.kind === 'bvadd' && e.b.kind === 'const') return { base: e.a, offset: BigInt.asIntN(e.width, e.b.value) };
  return { base: e, offset: 0n };
}

function concreteOverlap(a: bigint | null, aw: number, b: bigint | null, bw: number): 'same' | 'disjoint' | 'unknown' {
  if (a === null || b === null) return 'unknown';
  if (a + BigInt(aw / 8) <= b || b + BigInt(bw / 8) <= a) return 'disjoint';
  return a === b && aw === bw ? 'same' : 'unknown';
}

/** 'same', 'disjoint' or 'unknown' for two accesses, decided structurally. */
function overlap(a: Expr, aw: number, b: Expr, bw: number): 'same' | 'disjoint' | 'unknown' {
  if (equal(a, b)) return aw === bw ? 'same' : 'unknown';
  const x = baseOffset(a);
  const y = baseOffset(b);
  const sameBase = x.base === null ? y.base === null : y.base !== null && equal(x.base, y.base);
  if (!sameBase) return 'unknown';
  const aEnd = x.offset + BigInt(aw / 8);
  const bEnd = y.offset + BigInt(bw / 8);
  if (aEnd <= y.offset || bEnd <= x.offset) return 'disjoint';
  return x.offset === y.offset && aw === bw ? 'same' : 'unknown';
}

/**
 * Concrete addresses from an earlier solution, when there is one: two accesses whose addresses
 * differ structurally may still be told apart (or found equal) by their recovered values.
 */
export type AddressOracle = (e: Expr) => bigint | null;

/**
 * Where the path ends: at the faulting access (the crash), or just before a call leaves this
 * function (the call site of a caller frame, whose registers are then the callee's entry state).
 */
export type PathEnd = { readonly kind: 'fault'; readonly pc: bigint; readonly address: bigint | null } | { readonly kind: 'call' };

export function runPath(cfg: Cfg, path: Path, isa: IsaSpec, end: PathEnd, dump: ReadonlyMap<string, bigint>, oracle: AddressOracle = () => null): PathRun {
  const faultPc = end.kind === 'fault' ? end.pc : -1n;
  const faultAddress = end.kind === 'fault' ? end.address : null;
  const regs = new Map<string, RegDef>();
  for (const r of isa.registers.registers) {
    const value = isa.abi.zero === r.name ? konst(0n, r.width) : sym(r.name, r.width);
    regs.set(r.name, { expr: value, how: 'entry', pc: null, step: -1, rhs: null });
  }
  const loads: LoadRecord[] = [];
  const stores: StoreRecord[] = [];
  const branches: BranchRecord[] = [];
  const steps: PathStep[] = [];
  const symbolNotes = new Map<string, string>();
  let epoch = 0;
  let fault: FaultAccess | null = null;
  let atFault: Map<string, RegDef> = regs;
  let fresh = 0;

  const rel = (pc: bigint): string => `+0x${(pc - cfg.code.start).toString(16)}`;
  const widthOf = (name: string): number => isa.registers.lookup(name)?.width ?? isa.wordBits;
  const used = new Set<string>();
  const freshSym = (what: string, width: number, note: string): Expr => {
    let name = what;
    if (used.has(name)) name = `${what}#${fresh++}`;
    used.add(name);
    symbolNotes.set(name, note);
    return sym(name, width);
  };

  /** Rewrites a lifted expression over the current registers and temporaries into path-start terms. */
  const resolve = (e: Expr, tmps: Map<number, Expr>, pc: bigint, step: number): Expr =>
    resolveLoads(substitute(e, (leaf) => {
      if (leaf.kind === 'reg') return regs.get(leaf.name)?.expr ?? sym(leaf.name, leaf.width);
      if (leaf.kind === 'tmp') return tmps.get(leaf.index);
      return undefined;
    }), pc, step);

  /** Answers each load from the latest store to the same place on the path, or names it. */
  const resolveLoads = (e: Expr, pc: bigint, step: number): Expr => {
    if (!hasLoad(e)) return e;
    const kids = children(e);
    const rebuilt = kids.length === 0 ? e : rebuild(e, kids.map((c) => resolveLoads(c, pc, step)));
    if (rebuilt.kind !== 'load') return rebuilt;
    let note: string | null = null;
    for (let i = stores.length - 1; i >= 0; i--) {
      const s = stores[i]!;
      if (s.epoch !== epoch) {
        note = 'a call, a gap in the listing or an unmodelled effect since the last store may have changed memory';
        break;
      }
      let o = overlap(s.addr, s.width, rebuilt.addr, rebuilt.width);
      if (o === 'unknown') o = concreteOverlap(oracle(s.addr), s.width, oracle(rebuilt.addr), rebuilt.width);
      if (o === 'same') return s.value;
      if (o === 'unknown') {
        note = `the store at ${hexPc(s.pc)} may have written the same place`;
        break;
      }
    }
    const name = `load@${pc.toString(16)}#${fresh++}`;  // shown as the memory read it is (displayForm)
    loads.push({ symbol: name, pc, step, addr: rebuilt.addr, width: rebuilt.width, endian: rebuilt.endian, note });
    symbolNotes.set(name, `the ${rebuilt.width / 8}-byte value loaded at ${rel(pc)}`);
    return sym(name, rebuilt.width);
  };

  const clobber = (names: readonly string[], how: DefHow, pc: bigint, step: number, what: string, note: string): void => {
    for (const n of names) {
      if (n === isa.abi.zero || !regs.has(n)) continue;
      regs.set(n, { expr: freshSym(`${n}@${what}`, widthOf(n), `${n} ${note}`), how, pc, step, rhs: null });
    }
  };

  const exec = (stmts: readonly Stmt[], tmps: Map<number, Expr>, step: number, stopAt: Stmt | null): void => {
    const local = localize(stmts);
    for (const s of stmts) {
      if (s === stopAt) return;
      switch (s.kind) {
        case 'let':
          tmps.set(s.index, resolve(s.value, tmps, s.pc, step));
          break;
        case 'assign': {
          if (s.dst === isa.abi.zero) break;
          const value = resolve(s.value, tmps, s.pc, step);
          regs.set(s.dst, { expr: value, how: 'assign', pc: s.pc, step, rhs: local(s.value) });
          break;
        }
        case 'store': {
          const addr = resolve(s.addr, tmps, s.pc, step);
          const value = resolve(s.value, tmps, s.pc, step);
          stores.push({ pc: s.pc, step, addr, value, width: s.value.width, epoch });
          break;
        }
        case 'opaque':
          clobber(s.clobbers, 'opaque', s.pc, step, `unknown${rel(s.pc)}`, `is unknown after ${rel(s.pc)}: ${s.reason}`);
          if (s.memory) epoch++;
          break;
        case 'exit': case 'trap': case 'external':
          break;
      }
    }
  };

  path.nodes.forEach((node, step) => {
    const last = step === path.nodes.length - 1;
    const gap = cfg.gapAt.get(node);
    const before = new Map(regs);
    const loadsBefore = loads.length;
    const storesBefore = stores.length;
    if (gap !== undefined) {
      const names = isa.registers.registers.map((r) => r.name);
      clobber(names, 'gap', gap.start, step, `gap${rel(gap.start)}`, `is unknown after the gap ${rel(gap.start)}..${rel(gap.end)} (${gap.reason})`);
      epoch++;
      steps.push({ node, kind: 'gap', before, loads: [], stores: [] });
      return;
    }
    const insn = cfg.code.instructions.get(node)!;
    const slot = insn.lifted.delaySlot ? cfg.code.instructions.get(node + BigInt(insn.size)) : undefined;
    const own = insn.lifted.stmts;
    const tmps = new Map<number, Expr>();
    if (last && end.kind === 'call') {
      const unit = slot !== undefined && isa.joinDelaySlot !== undefined ? isa.joinDelaySlot(insn.lifted, slot.lifted).stmts : own;
      exec(unit.filter((s) => s.kind !== 'exit'), tmps, step, null);
      atFault = new Map(regs);
      steps.push({ node, kind: 'insn', before, loads: loads.slice(loadsBefore), stores: stores.slice(storesBefore) });
      return;
    }
    if (last) {
      // Find the faulting access in the branch or, for a fault in the delay slot, in the slot.
      const faultInsn = faultPc === insn.pc || slot === undefined ? insn : slot;
      const candidates = memoryAccesses(faultInsn.lifted.stmts);
      const evalDump = (e: Expr): bigint | null => evalWith(e, dump);
      const local = localize(faultInsn.lifted.stmts);
      const hit = candidates.find((c) => faultAddress !== null && evalDump(local(c.addr)) === faultAddress) ?? candidates[0];
      if (faultInsn !== insn) exec(own.filter((s) => s.kind !== 'exit'), tmps, step, null);
      const slotTmps = new Map<number, Expr>();
      const ownTmps = faultInsn === insn ? tmps : slotTmps;
      exec(faultInsn.lifted.stmts, ownTmps, step, hit?.stmt ?? null);
      if (hit !== undefined) {
        // The faulting statement itself may compute temporaries its address uses.
        const addr = resolve(hit.addr, ownTmps, faultInsn.pc, step);
        fault = { pc: faultInsn.pc, access: hit.access, width: hit.width, localAddr: localize(faultInsn.lifted.stmts)(hit.addr), addr };
      }
      atFault = new Map(regs);
      steps.push({ node, kind: 'insn', before, loads: loads.slice(loadsBefore), stores: stores.slice(storesBefore) });
      return;
    }
    const unit = slot !== undefined && isa.joinDelaySlot !== undefined ? isa.joinDelaySlot(insn.lifted, slot.lifted).stmts : own;
    exec(unit.filter((s) => s.kind !== 'exit'), tmps, step, null);
    if (slot !== undefined && isa.joinDelaySlot === undefined) exec(slot.lifted.stmts, new Map(), step, null);
    const nextNode = path.nodes[step + 1];
    for (const s of unit) {
      if (s.kind !== 'exit') continue;
      if (s.flavor === 'call') {
        if (s.cond.kind === 'const' && s.cond.value === 1n) {
          clobber(isa.abi.callClobbered.filter((n) => n !== isa.abi.link), 'call', s.pc, step, `call${rel(s.pc)}`, `is what the call at ${rel(s.pc)} left in it`);
          epoch++;
        }
        continue;
      }
      const cond = resolve(s.cond, tmps, s.pc, step);
      const target = s.target.kind === 'const' ? s.target.value : null;
      // The case a path takes through a resolved jump table is a fact about the index, as a branch is.
      if (target === null && s.flavor === 'jump' && nextNode !== undefined && cfg.jumpTables.has(insn.pc)) {
        const computed = resolve(s.target, tmps, s.pc, step);
        branches.push({ pc: s.pc, step, cond: eq(computed, konst(nextNode, computed.width)), taken: true, table: true });
      }
      if (cond.kind === 'const' && cond.value === 1n) continue;
      branches.push({ pc: s.pc, step, cond, taken: target !== null && nextNode === target });
    }
    steps.push({ node, kind: 'insn', before, loads: loads.slice(loadsBefore), stores: stores.slice(storesBefore) });
  });
  return { path, steps, loads, stores, branches, atFault, fault, epoch, symbolNotes };
}

function hasLoad(e: Expr): boolean {
  return e.kind === 'load' || children(e).some(hasLoad);
}

/** Evaluates an expression over concrete register values only (for checking the dump at the fault). */
export function evalWith(e: Expr, values: ReadonlyMap<string, bigint>): bigint | null {
  const r = substitute(e, (leaf) => {
    if (leaf.kind === 'reg' || leaf.kind === 'sym') {
      const v = values.get(leaf.name);
      return v === undefined ? undefined : konst(v, leaf.width);
    }
    return undefined;
  });
  return r.kind === 'const' ? r.value : null;
}

export function hexPc(pc: bigint): string {
  return `0x${pc.toString(16)}`;
}

