/**
 * The chain of the bad value: from the faulting instruction backwards, definition by definition,
 * to where it entered the function (a load, an argument, a stack slot, a constant), or to the
 * point where the code and the dump stop telling (a gap, a call, a join of paths).
 */
import { type Expr, children, isKnown, konst, load, printExpr, substitute } from '../ir/index.js';
import { symbolsOf } from './solve.js';
import type { Solution } from './solve.js';
import { hexPc, type LoadRecord, type PathRun, type RegDef } from './symexec.js';
import type { ChainStep, FunctionCode, IsaSpec, Origin } from './types.js';

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** The registers an expression reads, each once, in the order met. */
export function registersOf(e: Expr, out: string[] = []): string[] {
  if (e.kind === 'reg' && !out.includes(e.name)) out.push(e.name);
  for (const c of children(e)) registersOf(c, out);
  return out;
}

function hasLoadNode(e: Expr): boolean {
  return e.kind === 'load' || children(e).some(hasLoadNode);
}

/** `reg + const` (or `reg`) as base and offset; null for anything else. */
export function baseAndOffset(e: Expr, wordBits: number): { base: string; offset: number } | null {
  if (e.kind === 'reg') return { base: e.name, offset: 0 };
  if (e.kind === 'bvadd' && e.a.kind === 'reg' && e.b.kind === 'const') {
    return { base: e.a.name, offset: Number(BigInt.asIntN(wordBits, e.b.value)) };
  }
  if ((e.kind === 'zext' || e.kind === 'sext' || e.kind === 'extract') && children(e).length === 1) return baseAndOffset(children(e)[0]!, wordBits);
  return null;
}

/** Shows loaded values as the memory reads they are: `*(u32 *)(a1 + 0x54)` rather than a symbol name. */
export function displayForm(run: PathRun): (e: Expr) => Expr {
  return expandLoads(run.loads);
}

/** Every loaded value (but `except`) turned back into its memory read, nested reads included. */
export function expandLoads(loads: Iterable<LoadRecord>, except?: string): (e: Expr) => Expr {
  const byName = new Map<string, LoadRecord>();
  for (const l of loads) byName.set(l.symbol, l);
  const memo = new Map<string, Expr>();
  const expand = (e: Expr): Expr =>
    substitute(e, (leaf) => {
      if (leaf.kind !== 'sym' || leaf.name === except) return undefined;
      const rec = byName.get(leaf.name);
      if (rec === undefined) return undefined;
      let shown = memo.get(leaf.name);
      if (shown === undefined) {
        shown = load(expand(rec.addr), rec.width, rec.endian);
        memo.set(leaf.name, shown);
      }
      return shown;
    });
  return expand;
}

/**
 * An undetermined address with every recovered value put in: where that leaves only loads from known
 * addresses, the memory words that would decide it (what the oops does not show).
 */
function memoryNeeded(ctx: Ctx, addr: Expr): { text: string; why: string } | null {
  const filled = substitute(ctx.show(addr), (leaf) => {
    if (leaf.kind !== 'sym') return undefined;
    const f = ctx.sol.known.get(leaf.name);
    return f === undefined ? undefined : konst(f.value, leaf.width);
  });
  const words: bigint[] = [];
  const visit = (e: Expr): void => {
    if (e.kind === 'load' && e.addr.kind === 'const') words.push(e.addr.value);
    children(e).forEach(visit);
  };
  visit(filled);
  if (words.length === 0) return null;
  const listed = [...new Set(words)].map(hex).join(', ');
  return { text: printExpr(filled), why: `it needs memory the oops does not show, at ${listed}` };
}

export interface ChainResult {
  readonly chain: ChainStep[];
  readonly origin: Origin;
  readonly unknowns: string[];
  /**
   * The argument register through which the traced value, or the pointer its origin load read
   * through, entered the function unchanged: where a caller frame can take the chain up.
   */
  readonly enteredAs: string | null;
}

interface Ctx {
  readonly run: PathRun;
  readonly sol: Solution;
  readonly isa: IsaSpec;
  readonly code: FunctionCode;
  readonly show: (e: Expr) => Expr;
  readonly unknowns: string[];
}

