/**
 * reconstruct(): from a parsed oops and the faulting function's code to the fault site, the paths
 * that reach it, the chain of the bad value back to its origin, and every register value the dump
 * and the code determine at each step of the chosen path.
 */
import type { CrashReport } from '../oops/index.js';
import { decodeMipsCause } from '../oops/index.js';
import { isKnown, known as knownValue, printExpr, sym } from '../ir/index.js';
import { callDistance } from '../image/call-word.js';
import { buildCfg, pathsTo, withGapBranches, type Path, type PathLimits, DEFAULT_PATH_LIMITS } from './cfg.js';
import { baseAndOffset, displayForm, traceChain, traceRegister } from './chain.js';
import { solvePath, symbolsOf, type ConstantReader, type Equation, type Solution, type StackDump } from './solve.js';
import { constantLoad } from './constants.js';
import { evalWith, hexPc, runPath, type PathEnd, type PathRun } from './symexec.js';
import type { ChainStep, FunctionCode, IsaSpec, Origin, PathReport, Reconstruction, StepState } from './types.js';
import { UserError } from '../errors.js';

export type * from './types.js';

const hex = (v: bigint): string => `0x${v.toString(16)}`;

export interface ReconstructInput {
  readonly crash: CrashReport;
  readonly code: FunctionCode;
  readonly isa: IsaSpec;
  readonly limits?: PathLimits;
  /** Entry registers a caller's frame determined (what they held at its call). */
  readonly entryFacts?: ReadonlyMap<string, EntryFact>;
}

export interface EntryFact {
  readonly value: bigint;
  readonly why: string;
  /** Known only through the bad address: a replay must not be seeded with it. */
  readonly fromFault: boolean;
}

/** The dumped registers the ISA's register file knows, as numbers. */
export function dumpRegisters(crash: CrashReport, isa: IsaSpec): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [name, value] of Object.entries(crash.registers)) {
    const desc = isa.registers.lookup(name);
    if (desc === undefined || desc.name !== name || name === isa.abi.zero) continue;
    out.set(name, BigInt(value));
  }
  return out;
}

/** The faulting pc, and where the faulting instruction really is (a MIPS delay slot when Cause.BD is set). */
export function faultLocation(crash: CrashReport, code: FunctionCode): { node: bigint; faultPc: bigint; inDelaySlot: boolean } {
  let pc = crash.pc !== null ? BigInt(crash.pc) : null;
  if (pc === null && crash.pcSymbol !== null && crash.pcSymbol.offset !== null) pc = code.start + BigInt(crash.pcSymbol.offset);
  if (pc === null) throw new UserError('the oops names no faulting pc (neither an address nor sym+offset); nothing to reconstruct');
  const bd = crash.cause !== null && (crash.arch === 'mips' || crash.arch === 'mips64') && decodeMipsCause(BigInt(crash.cause)).branchDelay;
  const insn = code.instructions.get(pc);
  if (insn === undefined) {
    const gap = code.gaps.find((g) => pc! >= g.start && pc! < g.end);
    throw new UserError(gap !== undefined
      ? `the faulting pc ${hex(pc)} lies in a part of the code that the input does not show (${gap.reason}); give the complete function (--vmlinux, --module or a full listing)`
      : `the faulting pc ${hex(pc)} is not inside ${code.name} as loaded (${hex(code.start)}..${hex(code.end)}); check that the binary matches the oops`);
  }
  return { node: pc, faultPc: bd ? pc + BigInt(insn.size) : pc, inDelaySlot: bd };
}

function describeSymbol(name: string, run: PathRun): string {
  const load = run.loads.find((l) => l.symbol === name);
  if (load !== undefined) return `the value loaded at ${hexPc(load.pc)}`;
  return run.symbolNotes.get(name) ?? `${name} at the start of the path`;
}

/**
 * Linux never maps the first page (mmap_min_addr), so an access there before the fault would have
 * faulted first: a path that needs one does not fit the dump.
 */
const ZERO_PAGE = 4096n;

/**
 * How many low bits of an address the oops reports: arm64 clears the top byte of a user-half
 * address (top-byte-ignore), so there only bits 55..0 must match.
 */
export function reportedBits(isa: IsaSpec, faultAddress: bigint | null): number {
  return isa.arch === 'aarch64' && faultAddress !== null && faultAddress >> 55n === 0n ? 56 : isa.wordBits;
}

