/**
 * Up the call stack: from the faulting function into its callers, as long as the value followed
 * entered as an argument. The return address of each frame comes from the registers and stack
 * words where they determine it, else from the call trace (the kernel's own unwinder), resolved
 * through the kernel files when the oops prints frames only as `func+off/size` (arm64 6.x).
 */
import { callTarget, continueInCaller, throughTailCall, type CallerFrame } from './analysis/index.js';
import { functionCode } from './analysis/function-code.js';
import type { FunctionCode, IsaSpec, Reconstruction } from './analysis/types.js';
import { UserError } from './errors.js';
import { findFunction, loadCodeImage, specOf, vmlinuxFrameAddress, type CodeImage, type FrameAddress, type ImageInputs } from './image/index.js';
import type { CrashReport, TraceEntry } from './oops/index.js';
import { hex } from './report/model.js';

export interface FrameContext {
  readonly isa: IsaSpec;
  readonly inputs: ImageInputs;
  /** The faulting function's image: its symbols place the frames of the same module. */
  readonly image: CodeImage;
  readonly code: FunctionCode;
}

const MAX_CALLER_FRAMES = 4;

/** A frame the oops names as func+off/size, as an address where the kernel files say which. */
function frameAddress(entry: Pick<TraceEntry, 'function' | 'offset' | 'size' | 'module'>, callee: bigint, context: FrameContext, faultModule: string | null): FrameAddress {
  if (entry.offset === null) return { address: null, why: `${entry.function} is named without an offset` };
  const offset = BigInt(entry.offset);
  const { code, image, inputs } = context;
  const what = `${entry.function}+${hex(offset)}`;
  if (entry.module !== null && entry.module !== faultModule) {
    return { address: null, why: `${what} is in module ${entry.module}, whose load address the oops does not print` };
  }
  if (entry.module === faultModule && entry.function === code.name) return { address: code.start + offset, why: `${what}, in the faulting function itself` };
  if (entry.module !== null) {
    const copies = image.symbols.named(entry.function).filter((s) => s.kind === 'function');
    return copies.length === 1
      ? { address: copies[0]!.address + offset, why: `${what}, in module ${entry.module} as placed for the faulting function` }
      : { address: null, why: `module ${entry.module} has ${copies.length} functions named ${entry.function}` };
  }
  if (inputs.vmlinux === undefined) return { address: null, why: `${what} is in the kernel, and no vmlinux was given to find it in` };
  return vmlinuxFrameAddress(inputs.vmlinux, specOf(entry), callee);
}

/**
 * arm64 6.x prints the link register only as `lr : func+off/size`. Resolved through the kernel
 * files, it is the x30 the dump would have shown, and enters the reconstruction like any register.
 */
export function withLinkRegister(crash: CrashReport, context: FrameContext): { crash: CrashReport; notes: string[] } {
  const link = context.isa.abi.link;
  if (crash.registers[link] !== undefined || crash.raSymbol === null) return { crash, notes: [] };
  const at = frameAddress(crash.raSymbol, context.code.start, context, crash.pcSymbol?.module ?? null);
  if (at.address === null) return { crash, notes: [`the lr line names ${crash.raSymbol.function} but not its address (${at.why}), so ${link} is unknown`] };
  return {
    crash: { ...crash, registers: { ...crash.registers, [link]: hex(at.address) } },
    notes: [`${link} = ${hex(at.address)} from the lr line: ${at.why}`],
  };
}

/**
 * Where the frame returns to, and the call trace's line for it: the registers' (or stack words')
 * return address where they keep it, else the call trace's next frame (the kernel's unwinder).
 */
function returnAddress(
  crash: CrashReport, context: FrameContext, known: bigint | null, next: TraceEntry | undefined, depth: number, callee: bigint,
): { ret: bigint; traced: TraceEntry | undefined } | { ret: null; why: string } {
  const faultModule = crash.pcSymbol?.module ?? null;
  if (known !== null) {
    // arm64's unwinder leaves out the direct caller of a function that faulted before saving its
    // frame; the lr line names it then. Lines without addresses are matched by what they resolve to.
    const named = [next, ...(depth === 0 && crash.raSymbol !== null ? [{ ...crash.raSymbol, address: null }] : [])];
    const traced = crash.callTrace.find((e) => e.address !== null && BigInt(e.address) === known) ??
      named.find((e) => e !== undefined && e.address === null && frameAddress(e, callee, context, faultModule).address === known);
    return { ret: known, traced };
  }
  if (next === undefined) return { ret: null, why: `the ${context.isa.abi.link} it was called with is neither in the dump nor in the stack words, and the call trace has no frame above it` };
  if (next.address !== null) return { ret: BigInt(next.address), traced: next };
  const at = frameAddress(next, callee, context, faultModule);
  return at.address === null ? { ret: null, why: at.why } : { ret: at.address, traced: next };
}