const valueOf = (ctx: Ctx, e: Expr): bigint | null => {
  const v = ctx.sol.value(e);
  return isKnown(v) ? v.value : null;
};

const textAt = (ctx: Ctx, pc: bigint | null): string | null => (pc === null ? null : ctx.code.instructions.get(pc)?.text ?? null);

const offsetText = (ctx: Ctx, pc: bigint): string => `+${hex(pc - ctx.code.start)}`;

/** The words of a gap by offset: `+0x2c..+0xa8`, or `+0x2c` for one word. */
function gapText(ctx: Ctx, start: bigint, gap: { readonly end: bigint } | undefined): string {
  if (gap === undefined) return `${offsetText(ctx, start)}..?`;
  return gap.end - 4n <= start ? offsetText(ctx, start) : `${offsetText(ctx, start)}..${offsetText(ctx, gap.end - 4n)}`;
}

/** Where a register's value at some step came from, described for the origin of a load's address. */
function provenance(ctx: Ctx, name: string, def: RegDef, depth = 0): string {
  const { isa, run } = ctx;
  switch (def.how) {
    case 'entry': {
      const arg = isa.abi.args.indexOf(name);
      if (!run.path.fromEntry) return `already set at ${offsetText(ctx, run.path.nodes[0]!)}, where the known paths begin`;
      return arg >= 0 ? `argument ${arg + 1} of ${ctx.code.name}` : `left in ${name} by the caller`;
    }
    case 'gap': {
      const gap = ctx.code.gaps.find((g) => g.start === def.pc);
      return `last set somewhere in the part of the code the input does not show (${gapText(ctx, def.pc!, gap)})`;
    }
    case 'call': return `left by the call at ${offsetText(ctx, def.pc!)}`;
    case 'opaque': return `made unknown at ${offsetText(ctx, def.pc!)}`;
    case 'assign': {
      const rhs = def.rhs!;
      const regs = registersOf(rhs);
      if (depth < 8 && regs.length === 1 && !hasLoadNode(rhs)) {
        const prev = run.steps[def.step]?.before.get(regs[0]!);
        if (prev !== undefined) return `${rhs.kind === 'reg' ? 'copied' : 'computed'} from ${regs[0]} by \`${textAt(ctx, def.pc)}\` at ${offsetText(ctx, def.pc!)}, which was ${provenance(ctx, regs[0]!, prev, depth + 1)}`;
      }
      return `set by \`${textAt(ctx, def.pc)}\` at ${offsetText(ctx, def.pc!)}`;
    }
  }
}

export function traceChain(run: PathRun, sol: Solution, isa: IsaSpec, code: FunctionCode, reportedAddress: bigint | null = null): ChainResult {
  const ctx: Ctx = { run, sol, isa, code, show: displayForm(run), unknowns: [] };
  const chain: ChainStep[] = [];
  const fault = run.fault!;
  const bo = baseAndOffset(fault.localAddr, isa.wordBits);
  const faultText = textAt(ctx, fault.pc);
  const regs = registersOf(fault.localAddr);
  const reg: string | null = bo?.base ?? regs[0] ?? null;
  const faultValue = valueOf(ctx, fault.addr);
  chain.push({
    pc: fault.pc, instruction: faultText, kind: 'fault', register: reg,
    value: reg !== null ? valueOf(ctx, run.atFault.get(reg)!.expr) : faultValue, loadAddress: reportedAddress ?? faultValue,
    expression: printExpr(ctx.show(fault.addr)),
    sentence: `\`${faultText}\` ${fault.access === 'write' ? 'writes' : 'reads'} ${faultValue !== null ? hex(faultValue) : 'an address'}${reg !== null ? `, computed from ${reg}${bo !== null && bo.offset !== 0 ? ` ${bo.offset < 0 ? '-' : '+'} ${hex(BigInt(Math.abs(bo.offset)))}` : ''}` : ''}, and faults.`,
  });
  if (reg === null) {
    return { chain, origin: { kind: 'constant', pc: fault.pc, loadAddress: null, description: `the faulting address ${faultValue !== null ? hex(faultValue) : ''} is a constant in the instruction` }, unknowns: ctx.unknowns, enteredAs: null };
  }
  return follow(ctx, chain, reg, run.atFault.get(reg)!);
}