/** Marks a chain step's expression that differs between paths fitting the dump. */
const PATH_DEPENDENT = 'depends on the path: ';

/** How many other feasible paths the chain is checked against. */
const MAX_COMPARED_PATHS = 8;

function accessContradictions(run: PathRun, sol: Solution): string[] {
  const out: string[] = [];
  const accesses = [...run.loads.map((l) => ({ pc: l.pc, addr: l.addr, what: 'load' })), ...run.stores.map((s) => ({ pc: s.pc, addr: s.addr, what: 'store' }))];
  for (const a of accesses) {
    const v = sol.value(a.addr);
    if (isKnown(v) && v.value < ZERO_PAGE) {
      out.push(`the ${a.what} at ${hexPc(a.pc)} would access ${hex(v.value)} (${printExpr(a.addr)} with the recovered values), in the never-mapped first page, and fault before the reported fault`);
    }
  }
  return out;
}

function branchContradictions(run: PathRun, sol: Solution): string[] {
  const out: string[] = [];
  for (const b of run.branches) {
    const v = sol.value(b.cond);
    if (isKnown(v) && (v.value === 1n) !== b.taken) {
      if (b.table === true) {
        out.push(`the jump table at ${hexPc(b.pc)} would have gone to another case (${printExpr(b.cond)} is false with the recovered values)`);
        continue;
      }
      const why = b.cond.kind === 'const' ? `its condition is always ${v.value === 1n ? 'true' : 'false'} on this path` : `${printExpr(b.cond)} is ${v.value === 1n ? 'true' : 'false'} with the recovered values`;
      out.push(`the branch at ${hexPc(b.pc)} would have ${b.taken ? 'fallen through' : 'been taken'} (${why})`);
    }
  }
  return out;
}

