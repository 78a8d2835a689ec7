/**
 * The whole job, once: parse result + code image -> reconstruction -> replay -> report data.
 * The report command and the terminal UI both start from here.
 */
import { readFileSync } from 'node:fs';
import { firstUse } from './analysis/first-use.js';
import { functionCode } from './analysis/function-code.js';
import { reconstruct, dumpRegisters, reportedBits, type CallerFrame } from './analysis/index.js';
import { callerFrames, withLinkRegister } from './caller-frames.js';
import { bytesOf, replayPlan, type ReplayPlan } from './analysis/replay-plan.js';
import type { FunctionCode, IsaSpec, Reconstruction } from './analysis/types.js';
import { UserError } from './errors.js';
import { findFunction, loadCodeImage, type ImageInputs } from './image/index.js';
import { ElfFile } from './image/elf/file.js';
import { elfArch } from './image/elf/symbols.js';
import { withFileSource } from './image/source.js';
import { isaFor } from './isa/index.js';
import type { CrashReport } from './oops/index.js';
import { replay, type ReplayOutcome } from '../emu/replay.js';
import { reportData, hex, type ReportData } from './report/model.js';

export interface AnalyseOptions {
  readonly assume?: readonly string[];
  readonly maxInstructions?: number;
}

export interface Analysis {
  readonly crash: CrashReport;
  readonly isa: IsaSpec;
  readonly code: FunctionCode;
  readonly reconstruction: Reconstruction;
  readonly plan: ReplayPlan;
  readonly replay: ReplayOutcome;
  readonly frames: readonly CallerFrame[];
  readonly report: ReportData;
}

/** `a1=0x87690000` or `mem32[0x87690114]=0`: a register at the replay's start, or memory. */
export function applyAssumptions(plan: ReplayPlan, isa: IsaSpec, assume: readonly string[]): ReplayPlan {
  const registers = new Map(plan.registers);
  const memory = [...plan.memory];
  for (const a of assume) {
    const reg = /^\s*\$?([a-z][a-z0-9]*)\s*=\s*(0x[0-9a-f]+|\d+)\s*$/i.exec(a);
    const mem = /^\s*mem(8|16|32|64)\[\s*(0x[0-9a-f]+|\d+)\s*\]\s*=\s*(0x[0-9a-f]+|\d+)\s*$/i.exec(a);
    if (reg !== null) {
      const desc = isa.registers.lookup(reg[1]!);
      if (desc === undefined) throw new UserError(`--assume '${a}': ${isa.arch} has no register '${reg[1]}'`);
      const value = BigInt(reg[2]!);
      if (value >> BigInt(desc.width) !== 0n) throw new UserError(`--assume '${a}': the value does not fit ${desc.name} (${desc.width} bits)`);
      registers.set(desc.name, value);
    } else if (mem !== null) {
      const size = Number(mem[1]) / 8;
      const value = BigInt(mem[3]!);
      if (value >> BigInt(size * 8) !== 0n) throw new UserError(`--assume '${a}': the value does not fit ${size} bytes`);
      memory.push({ address: BigInt(mem[2]!), bytes: bytesOf(value, size, isa.endian), provenance: 'reconstructed' as const, label: `assumed: ${a.trim()}` });
    } else {
      throw new UserError(`--assume '${a}' is not understood; write REG=VALUE (a1=0x87690000) or memN[ADDRESS]=VALUE (mem32[0x87690114]=0)`);
    }
  }
  return { ...plan, registers, memory };
}

/** The parts of an analysis that a byte order could change. */
function outcomeKey(a: Analysis): string {
  const r = a.report;
  return JSON.stringify([r.origin, r.chain.map((c) => [c.pc, c.value, c.loadAddress]), r.replay.reproduced, r.replay.pc, r.replay.address]);
}

export function analyse(crash: CrashReport, inputs: ImageInputs, options: AnalyseOptions = {}): Analysis {
  if (crash.arch !== 'mips' && crash.arch !== 'aarch64') {
    throw new UserError(`this is ${article(crash.arch)} ${crash.arch} oops: oopsreplay reconstructs MIPS32 and AArch64 crashes only ('oopsreplay parse' still reads it)`);
  }
  if (crash.faultAddress === null) {
    throw new UserError(`this oops ('${crash.message}') reports no bad address (a BUG() trap, a bus error, an illegal instruction): there is no bad pointer to trace back; 'oopsreplay parse' shows what it says`);
  }
  checkMachines(crash, inputs);
  // Listings and Code: lines print MIPS words as values: nothing in them tells the byte order.
  // Both orders are tried; the answer stands when it does not depend on the order.
  const orderUnknown = crash.arch === 'mips' && inputs.endian === undefined && inputs.vmlinux === undefined &&
    (inputs.modules === undefined || inputs.modules.length === 0) && inputs.rawImage === undefined;
  if (!orderUnknown) return analyseImage(crash, inputs, options);
  const big = analyseImage(crash, { ...inputs, endian: 'big' }, options);
  const little = analyseImage(crash, { ...inputs, endian: 'little' }, options);
  if (outcomeKey(big) !== outcomeKey(little)) {
    throw new UserError('the input does not say the byte order and the result depends on it (the two orders give different chains or replays); pass --endian big or --endian little');
  }
  const note = 'the input does not say the byte order; both orders were tried and give the same chain, origin and replay';
  return { ...big, report: { ...big.report, warnings: [note, ...big.report.warnings] } };
}