/** The chain of one register where the path ends (a call site in a caller frame), back to its origin. */
export function traceRegister(run: PathRun, sol: Solution, isa: IsaSpec, code: FunctionCode, reg: string): ChainResult {
  const ctx: Ctx = { run, sol, isa, code, show: displayForm(run), unknowns: [] };
  return follow(ctx, [], reg, run.atFault.get(reg)!);
}

/** A conditional select (`movz`, `csel`) whose condition the recovered values decide, reduced to its chosen arm. */
function chosenArm(ctx: Ctx, e: Expr, step: number): { expr: Expr; selected: boolean } {
  if (e.kind !== 'ite') return { expr: e, selected: false };
  const before = ctx.run.steps[step]?.before;
  const cond = substitute(e.c, (leaf) => (leaf.kind === 'reg' ? before?.get(leaf.name)?.expr : undefined));
  const v = valueOf(ctx, cond);
  if (v === null) return { expr: e, selected: false };
  return { expr: chosenArm(ctx, v === 1n ? e.a : e.b, step).expr, selected: true };
}

/**
 * Follows a register's definitions backwards: first to where the bad value entered the function (the
 * origin), then on through the pointer the origin load read through, to the argument (or stack
 * pointer, or unknown) it came from. Each definition becomes one chain step.
 */