export function reconstruct(input: ReconstructInput): Reconstruction {
  const { crash, code, isa } = input;
  const dump = dumpRegisters(crash, isa);
  const faultAddress = crash.faultAddress !== null ? BigInt(crash.faultAddress) : null;
  const { node, faultPc, inDelaySlot } = faultLocation(crash, code);
  const cfg = buildCfg(code);
  const { paths, truncated } = pathsTo(cfg, node, input.limits ?? DEFAULT_PATH_LIMITS);
  const warnings: string[] = [];
  if (truncated) warnings.push(`only the first ${paths.length} paths to the fault were examined (search bounds reached)`);
  if (cfg.unresolved.length > 0) warnings.push(`jumps through registers at ${cfg.unresolved.map(hexPc).join(', ')} are not followed; paths through them are missing`);
  const sp = dump.get(isa.abi.sp);
  const stack = crash.stack !== null && sp !== undefined && isa.arch === 'mips'
    ? { sp, words: crash.stack.words.map((w) => BigInt(w)), wordBytes: 4 }
    : null;

  const given = [...(input.entryFacts ?? [])].flatMap(([name, f]) => {
    const reg = isa.registers.lookup(name);
    return reg === undefined ? [] : [{ expr: sym(reg.name, reg.width), value: f.value, why: f.why, fromFault: f.fromFault }];
  });
  const end = { kind: 'fault' as const, pc: faultPc, address: faultAddress };
  let { evaluated, best } = evaluatePaths(cfg, isa, paths, end, dump, faultAddress, stack, given);
  if (best !== undefined && best.contradictions.length > 0 && cfg.gapAt.size > 0) {
    // The shown code cannot explain the dump: the code the input leaves out must branch into it.
    const open = withGapBranches(cfg);
    const retry = evaluatePaths(open, isa, pathsTo(open, node, input.limits ?? DEFAULT_PATH_LIMITS).paths, end, dump, faultAddress, stack, given);
    if (retry.best !== undefined && retry.best.run.fault !== null && retry.best.contradictions.length === 0) {
      const nodes = retry.best.run.path.nodes;
      const jump = nodes.findIndex((n, i) => open.gapAt.has(n) && nodes[i + 1] !== undefined && nodes[i + 1] !== open.gapAt.get(n)!.end);
      if (jump >= 0) {
        const g = open.gapAt.get(nodes[jump]!)!;
        warnings.push(`no path through the code shown fits the dump (${best.contradictions[0]}); the code the input does not show (+${hex(g.start - code.start)}..+${hex(g.end - 4n - code.start)}) must branch into it; the path used here goes from there to +${hex(nodes[jump + 1]! - code.start)}`);
      }
      ({ evaluated, best } = retry);
    }
  }
  if (best === undefined || best.run.fault === null) {
    throw new UserError(`the instruction at ${hex(faultPc)} does not access memory, so it cannot have faulted on ${faultAddress !== null ? hex(faultAddress) : 'an address'}; check that the binary matches the oops`);
  }
  if (best.contradictions.length > 0) {
    warnings.push(`no path to the fault agrees with the dump; the closest one still contradicts it: ${best.contradictions[0]}`);
  }
  const fault = best.run.fault;
  const localDump = evalWith(fault.localAddr, dump);
  const bits = reportedBits(isa, faultAddress);
  const matchesDump = localDump === null || faultAddress === null ? null : BigInt.asUintN(bits, localDump) === faultAddress;
  if (matchesDump === false) {
    warnings.push(`the dumped registers put into \`${code.instructions.get(fault.pc)?.text}\` give ${hex(localDump!)}, not the bad address ${hex(faultAddress!)}: the binary, its byte order or the build may not match the oops`);
  }
  const traced = traceChain(best.run, best.sol, isa, code, faultAddress);
  const { unknowns } = traced;
  let { chain, origin, enteredAs } = traced;
  // Every path the dump allows must tell the same story; where they part, the chain stops saying more.
  const feasible = evaluated.filter((e) => e.contradictions.length === 0 && e !== best).slice(0, MAX_COMPARED_PATHS);
  const same = (a: ChainStep, b: ChainStep): boolean => a.pc === b.pc && a.register === b.register && a.kind === b.kind && a.value === b.value && a.loadAddress === b.loadAddress;
  for (const other of best.contradictions.length === 0 ? feasible : []) {
    const alt = traceChain(other.run, other.sol, isa, code, faultAddress);
    let k = 0;
    while (k < chain.length && k < alt.chain.length && same(chain[k]!, alt.chain[k]!)) {
      // The same instruction and value, reached with different inputs (another trip round a loop):
      // the step stands, but the expression it has on this path is the path's, not the crash's.
      const step = chain[k]!;
      const other = alt.chain[k]!;
      if (step.expression !== other.expression && !step.expression.startsWith(PATH_DEPENDENT)) {
        chain = chain.map((c, i) => (i === k ? { ...c, expression: `${PATH_DEPENDENT}${c.expression} on one, ${other.expression} on another` } : c));
      }
      k++;
      if (step.kind === 'load' && step.loadAddress === null && step.pc !== null && step.expression !== other.expression) {
        const at = `+${hex(step.pc - code.start)}`;
        const neutral = `paths that fit the dump part after step ${k} of the chain: they reach \`${step.instruction}\` at ${at} through different pointers (e.g. a loop that ran a different number of times), so the address it loaded from is not determined`;
        chain = [...chain.slice(0, k - 1), { ...chain[k - 1]!, sentence: `\`${step.instruction}\` at ${at} loaded ${step.register}${step.value !== null ? ` = ${hex(step.value)}` : ''} through a pointer that differs between the paths fitting the dump (a loop's trips?), so its address is not determined.` }];
        if (origin.pc === step.pc) {
          const stale = `the address of the load at ${at} (`;
          unknowns.splice(0, unknowns.length, ...unknowns.filter((u) => !u.startsWith(stale) && u !== neutral), neutral);
          origin = { ...origin, description: `${step.register} was loaded by \`${step.instruction}\` at ${at}; ${neutral}` };
          enteredAs = null;
        }
        break;
      }
    }
    if (alt.origin.pc !== origin.pc || alt.origin.loadAddress !== origin.loadAddress || alt.origin.kind !== origin.kind) {
      unknowns.push(`paths to the fault that both fit the dump give different origins (${origin.description}; or ${alt.origin.description}): the dump does not tell which one ran`);
      origin = { kind: 'unknown', pc: null, loadAddress: null, description: `the dump fits more than one path to the fault, and they disagree on where the bad value came from: ${origin.description}; or ${alt.origin.description}` };
      enteredAs = null;
    }
    if (k < chain.length) {
      const here = chain[k]!;
      const there = alt.chain[k];
      unknowns.push(`paths that fit the dump part after step ${k} of the chain: ${here.register} came from ${here.instruction !== null ? `\`${here.instruction}\` at ${hexPc(here.pc!)}` : 'the entry'}${there !== undefined ? ` on one and from ${there.instruction !== null ? `\`${there.instruction}\` at ${hexPc(there.pc!)}` : 'the entry'} on another (e.g. a loop that ran a different number of times)` : ' on one only'}; the dump does not tell which`);
      chain = chain.slice(0, k);
      enteredAs = null;
    }
  }
  const bo = baseAndOffset(fault.localAddr, isa.wordBits);
  const pathReports: PathReport[] = evaluated.map((e) => ({ pcs: e.run.path.nodes, feasible: e.contradictions.length === 0, contradiction: e.contradictions[0] ?? null }));
  return {
    fault: {
      pc: fault.pc,
      instruction: code.instructions.get(fault.pc)?.text ?? '',
      access: fault.access,
      address: faultAddress ?? 0n,
      addressExpr: fault.localAddr,
      base: bo?.base ?? null,
      offset: bo?.offset ?? 0,
      matchesDump,
      inDelaySlot,
    },
    chain,
    origin,
    steps: stepStates(best.run, best.sol, code),
    paths: pathReports,
    warnings,
    unknowns,
    enteredAs,
    entry: entryValues(best.sol, isa),
  };
}