/** The call trace's line for a function at an address, searched from `from` on. */
function traceIndexOf(crash: CrashReport, name: string, offset: bigint, from: number): number {
  for (let i = from; i < crash.callTrace.length; i++) {
    const e = crash.callTrace[i]!;
    if (e.function === name && e.offset !== null && BigInt(e.offset) === offset) return i;
  }
  return -1;
}

/**
 * Takes the chain up through callers while the value entered as an argument, the return address is
 * known and the caller's code is in the kernel files. Says where and why it stops.
 */
export function callerFrames(crash: CrashReport, rec: Reconstruction, context: FrameContext): { frames: CallerFrame[]; stop: string | null } {
  const { isa, inputs, code } = context;
  const frames: CallerFrame[] = [];
  let callee = { name: code.name, start: code.start };
  let enteredAs = rec.enteredAs;
  let entry = rec.entry;
  let traceAt = traceIndexOf(crash, code.name, rec.fault.pc - code.start, 0);
  const sp = crash.registers[isa.abi.sp];
  for (let depth = 0; depth < MAX_CALLER_FRAMES; depth++) {
    if (enteredAs === null) return { frames, stop: depth === 0 ? null : `in ${frames.at(-1)!.function} the value did not enter as an argument: ${frames.at(-1)!.origin.description}` };
    const where = depth === 0 ? 'the faulting function' : frames.at(-1)!.function;
    const above = returnAddress(crash, context, entry.get(isa.abi.link) ?? null, traceAt < 0 ? undefined : crash.callTrace[traceAt + 1], depth, callee.start);
    if (above.ret === null) return { frames, stop: `${enteredAs} is an argument of ${where}, but its return address is not determined (${above.why})` };
    const { ret, traced } = above;
    // The image loader finds the caller's code the same way it found the faulting function's.
    const callerCrash: CrashReport = {
      ...crash, pc: hex(ret), code: null,
      pcSymbol: traced !== undefined && traced.offset !== null ? { function: traced.function, offset: traced.offset, size: traced.size, module: traced.module } : null,
    };
    let caller;
    try {
      const image = loadCodeImage(callerCrash, { ...inputs, listing: undefined });
      caller = functionCode(image, findFunction(image, ret), isa);
    } catch (err) {
      if (err instanceof UserError) {
        // The loader speaks of the faulting function; here it is the caller that no file given holds.
        const module = traced?.module ?? null;
        const missing = module !== null
          ? ((inputs.modules ?? []).length === 0 ? `${module}.ko was not given` : null)
          : (inputs.vmlinux === undefined ? 'no vmlinux was given' : null);
        return { frames, stop: `${enteredAs} is an argument of ${where}, but the caller's code at ${hex(ret)} is not available (${missing ?? err.message})` };
      }
      throw err;
    }
    // The call at the return address may have gone to another function that jumped on (a tail
    // call, which the call trace does not show): the chain passes through that function first.
    const target = callTarget(caller, ret, isa);
    if (target !== null && target !== callee.start) {
      let tail: CallerFrame;
      try {
        const image = loadCodeImage({ ...crash, pc: hex(target), pcSymbol: null, code: null }, { ...inputs, listing: undefined });
        const code = functionCode(image, findFunction(image, target), isa);
        tail = throughTailCall({ caller: code, callee, isa, register: enteredAs, calleeEntry: entry, stack: null });
      } catch (err) {
        if (err instanceof UserError) return { frames, stop: `${callee.name} was reached by a tail call from the function at ${hex(target)}, which could not be followed (${err.message})` };
        throw err;
      }
      frames.push(tail);
      if (tail.enteredAs === null) return { frames, stop: `in ${tail.function} the value did not enter as an argument: ${tail.origin.description}` };
      callee = { name: tail.function, start: target };
      enteredAs = tail.enteredAs;
      entry = tail.entry;
    }
    const calleeSp = entry.get(isa.abi.sp);
    const stack = crash.stack !== null && sp !== undefined && isa.arch === 'mips' && calleeSp !== undefined
      ? { sp: BigInt(sp), words: crash.stack.words.map((w) => BigInt(w)), wordBytes: 4, floor: calleeSp + 16n }
      : null;
    let frame: CallerFrame;
    try {
      frame = continueInCaller({ caller, callee, isa, returnAddress: ret, register: enteredAs, calleeEntry: entry, stack });
    } catch (err) {
      if (err instanceof UserError) return { frames, stop: err.message };
      throw err;
    }
    frames.push(frame);
    traceAt = traceIndexOf(crash, caller.name, ret - caller.start, traceAt + 1);
    callee = { name: caller.name, start: caller.start };
    enteredAs = frame.enteredAs;
    entry = frame.entry;
  }
  return { frames, stop: `the chain is followed through at most ${MAX_CALLER_FRAMES} callers` };
}