/** `an aarch64`, `an x86_64`, `a mips`: the machine names as they are read out. */
function article(machine: string): string {
  return /^[aeiox]/.test(machine) ? 'an' : 'a';
}

/** Every kernel file given must be for the oops's machine, used or not: a wrong one means a mix-up. */
function checkMachines(crash: CrashReport, inputs: ImageInputs): void {
  const arch = crash.arch === 'aarch64' ? 'aarch64' : 'mips';
  for (const path of [...(inputs.vmlinux !== undefined ? [inputs.vmlinux] : []), ...(inputs.modules ?? [])]) {
    const machine = withFileSource(path, (source) => elfArch(new ElfFile(source)));
    if (machine !== arch) throw new UserError(`${path} is ${article(machine)} ${machine} file but the oops is from ${crash.arch}; give the files of the machine that crashed`);
  }
}

function analyseImage(crash: CrashReport, inputs: ImageInputs, options: AnalyseOptions): Analysis {
  if (crash.arch !== 'mips' && crash.arch !== 'aarch64') throw new UserError(`${crash.arch} is not analysed`);
  const image = loadCodeImage(crash, inputs);
  const isa = isaFor(crash.arch, image.endian === 'big' ? 'be' : 'le');
  const query = crash.pcSymbol?.function ?? (crash.pc !== null ? BigInt(crash.pc) : null);
  if (query === null) throw new UserError('the oops names no faulting function or pc');
  // Without a pc, a vmlinux image holds just the function its name (and the Code: words) chose.
  const only = image.ranges.length === 1 && image.ranges[0]!.provenance === 'vmlinux' ? image.ranges[0]!.address : null;
  const view = findFunction(image, crash.pc !== null ? BigInt(crash.pc) : only ?? query);
  const code = functionCode(image, view, isa);
  const context = { isa, inputs, image, code };
  const resolved = withLinkRegister(crash, context);
  let reconstruction = reconstruct({ crash: resolved.crash, code, isa });
  let { frames, stop } = callerFrames(resolved.crash, reconstruction, context);
  // What the caller held at its call is what the faulting function started with: values the dump
  // alone left open there (an argument register overwritten before the fault) are learnt again.
  // The frames are then followed again: the refined chain may enter by another register, or not at all.
  const learnt = new Map([...(frames[0]?.atCall ?? [])].filter(([name]) => !reconstruction.entry.has(name)));
  if (learnt.size > 0) {
    reconstruction = reconstruct({ crash: resolved.crash, code, isa, entryFacts: learnt });
    ({ frames, stop } = callerFrames(resolved.crash, reconstruction, context));
  }
  const assumptions = options.assume ?? [];
  const plan = applyAssumptions(replayPlan(reconstruction, crash, isa), isa, assumptions);
  const outcome = replay({
    arch: crash.arch === 'aarch64' ? 'aarch64' : isa.endian === 'be' ? 'mips32be' : 'mips32le',
    code: view.bytes.map((r) => ({ address: r.address, bytes: r.bytes })),
    start: plan.start,
    state: plan,
    expect: {
      pc: crash.pc !== null ? BigInt(crash.pc) : reconstruction.fault.pc,
      address: crash.faultAddress !== null ? BigInt(crash.faultAddress) : null,
      access: reconstruction.fault.access,
      addressBits: reportedBits(isa, crash.faultAddress !== null ? BigInt(crash.faultAddress) : null),
    },
    dump: dumpRegisters(resolved.crash, isa),
    ...(options.maxInstructions !== undefined ? { maxInstructions: options.maxInstructions } : {}),
  });
  const report = reportData(crash, code, reconstruction, {
    engine: 'unicorn', reproduced: outcome.reproduced, pc: outcome.pc !== null ? hex(outcome.pc) : null,
    address: outcome.address !== null ? hex(outcome.address) : null, registersChecked: outcome.registersChecked,
    registersMatched: outcome.registersMatched, summary: outcome.summary, start: hex(plan.start), executed: outcome.executed,
  }, [...image.warnings, ...resolved.notes, ...unusedAssumptions(assumptions, isa, code, outcome.path)], assumptions, frames, stop);
  return { crash, isa, code, reconstruction, plan, replay: outcome, frames, report };
}

/** An assumed register the replay overwrites (or never reads) before any use changes nothing: say so. */
function unusedAssumptions(assumptions: readonly string[], isa: IsaSpec, code: FunctionCode, path: readonly bigint[]): string[] {
  return assumptions.flatMap((a) => {
    const reg = /^\s*\$?([a-z][a-z0-9]*)\s*=/i.exec(a)?.[1];
    const name = reg === undefined ? undefined : isa.registers.lookup(reg)?.name;
    if (name === undefined) return [];
    const use = firstUse(code, path, name);
    if (use?.reads === true) return [];
    return [use === null
      ? `--assume ${a.trim()}: nothing the replay ran reads ${name}, so the assumption does not change it`
      : `--assume ${a.trim()}: \`${code.instructions.get(use.pc)?.text}\` at ${hex(use.pc)} overwrites ${name} before anything reads it, so the assumption does not change the replay`];
  });
}

/** Reads a listing file given with --listing. */
export function readListing(path: string): { text: string; name: string } {
  try {
    return { text: readFileSync(path, 'utf8'), name: path };
  } catch {
    throw new UserError(`${path}: cannot read the listing file`);
  }
}