/** Registers at the function entry that the dump and the code determine (symbols named after registers). */
function entryValues(sol: Solution, isa: IsaSpec): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of isa.registers.registers) {
    const f = sol.known.get(r.name);
    if (f !== undefined) out.set(r.name, f.value);
  }
  return out;
}

interface Evaluated {
  readonly run: PathRun;
  readonly sol: Solution;
  readonly contradictions: string[];
}

/** Runs and solves every path; the best is the one that contradicts the dump least, then the shortest from the entry. */
function evaluatePaths(
  cfg: ReturnType<typeof buildCfg>, isa: IsaSpec, paths: readonly Path[], end: PathEnd, dump: ReadonlyMap<string, bigint>,
  faultAddress: bigint | null, stack: StackDump | null, given: readonly Equation[] = [],
): { evaluated: Evaluated[]; best: Evaluated | undefined } {
  const readData = cfg.code.readData;
  const constant: ConstantReader | undefined = readData === undefined ? undefined : (address, width, endian) => {
    const v = constantLoad(readData, knownValue(address, isa.wordBits), width, endian);
    return isKnown(v) ? v.value : null;
  };
  const evaluated = paths.map((path) => {
    let run = runPath(cfg, path, isa, end, dump);
    let sol = solvePath(run, dump, faultAddress, stack, (name) => describeSymbol(name, run), reportedBits(isa, faultAddress), given, constant);
    // Loads that a store might have answered are decided again with the recovered addresses.
    if (run.loads.some((l) => l.note !== null)) {
      const first = sol;
      const oracle = (e: Parameters<Solution['value']>[0]): bigint | null => {
        const v = first.value(e);
        return isKnown(v) ? v.value : null;
      };
      run = runPath(cfg, path, isa, end, dump, oracle);
      const second = run;
      sol = solvePath(second, dump, faultAddress, stack, (name) => describeSymbol(name, second), reportedBits(isa, faultAddress), given, constant);
    }
    const contradictions = [...sol.contradictions, ...branchContradictions(run, sol), ...accessContradictions(run, sol)];
    return { run, sol, contradictions };
  });
  const ranked = [...evaluated].sort((a, b) =>
    a.contradictions.length - b.contradictions.length ||
    Number(b.run.path.fromEntry) - Number(a.run.path.fromEntry) ||
    a.run.path.nodes.length - b.run.path.nodes.length);
  return { evaluated, best: ranked[0] };
}

export interface CallerInput {
  readonly caller: FunctionCode;
  /** The function the chain comes from (entered through the call). */
  readonly callee: { readonly name: string; readonly start: bigint };
  readonly isa: IsaSpec;
  /** The return address the callee was entered with. */
  readonly returnAddress: bigint;
  /** The callee's argument register to follow (the value the callee received in it). */
  readonly register: string;
  /** Registers at the callee's entry that are known: at the call they held the same values. */
  readonly calleeEntry: ReadonlyMap<string, bigint>;
  readonly stack: StackDump | null;
  readonly limits?: PathLimits;
}