function follow(ctx: Ctx, chain: ChainStep[], startReg: string, startDef: RegDef): ChainResult {
  const { run, sol, isa, code } = ctx;
  let reg = startReg;
  let def = startDef;
  let origin: Origin | null = null;
  const done = (o: Origin, enteredAs: string | null = null): ChainResult => ({ chain, origin: origin ?? o, unknowns: ctx.unknowns, enteredAs });
  for (let hops = 0; hops < 64; hops++) {
    const value = valueOf(ctx, def.expr);
    const expression = printExpr(ctx.show(def.expr));
    if (def.how !== 'assign') {
      const argument = def.how === 'entry' && run.path.fromEntry && isa.abi.args.includes(reg);
      if (argument) {
        chain.push({
          pc: null, instruction: null, kind: 'argument', register: reg, value, loadAddress: null, expression: reg,
          sentence: `${reg}${value !== null ? ` = ${hex(value)}` : ''} is argument ${isa.abi.args.indexOf(reg) + 1} of ${code.name}, as its caller passed it.`,
        });
      }
      const o = origin === null || def.how !== 'entry' ? entryOrigin(ctx, reg, def, value) : null;
      return done(o ?? origin!, argument ? reg : null);
    }
    const pc = def.pc!;
    const text = textAt(ctx, pc);
    const { expr: rhs, selected } = chosenArm(ctx, def.rhs!, def.step);
    const loadRec = def.expr.kind === 'sym' ? run.loads.find((l) => l.symbol === (def.expr as { name: string }).name) : undefined;
    if (hasLoadNode(rhs) && loadRec !== undefined) {
      const computed = valueOf(ctx, loadRec.addr);
      // A load that succeeded before the fault cannot have read the never-mapped first page.
      const address = computed !== null && computed < 4096n ? null : computed;
      const addrText = printExpr(ctx.show(loadRec.addr));
      const needs = computed === null ? memoryNeeded(ctx, loadRec.addr) : null;
      const baseRegs = registersOf(rhs).filter((r) => r !== isa.abi.zero);
      chain.push({
        pc, instruction: text, kind: 'load', register: reg, value, loadAddress: address, expression,
        sentence: `\`${text}\` at ${offsetText(ctx, pc)} loaded ${reg}${value !== null ? ` = ${hex(value)}` : ''} from ${addrText}${address !== null ? ` = ${hex(address)}` : needs !== null ? ` = ${needs.text} (address not determined: ${needs.why})` : ' (address not determined)'}.`,
      });
      if (origin === null) {
        if (computed !== null && address === null) {
          ctx.unknowns.push(`with the dumped registers the load at ${offsetText(ctx, pc)} would read ${hex(computed)}, in the never-mapped first page, and fault there first: the printed registers do not fit this code, so its load address stays unknown`);
        }
        if (computed === null) {
          ctx.unknowns.push(`the address of the load at ${offsetText(ctx, pc)} (${addrText}${needs !== null ? ` = ${needs.text}` : ''}) is not determined by the dump and the code${needs !== null ? `: ${needs.why}` : ''}`);
        }
        if (loadRec.note !== null) ctx.unknowns.push(`no earlier store was used for the load at ${offsetText(ctx, pc)}: ${loadRec.note}`);
        const baseDesc = baseRegs.map((r) => {
          const d = run.steps[def.step]!.before.get(r)!;
          const v = valueOf(ctx, d.expr);
          const fact = d.expr.kind === 'sym' ? sol.known.get(d.expr.name)?.why : undefined;
          return `${r}${v !== null ? ` = ${hex(v)}${fact !== undefined ? ` (${fact})` : ''}` : ''} was ${provenance(ctx, r, d)}`;
        }).join('; ');
        const sp = run.steps[0]?.before.get(isa.abi.sp);
        const stackSlot = sp !== undefined && baseOfExpr(loadRec.addr) === printExpr(sp.expr);
        origin = {
          kind: stackSlot ? 'stack' : 'load', pc, loadAddress: address,
          description: `${reg} was loaded by \`${text}\` at ${offsetText(ctx, pc)} from ${addrText}${address !== null ? ` = ${hex(address)}` : ''}${baseDesc !== '' ? `; ${baseDesc}` : ''}`,
        };
      }
      // On through the pointer the load read through.
      if (baseRegs.length !== 1) return done(origin);
      reg = baseRegs[0]!;
      def = run.steps[def.step]!.before.get(reg)!;
      continue;
    }
    if (def.expr.kind === 'const') {
      chain.push({ pc, instruction: text, kind: 'constant', register: reg, value, loadAddress: null, expression, sentence: `\`${text}\` at ${offsetText(ctx, pc)} sets ${reg} to the constant ${expression}.` });
      return done({ kind: 'constant', pc, loadAddress: null, description: `${reg} is the constant ${expression}, set by \`${text}\` at ${offsetText(ctx, pc)}` });
    }
    const stored = hasLoadNode(rhs) ? run.stores.find((st) => st.value === def.expr && st.step < def.step) : undefined;
    if (stored !== undefined) {
      const slot = valueOf(ctx, stored.addr);
      chain.push({
        pc, instruction: text, kind: 'stack', register: reg, value, loadAddress: slot, expression,
        sentence: `\`${text}\` at ${offsetText(ctx, pc)} reloaded ${reg} from ${printExpr(ctx.show(stored.addr))}, where \`${textAt(ctx, stored.pc)}\` at ${offsetText(ctx, stored.pc)} had stored it.`,
      });
      const storeStmt = code.instructions.get(stored.pc)?.lifted.stmts.find((st) => st.kind === 'store');
      const from = storeStmt !== undefined && storeStmt.kind === 'store' ? registersOf(storeStmt.value)[0] : undefined;
      const before = from !== undefined ? run.steps[stored.step]?.before.get(from) : undefined;
      if (from === undefined || before === undefined) break;
      reg = from;
      def = before;
      continue;
    }
    const inputs = registersOf(rhs).filter((r) => r !== isa.abi.zero);
    const carriesLoad = (r: string): boolean => [...symbolsOf(run.steps[def.step]!.before.get(r)!.expr)].some((n) => n.startsWith('load@'));
    const next = inputs.length === 1 ? inputs[0]! : inputs.find(carriesLoad) ?? null;
    const kind = selected ? 'select' : rhs.kind === 'reg' ? 'copy' : 'arith';
    chain.push({
      pc, instruction: text, kind, register: reg, value, loadAddress: null, expression,
      sentence: kind === 'copy'
        ? `\`${text}\` at ${offsetText(ctx, pc)} copied ${next} into ${reg}.`
        : kind === 'select'
          ? `\`${text}\` at ${offsetText(ctx, pc)} chose ${next} for ${reg}: the recovered values decide its condition.`
          : `\`${text}\` at ${offsetText(ctx, pc)} computed ${reg}${value !== null ? ` = ${hex(value)}` : ''} from ${inputs.join(' and ') || 'constants'}.`,
    });
    if (next === null) {
      if (origin === null) ctx.unknowns.push(`${reg} at ${offsetText(ctx, pc)} is computed from ${inputs.join(', ')}; which of them carries the pointer is not decided`);
      return done({ kind: 'unknown', pc, loadAddress: null, description: `${reg} was computed by \`${text}\` from several registers` });
    }
    reg = next;
    def = run.steps[def.step]!.before.get(next)!;
  }
  return done({ kind: 'unknown', pc: null, loadAddress: null, description: 'the chain is longer than oopsreplay follows' });
}

