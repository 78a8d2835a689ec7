/**
 * The report as data: DESIGN.md's `report` contract (crash, function, fault, chain, origin, replay),
 * extended with the sentences, warnings and unknowns the text and Markdown renderers show.
 */
import type { CallerFrame, Reconstruction } from '../analysis/index.js';
import type { FunctionCode } from '../analysis/types.js';
import type { CrashReport } from '../oops/index.js';

export interface ReplayData {
  engine: 'unicorn';
  reproduced: boolean;
  pc: string | null;
  address: string | null;
  registersChecked: number;
  registersMatched: number;
  /** Where the replay started and what happened, in one sentence. */
  summary: string;
  start: string | null;
  executed: number;
}

export type ChainData = ReportData['chain'][number];

export interface FrameData {
  function: string;
  callSite: string;
  register: string;
  chain: ChainData[];
  origin: ReportData['origin'];
  unknowns: string[];
}

export interface ReportData {
  crash: CrashReport;
  function: { name: string; address: string; size: number; source: FunctionCode['source'] };
  fault: { pc: string; instruction: string; access: string; address: string; base: string | null; offset: number };
  chain: { pc: string | null; instruction: string | null; kind: string; register: string | null; value: string | null; loadAddress: string | null; expression: string; sentence: string }[];
  origin: { kind: string; pc: string | null; loadAddress: string | null; description: string };
  replay: ReplayData;
  /** The chain continued into callers, innermost first, while the value entered as an argument. */
  frames: FrameData[];
  /** Where and why the chain stops going up, when it could have gone further. */
  framesStop: string | null;
  /** The paths from the entry (or a gap) to the fault: how many, how many fit the dump, why the others do not. */
  paths: { examined: number; fitting: number; ruledOut: string[] };
  /** Facts the dump and the code leave open, each with its reason. */
  unknowns: string[];
  warnings: string[];
  /** The assumptions the replay ran under (`--assume`). */
  assumptions: string[];
}

export const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** Where the function's code came from, as the renderers say it ("code from ..."). */
export function sourceWords(source: ReportData['function']['source']): string {
  return source === 'code-line' ? "the oops's Code: line" : `the ${source}`;
}

/**
 * The address the faulting access used, and the oops's where that differs. arm64 reports a
 * user-half address with its top byte cleared (top-byte-ignore): there the oops's address is not
 * base + offset, and both are said rather than two different addresses left unexplained.
 */
export function faultAddresses(r: Pick<ReportData, 'fault' | 'chain'>): { used: string; reported: string | null } {
  const reported = r.fault.address;
  const step = r.chain[0];
  if (step === undefined || step.kind !== 'fault' || step.value === null || r.fault.base === null) return { used: reported, reported: null };
  const used = BigInt.asUintN(64, BigInt(step.value) + BigInt(r.fault.offset));
  if (hex(used) === reported || BigInt.asUintN(56, used) !== BigInt(reported)) return { used: reported, reported: null };
  return { used: hex(used), reported };
}

export const TOP_BYTE_NOTE = 'arm64 reports a user-half address with its top byte cleared';

/** The faulting access's operand as an address expression: `x2 + 0x14`, in hex like every other offset. */
export function faultOperand(fault: ReportData['fault']): string | null {
  if (fault.base === null) return null;
  if (fault.offset === 0) return fault.base;
  return `${fault.base} ${fault.offset < 0 ? '-' : '+'} 0x${Math.abs(fault.offset).toString(16)}`;
}
const hexOrNull = (v: bigint | null): string | null => (v === null ? null : hex(v));

const chainData = (c: Reconstruction['chain'][number]): ChainData => ({
  pc: hexOrNull(c.pc), instruction: c.instruction, kind: c.kind, register: c.register,
  value: hexOrNull(c.value), loadAddress: hexOrNull(c.loadAddress), expression: c.expression, sentence: c.sentence,
});

const originData = (o: Reconstruction['origin']): ReportData['origin'] =>
  ({ kind: o.kind, pc: hexOrNull(o.pc), loadAddress: hexOrNull(o.loadAddress), description: o.description });

export function reportData(
  crash: CrashReport, code: FunctionCode, rec: Reconstruction, replay: ReplayData, extraWarnings: readonly string[],
  assumptions: readonly string[], frames: readonly CallerFrame[] = [], framesStop: string | null = null,
): ReportData {
  return {
    crash,
    function: { name: code.name, address: hex(code.start), size: Number(code.end - code.start), source: code.source },
    fault: {
      pc: hex(rec.fault.pc), instruction: rec.fault.instruction, access: rec.fault.access,
      address: hex(rec.fault.address), base: rec.fault.base, offset: rec.fault.offset,
    },
    chain: rec.chain.map(chainData),
    origin: originData(rec.origin),
    replay,
    frames: frames.map((f) => ({
      function: f.function, callSite: hex(f.callSite), register: f.register, chain: f.chain.map(chainData),
      origin: originData(f.origin), unknowns: [...f.unknowns, ...(f.contradiction !== null ? [`no path in ${f.function} fits the callee's entry state exactly: ${f.contradiction}`] : [])],
    })),
    framesStop,
    paths: pathsData(rec),
    unknowns: [...rec.unknowns],
    warnings: [...extraWarnings, ...rec.warnings],
    assumptions: [...assumptions],
  };
}

/** Each reason the dump rules paths out, once, with how many paths it rules out. */
function pathsData(rec: Reconstruction): ReportData['paths'] {
  const reasons = new Map<string, number>();
  for (const p of rec.paths) if (!p.feasible && p.contradiction !== null) reasons.set(p.contradiction, (reasons.get(p.contradiction) ?? 0) + 1);
  return {
    examined: rec.paths.length,
    fitting: rec.paths.filter((p) => p.feasible).length,
    ruledOut: [...reasons].map(([why, n]) => (n === 1 ? why : `${why} (${n} paths)`)),
  };
}