export interface CallerFrame {
  readonly function: string;
  readonly callSite: bigint;
  readonly register: string;
  readonly chain: readonly ChainStep[];
  readonly origin: Origin;
  readonly unknowns: readonly string[];
  readonly enteredAs: string | null;
  readonly entry: ReadonlyMap<string, bigint>;
  /** Registers known where the callee was entered (every one but the link register a call sets). */
  readonly atCall: ReadonlyMap<string, EntryFact>;
  readonly contradiction: string | null;
}

/**
 * Takes the chain up one frame: the caller's paths to the call that entered the callee, the callee's
 * known entry registers as the equations there, and the register that carried the value followed back.
 */
export function continueInCaller(input: CallerInput): CallerFrame {
  const { caller, isa } = input;
  const callSite = input.returnAddress - callDistance(isa.arch);
  const insn = caller.instructions.get(callSite);
  const call = insn?.lifted.stmts.find((st) => st.kind === 'exit' && st.flavor === 'call');
  if (insn === undefined || call === undefined || call.kind !== 'exit') {
    throw new UserError(`the return address ${hex(input.returnAddress)} does not follow a call in ${caller.name}`);
  }
  // A call to another function that then jumped (tail call) into the callee passed its arguments
  // through that function's code, which the chain would need.
  if (call.target.kind === 'const' && call.target.value !== input.callee.start) {
    throw new UserError(`the call at ${hex(callSite)} in ${caller.name} goes to ${hex(call.target.value)}, not to ${input.callee.name} (${hex(input.callee.start)}): ${input.callee.name} was reached by a tail call from there, and how that function passed ${input.register} on is not followed`);
  }
  const cfg = buildCfg(caller);
  const { paths } = pathsTo(cfg, callSite, input.limits ?? DEFAULT_PATH_LIMITS);
  // The call itself sets the link register; every other register entered the callee as it was here.
  const dump = new Map([...input.calleeEntry].filter(([name]) => name !== isa.abi.link));
  const { best } = evaluatePaths(cfg, isa, paths, { kind: 'call' }, dump, null, input.stack);
  if (best === undefined) throw new UserError(`no path in ${caller.name} reaches the call at ${hex(callSite)}`);
  const traced = traceRegister(best.run, best.sol, isa, caller, input.register);
  return {
    function: caller.name, callSite, register: input.register, chain: traced.chain, origin: traced.origin,
    unknowns: traced.unknowns, enteredAs: traced.enteredAs, entry: entryValues(best.sol, isa),
    atCall: registersAtEnd(best, isa, `at the call in ${caller.name} (${hex(callSite)})`, isa.abi.link),
    contradiction: best.contradictions[0] ?? null,
  };
}

/** Where `code` jumps (not calls) to `target`: a tail call into the function that crashed. */
export function tailCallSite(code: FunctionCode, target: bigint): bigint | null {
  for (const insn of code.instructions.values()) {
    if (insn.lifted.stmts.some((st) => st.kind === 'exit' && st.flavor === 'jump' && st.target.kind === 'const' && st.target.value === target)) return insn.pc;
  }
  return null;
}

/**
 * A function that reached the callee by a tail call (`j` / `b`) rather than a call: its paths to the
 * jump, the callee's entry registers as the equations there (the link register included: a tail call
 * leaves it alone), and the register followed back to how this function received it.
 */
export function throughTailCall(input: Omit<CallerInput, 'returnAddress'>): CallerFrame {
  const { caller, isa } = input;
  const site = tailCallSite(caller, input.callee.start);
  if (site === null) throw new UserError(`${caller.name} does not jump to ${input.callee.name}, so how it passed ${input.register} on is not known`);
  const cfg = buildCfg(caller);
  const { paths } = pathsTo(cfg, site, input.limits ?? DEFAULT_PATH_LIMITS);
  const { best } = evaluatePaths(cfg, isa, paths, { kind: 'call' }, input.calleeEntry, null, input.stack);
  if (best === undefined) throw new UserError(`no path in ${caller.name} reaches its jump to ${input.callee.name} at ${hex(site)}`);
  const traced = traceRegister(best.run, best.sol, isa, caller, input.register);
  return {
    function: caller.name, callSite: site, register: input.register, chain: traced.chain, origin: traced.origin,
    unknowns: traced.unknowns, enteredAs: traced.enteredAs, entry: entryValues(best.sol, isa),
    atCall: registersAtEnd(best, isa, `at the tail call in ${caller.name} (${hex(site)})`, null),
    contradiction: best.contradictions[0] ?? null,
  };
}