/** The argument register a value was copied from unchanged (through moves) since the entry, if any. */
function enteredArgument(ctx: Ctx, name: string, def: RegDef): string | null {
  let reg = name;
  let d = def;
  for (let hops = 0; hops < 32; hops++) {
    if (d.how === 'entry') return ctx.run.path.fromEntry && ctx.isa.abi.args.includes(reg) ? reg : null;
    if (d.how !== 'assign' || d.rhs === null || d.rhs.kind !== 'reg') return null;
    const prev = ctx.run.steps[d.step]?.before.get(d.rhs.name);
    if (prev === undefined) return null;
    reg = d.rhs.name;
    d = prev;
  }
  return null;
}

function baseOfExpr(e: Expr): string {
  return e.kind === 'bvadd' ? printExpr(e.a) : printExpr(e);
}

function entryOrigin(ctx: Ctx, reg: string, def: RegDef, value: bigint | null): Origin {
  const v = value !== null ? ` = ${hex(value)}` : '';
  switch (def.how) {
    case 'entry': {
      const arg = ctx.isa.abi.args.indexOf(reg);
      if (!ctx.run.path.fromEntry) {
        ctx.unknowns.push(`no predecessor of ${hexPc(ctx.run.path.nodes[0]!)} is known, so where ${reg} came from before it is not`);
        return { kind: 'unknown', pc: ctx.run.path.nodes[0]!, loadAddress: null, description: `${reg}${v} was already set where the known paths begin` };
      }
      if (arg >= 0) return { kind: 'argument', pc: null, loadAddress: null, description: `${reg}${v} is argument ${arg + 1} of ${ctx.code.name}, unchanged since the entry` };
      ctx.unknowns.push(`${reg} holds what the caller left in it, which is not an argument register`);
      return { kind: 'unknown', pc: null, loadAddress: null, description: `${reg}${v} holds what the caller left in it` };
    }
    case 'gap': {
      const gap = ctx.code.gaps.find((g) => g.start === def.pc);
      const where = gapText(ctx, def.pc!, gap);
      ctx.unknowns.push(`${reg} may have been set by the code at ${where}, which the input does not show (${gap?.reason ?? 'missing'})`);
      return { kind: 'unknown', pc: def.pc, loadAddress: null, description: `${reg}${v} was set before the code the input shows: it may come from ${where}, which is missing` };
    }
    case 'call':
      ctx.unknowns.push(`${reg} is what the call at ${hexPc(def.pc!)} left in it`);
      return { kind: 'unknown', pc: def.pc, loadAddress: null, description: `${reg}${v} was returned or left by the call at ${hexPc(def.pc!)}` };
    default:
      ctx.unknowns.push(`${reg} was made unknown at ${hexPc(def.pc!)}`);
      return { kind: 'unknown', pc: def.pc, loadAddress: null, description: `${reg}${v} comes from an effect the lifter does not model at ${hexPc(def.pc!)}` };
  }
}