/** The registers a path's solution determines where it ends (a call), each with its reason. */
function registersAtEnd(e: Evaluated, isa: IsaSpec, where: string, except: string | null): Map<string, EntryFact> {
  const out = new Map<string, EntryFact>();
  for (const [name, def] of e.run.atFault) {
    if (name === except || name === isa.abi.zero) continue;
    const v = e.sol.value(def.expr);
    if (!isKnown(v)) continue;
    const facts = [...symbolsOf(def.expr)].map((s) => e.sol.known.get(s)).filter((f) => f !== undefined);
    const why = def.expr.kind === 'const' ? 'a constant' : facts.map((f) => f.why).join('; ') || printExpr(def.expr);
    out.set(name, { value: v.value, why: `${name} = ${hex(v.value)} ${where}: ${why}`, fromFault: facts.some((f) => f.fromFault) });
  }
  return out;
}

/** The constant target of the call at the return address, when the caller's code has one. */
export function callTarget(caller: FunctionCode, returnAddress: bigint, isa: IsaSpec): bigint | null {
  const insn = caller.instructions.get(returnAddress - callDistance(isa.arch));
  const call = insn?.lifted.stmts.find((st) => st.kind === 'exit' && st.flavor === 'call');
  return call !== undefined && call.kind === 'exit' && call.target.kind === 'const' ? call.target.value : null;
}

/** Register values before each step of the chosen path, with the reason each known value is known. */
function stepStates(run: PathRun, sol: Solution, code: FunctionCode): StepState[] {
  const show = displayForm(run);
  return run.steps.map((step, index) => {
    const registers = new Map<string, { expr: ReturnType<typeof show>; value: bigint | null; why: string; fromFault: boolean }>();
    const circular = (e: Parameters<Solution['value']>[0]): boolean => [...symbolsOf(e)].some((n) => sol.known.get(n)?.fromFault === true);
    for (const [name, def] of step.before) {
      const v = sol.value(def.expr);
      const value = isKnown(v) ? v.value : null;
      const shown = show(def.expr);
      const syms = [...symbolsOf(def.expr)];
      const reasons = syms.map((s) => sol.known.get(s)?.why).filter((w): w is string => w !== undefined);
      const why = value === null
        ? (syms.map((s) => run.symbolNotes.get(s)).find((n) => n !== undefined) ?? `not determined: ${printExpr(shown)}`)
        : def.expr.kind === 'const' ? 'a constant' : reasons.join('; ') || `= ${printExpr(shown)}`;
      registers.set(name, { expr: shown, value, why, fromFault: value !== null && circular(def.expr) });
    }
    const accesses = [
      ...step.loads.map((l) => ({ kind: 'read' as const, address: known(sol, l.addr), size: l.width / 8, value: sol.known.get(l.symbol)?.value ?? null, fromFault: sol.known.get(l.symbol)?.fromFault === true || circular(l.addr) })),
      ...step.stores.map((s) => ({ kind: 'write' as const, address: known(sol, s.addr), size: s.width / 8, value: known(sol, s.value), fromFault: circular(s.value) || circular(s.addr) })),
    ];
    const insn = code.instructions.get(step.node);
    const gap = code.gaps.find((g) => g.start === step.node);
    const call = insn !== undefined && insn.lifted.stmts.some((st) => st.kind === 'exit' && st.flavor === 'call');
    const undecided = run.branches.some((b) => b.step === index && !isKnown(sol.value(b.cond)));
    return { pc: step.node, gap: step.kind === 'gap', call, undecided, instruction: insn?.text ?? `(${gap?.reason ?? 'not in the listing'})`, registers, accesses };
  });
}

function known(sol: Solution, e: Parameters<Solution['value']>[0]): bigint | null {
  const v = sol.value(e);
  return isKnown(v) ? v.value : null;
}
