/**
 * The Unicorn 2 engine for one guest: registers by name, memory with provenance and poison,
 * lazy pages, bounded runs that end in an exact stop reason, tracing, and going back in time.
 *
 * Unicorn 2.0.1 traps designed for (DESIGN.md, re-measured while writing this):
 * - every uc_err is checked and thrown as UnicornError;
 * - a JS exception in a hook does not stop Unicorn: every hook runs through `guard`, which keeps
 *   the first error, calls uc_emu_stop and lets `run` rethrow it;
 * - koffi hands uint64 callback arguments over as signed numbers: `wrap` normalises them;
 * - after a stop at `until` the MIPS PC register is stale, so `until` is never used: the engine
 *   stops from its own code hook and tracks the pc itself;
 * - stopping between a MIPS branch and its delay slot still performs the slot's memory access
 *   (a store lands), and resuming there after a fault loses the branch: the engine never stops
 *   inside a branch/slot pair, and reports a slot fault as the kernel does (EPC = the branch);
 * - the default AArch64 CPU (Cortex-A72) rejects LSE atomics and RCpc loads: the `max` model is
 *   selected before the first run;
 * - MIPS kseg2/kseg3 (kernel modules) are translated by a TLB that starts empty: identity entries
 *   are written when the engine opens (mips-tlb.ts), and a TLB exception (guest code dropped an
 *   entry) is reported as a fault at BadVAddr.
 */
import { endianness } from 'node:os';
import { ARCHES, ARCH_INFO, type Arch, isArch, wrapAddress } from './arch.js';
import { mipsHasDelaySlot } from './delay-slot.js';
import {
  BADVADDR_REGISTER,
  BADVADDR_STUB,
  TLB_EXCEPTIONS,
  STUB_ADDRESS,
  TLB_STUB_REGISTERS,
  kernelTlbStub,
  mipsAccessBytes,
} from './mips-tlb.js';
import { UnicornError } from './errors.js';
import {
  HookCodeProto,
  HookEventMemProto,
  HookInterruptProto,
  HookMemProto,
  type NativeBuffer,
  type Pointer,
  type UnicornLibrary,
  allocNative,
  freeNative,
  loadUnicorn,
  registerCallback,
  unregisterCallback,
} from './ffi.js';
import { MemoryMap, PAGE_SIZE, type Provenance, type Region, pageOf } from './memory.js';
import { defaultRegisterAccess } from './register-access.js';
import { MIPS_GPR_NAMES, type RegisterFile, type RegisterInfo, registerFile } from './registers.js';
import { Tracer } from './tracer.js';
import {
  type Access,
  DEFAULT_LIMITS,
  type EngineOptions,
  type Fault,
  type LimitKind,
  type Limits,
  type MemoryProvider,
  type RunOptions,
  type RunResult,
  type StopReason,
  type TraceRecord,
} from './types.js';
import { UC_ARCH, UC_CPU_ARM64, UC_CTL, UC_ERR, UC_HOOK, UC_MEM, UC_MODE, UC_PROT } from './unicorn-constants.js';
import { UserError } from '../src/errors.js';

/** UC_CTL_WRITE(type, nr) from unicorn.h: type | nr << 26 | UC_CTL_IO_WRITE << 30. */
function ctlWrite(type: number, args: number): number {
  return (type | (args << 26) | (1 << 30)) >>> 0;
}

/** An address no instruction can start at (not 4-aligned, beyond 32 bits): `until` never fires. */
const NEVER = 0xffffffffffffffffn;
/**
 * MIPS: an odd kseg0 address, which no MIPS32 or MIPS16 instruction starts at. Unicorn 2.0.1
 * translates `until - 1` after a failed instruction fetch (measured), and 0xfffffffe would go
 * through the TLB and overwrite BadVAddr; kseg0 does not use the TLB.
 */
const NEVER_MIPS = 0x80000003n;

const ACCESS_OF_EVENT: Readonly<Record<number, Access>> = {
  [UC_MEM.READ_UNMAPPED]: 'read',
  [UC_MEM.WRITE_UNMAPPED]: 'write',
  [UC_MEM.FETCH_UNMAPPED]: 'fetch',
};

/** A saved CPU state (registers and hidden CPU state, not memory). Free it, or let the engine close. */
export class CpuContext {
  constructor(
    private pointer: Pointer | null,
    readonly pc: bigint,
    private readonly release: (pointer: Pointer) => void,
  ) {}

  get native(): Pointer {
    if (this.pointer === null) throw new Error('CPU context used after free');
    return this.pointer;
  }

  free(): void {
    if (this.pointer === null) return;
    this.release(this.pointer);
    this.pointer = null;
  }
}

interface Checkpoint {
  readonly context: CpuContext;
  readonly undoLength: number;
  readonly taint: ReadonlySet<string>;
}

interface ActiveRun {
  readonly count: number | undefined;
  readonly until: bigint | undefined;
  readonly within: RunOptions['within'];
  readonly deadline: number;
  executed: number;
  started: boolean;
  stop: StopReason | null;
  stopPc: bigint | null;
  readonly fast: boolean;
  /** A MIPS TLB exception stopped the run: made into a fault once Unicorn has returned. */
  tlbException: number | null;
}

interface Executed {
  readonly pc: bigint;
  readonly word: number;
}

interface PendingWrite {
  readonly address: bigint;
  readonly size: number;
  readonly value: bigint;
  old: Uint8Array | null;
}

type HookName = 'onCode' | 'onMemoryRead' | 'onMemoryWrite' | 'onUnmapped' | 'onInterrupt';

type Native = { handle: Pointer; callbacks: Set<bigint>; buffers: NativeBuffer[]; lib: UnicornLibrary };

// Backstop for engines dropped without close(): release the handle and the callback slots.
const finalizer = new FinalizationRegistry<Native>((native) => {
  native.lib.uc_close(native.handle);
  for (const callback of native.callbacks) unregisterCallback(callback);
  for (const buffer of native.buffers) freeNative(buffer);
});

export class Engine {
  readonly limits: Limits;
  private readonly memory = new MemoryMap();
  private readonly lib: UnicornLibrary;
  private readonly native: Native;
  private readonly file: RegisterFile;
  private readonly isMips: boolean;
  private readonly hooks = new Map<bigint, bigint>();
  private hookError: unknown = undefined;
  private closed = false;
  private provider: MemoryProvider | undefined;
  private pcValue = 0n;
  private active: ActiveRun | null = null;
  private codeHook: bigint[] | null = null;
  private readonly scratch = new Uint8Array(8);
  private readonly words = new Map<bigint, number>();
  /** The instruction whose code hook fired last, and the one before it. */
  private last: Executed | null = null;
  private beforeLast: Executed | null = null;
  private pendingWrite: PendingWrite | null = null;

  // Tracing and time travel.
  private tracer: Tracer | null = null;
  private position = 0;
  /** Where the last recording run left the engine: the last position `goTo` can reach. */
  private endStep = 0;
  private readonly checkpointInterval: number;
  private readonly checkpoints = new Map<number, Checkpoint>();
  /** Context buffers of dropped checkpoints, reused: uc_context_alloc is slow (tens of µs). */
  private readonly contextPool: Pointer[] = [];
  private readonly snapshotBuffer: NativeBuffer;
  private readonly snapshot: Uint32Array;
  private readonly batchIds: Int32Array;
  private readonly batchPointers: BigUint64Array;

  static open(arch: Arch, options: EngineOptions = {}): Engine {
    return new Engine(arch, options);
  }

  private constructor(
    readonly arch: Arch,
    options: EngineOptions,
  ) {
    if (!isArch(arch)) throw new UserError(`unknown machine "${String(arch)}": expected one of ${ARCHES.join(', ')}`);
    if (endianness() !== 'LE') throw new UserError('oopsreplay needs a little-endian host to drive Unicorn');
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    for (const [name, value] of Object.entries(this.limits)) {
      if (!Number.isSafeInteger(value) || value <= 0) throw new UserError(`limit ${name} must be a positive integer, got ${value}`);
    }
    this.checkpointInterval = options.checkpointInterval ?? 64;
    if (!Number.isSafeInteger(this.checkpointInterval) || this.checkpointInterval < 1) {
      throw new UserError(`checkpointInterval must be a positive integer, got ${this.checkpointInterval}`);
    }
    this.provider = options.memoryProvider;
    this.lib = loadUnicorn();
    this.file = registerFile(arch);
    this.isMips = arch !== 'aarch64';

    const out: [Pointer] = [null];
    const mode =
      arch === 'aarch64' ? UC_MODE.ARM : UC_MODE.MIPS32 | (ARCH_INFO[arch].littleEndian ? UC_MODE.LITTLE_ENDIAN : UC_MODE.BIG_ENDIAN);
    this.check(this.lib.uc_open(arch === 'aarch64' ? UC_ARCH.ARM64 : UC_ARCH.MIPS, mode, out), 'uc_open');
    const traced = this.file.traced;
    this.snapshotBuffer = allocNative(traced.length * 8);
    this.snapshotBuffer.bytes.fill(0);
    this.native = { handle: out[0], callbacks: new Set(), buffers: [this.snapshotBuffer], lib: this.lib };
    finalizer.register(this, this.native, this);
    this.snapshot = new Uint32Array(this.snapshotBuffer.bytes.buffer, this.snapshotBuffer.bytes.byteOffset, traced.length * 2);
    this.batchIds = Int32Array.from(traced.map((reg) => reg.id));
    this.batchPointers = BigUint64Array.from(traced.map((_, i) => this.snapshotBuffer.address + BigInt(i * 8)));

    if (arch === 'aarch64') {
      this.check(this.lib.uc_ctl_write_int(this.handle, ctlWrite(UC_CTL.CPU_MODEL, 1), UC_CPU_ARM64.MAX), 'uc_ctl(CPU_MODEL)');
    } else {
      this.mapKernelSegments();
    }
    // Every page is mapped with all permissions, so unmapped is the only invalid access.
    const unmapped = UC_HOOK.MEM_READ_UNMAPPED | UC_HOOK.MEM_WRITE_UNMAPPED | UC_HOOK.MEM_FETCH_UNMAPPED;
    this.addHook(unmapped, HookEventMemProto, false, 'onUnmapped');
    this.addHook(UC_HOOK.INTR, HookInterruptProto, undefined, 'onInterrupt');
    if (options.trace === true) {
      this.tracer = new Tracer(arch, traced, this.memory, options.registerAccess ?? defaultRegisterAccess);
    }
  }

  // ---- plumbing -------------------------------------------------------------------------

  private get handle(): Pointer {
    if (this.closed) throw new Error('engine used after close()');
    return this.native.handle;
  }

  private check(code: number, operation: string): void {
    if (code !== UC_ERR.OK) throw new UnicornError(code, operation);
  }

  /**
   * Every hook goes through here: the first exception is kept, emulation stops, `run` rethrows
   * it. koffi keeps registered callbacks alive, so they hold the engine only weakly: an engine
   * dropped without close() can still be collected and finalized.
   */
  private addHook(type: number, proto: Parameters<typeof registerCallback>[1], fallback: unknown, name: HookName): bigint {
    const weak = new WeakRef(this);
    const callback = registerCallback((...args: unknown[]) => {
      const engine = weak.deref();
      return engine === undefined ? fallback : engine.dispatch(name, fallback, args);
    }, proto);
    this.native.callbacks.add(callback);
    const out: [number | bigint] = [0];
    const code = this.lib.uc_hook_add(this.handle, out, type, callback, null, 1n, 0n);
    if (code !== UC_ERR.OK) {
      unregisterCallback(callback);
      this.native.callbacks.delete(callback);
      throw new UnicornError(code, 'uc_hook_add');
    }
    const hook = BigInt(out[0]);
    this.hooks.set(hook, callback);
    return hook;
  }

  private dispatch(name: HookName, fallback: unknown, args: unknown[]): unknown {
    try {
      return (this[name] as (...hookArgs: unknown[]) => unknown)(...args);
    } catch (error) {
      if (this.hookError === undefined) this.hookError = error;
      this.lib.uc_emu_stop(this.native.handle);
      return fallback;
    }
  }

  private removeHook(hook: bigint): void {
    const callback = this.hooks.get(hook);
    if (callback === undefined) return;
    this.check(this.lib.uc_hook_del(this.handle, hook), 'uc_hook_del');
    this.hooks.delete(hook);
    unregisterCallback(callback);
    this.native.callbacks.delete(callback);
  }

  private wrap(address: number | bigint): bigint {
    return wrapAddress(this.arch, BigInt(address));
  }

  /** Release the Unicorn handle, hooks, contexts and buffers. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    for (const checkpoint of this.checkpoints.values()) checkpoint.context.free();
    this.checkpoints.clear();
    for (const pointer of this.contextPool.splice(0)) this.lib.uc_context_free(pointer);
    this.lib.uc_close(this.native.handle);
    for (const callback of this.native.callbacks) unregisterCallback(callback);
    for (const buffer of this.native.buffers) freeNative(buffer);
    this.native.callbacks.clear();
    this.hooks.clear();
    finalizer.unregister(this);
    this.closed = true;
  }

  /**
   * Let kseg2/kseg3 reach guest memory at the same address (see mips-tlb.ts). Runs before any
   * hook exists, so it leaves no trace record and no step.
   */
  private mapKernelSegments(): void {
    this.runStub(kernelTlbStub(), TLB_STUB_REGISTERS);
  }

  /**
   * Run MIPS instructions of our own outside any run, for the CP0 state Unicorn 2.0.1 has no
   * register ids for, on a kseg0 page the guest does not use, which is unmapped again (and its
   * translation dropped) afterwards. Returns the `clobbered` registers as the stub left them and
   * restores them and the pc. The engine's hooks do nothing outside a run.
   */
  private runStub(words: readonly number[], clobbered: readonly string[]): Map<string, bigint> {
    const bytes = new Uint8Array(words.length * 4);
    const view = new DataView(bytes.buffer);
    words.forEach((word, i) => view.setUint32(i * 4, word, ARCH_INFO[this.arch].littleEndian));
    let page = pageOf(STUB_ADDRESS);
    while (this.memory.isPageMapped(page)) page++;
    const start = page * BigInt(PAGE_SIZE);
    const end = start + BigInt(bytes.length);
    const saved = clobbered.map((name) => [name, this.reg(name)] as const);
    const pc = this.registerPc();
    this.check(this.lib.uc_mem_map(this.handle, start, PAGE_SIZE, UC_PROT.ALL), 'uc_mem_map(stub)');
    try {
      this.check(this.lib.uc_mem_write(this.handle, start, bytes, bytes.length), 'uc_mem_write(stub)');
      this.check(this.lib.uc_emu_start(this.handle, start, end, 0, words.length), 'uc_emu_start(stub)');
    } finally {
      // Guest code loaded at the same address later must not run the stub's translation.
      this.check(this.lib.uc_ctl_write_range(this.handle, ctlWrite(UC_CTL.TB_REMOVE_CACHE, 2), start, end), 'uc_ctl(TB_REMOVE_CACHE)');
      this.check(this.lib.uc_mem_unmap(this.handle, start, PAGE_SIZE), 'uc_mem_unmap(stub)');
    }
    const results = new Map(clobbered.map((name) => [name, this.reg(name)]));
    for (const [name, value] of saved) this.setRegRaw(name, value);
    this.setRegRaw('pc', pc);
    return results;
  }

  /**
   * The fault behind a TLB exception: BadVAddr is the address. The access was the last
   * instruction's load or store if that instruction's base + offset is that address (an exception
   * is taken before the load writes its register back), otherwise the fetch of the next one. A
   * fast run does not know its last instruction, so it only reports the address.
   */
  private tlbFault(run: ActiveRun, exception: number): StopReason {
    const address = this.wrap(this.runStub(BADVADDR_STUB, [BADVADDR_REGISTER]).get(BADVADDR_REGISTER) ?? 0n);
    const last = this.last;
    if (run.fast || last === null) {
      return {
        kind: 'exception',
        pc: null,
        message: `TLB exception ${exception} (no TLB entry for 0x${address.toString(16)}) raised at an unknown pc (fast run)`,
      };
    }
    const bytes = mipsAccessBytes(last.word);
    const base = MIPS_GPR_NAMES[(last.word >>> 21) & 0x1f] ?? 'zero';
    const offset = BigInt(((last.word & 0xffff) << 16) >> 16);
    const data = bytes !== null && this.wrap(this.reg(base) + offset) === address;
    // Unicorn ran the write hook before the TLB lookup failed: the store never happened.
    if (data) this.tracer?.dropWrites();
    const access: Access = data ? (TLB_EXCEPTIONS.get(exception) ?? 'read') : 'fetch';
    return { kind: 'fault', fault: this.faultAt(run, address, data ? bytes : 4, access) };
  }

  // ---- registers ------------------------------------------------------------------------

  private info(name: string): RegisterInfo {
    const info = this.file.lookup(name);
    if (info === undefined) throw new UserError(`${this.arch} has no register named "${name}"`);
    return info;
  }

  registerNames(): string[] {
    return this.file.all.map((reg) => reg.name);
  }

  reg(name: string): bigint {
    const info = this.info(name);
    if (info.name === 'pc') return this.pcValue;
    this.scratch.fill(0);
    this.check(this.lib.uc_reg_read(this.handle, info.id, this.scratch), `uc_reg_read(${info.name})`);
    return BigInt.asUintN(info.bits, new DataView(this.scratch.buffer).getBigUint64(0, true));
  }

  setReg(name: string, value: bigint): void {
    const info = this.info(name);
    if (value < 0n || value >= 1n << BigInt(info.bits)) {
      throw new UserError(`value 0x${value.toString(16)} does not fit ${info.name} (${info.bits} bits)`);
    }
    this.editState();
    new DataView(this.scratch.buffer).setBigUint64(0, value, true);
    this.check(this.lib.uc_reg_write(this.handle, info.id, this.scratch), `uc_reg_write(${info.name})`);
    if (info.name === 'pc') this.pcValue = value;
  }

  /** Every traced register and pc. */
  registers(): Record<string, bigint> {
    this.readSnapshot();
    const out: Record<string, bigint> = {};
    this.file.traced.forEach((reg, i) => {
      const low = BigInt(this.snapshot[2 * i] ?? 0);
      out[reg.name] = reg.bits === 32 ? low : (BigInt(this.snapshot[2 * i + 1] ?? 0) << 32n) | low;
    });
    out['pc'] = this.pcValue;
    return out;
  }

  get pc(): bigint {
    return this.pcValue;
  }

  private readSnapshot(): void {
    this.check(
      this.lib.uc_reg_read_batch(this.handle, this.batchIds, this.batchPointers, this.batchIds.length),
      'uc_reg_read_batch',
    );
  }

  // ---- taint ----------------------------------------------------------------------------

  /** Mark a register's current value as unknown (or known again). Needs `trace: true`. */
  setUnknown(name: string, unknown = true): void {
    const tracer = this.requireTracer('taint');
    const info = this.info(name);
    this.editState();
    if (unknown) tracer.taint.add(info.name);
    else tracer.taint.delete(info.name);
  }

  /** Does this register's value depend on unknown memory or registers? */
  isUnknown(name: string): boolean {
    return this.requireTracer('taint').taint.has(this.info(name).name);
  }

  unknownRegisters(): string[] {
    return [...this.requireTracer('taint').taint].sort();
  }

  private requireTracer(what: string): Tracer {
    if (this.tracer === null) throw new UserError(`${what} needs an engine opened with { trace: true }`);
    return this.tracer;
  }

  // ---- memory ---------------------------------------------------------------------------

  set memoryProvider(provider: MemoryProvider | undefined) {
    this.provider = provider;
  }

  /**
   * Map the pages covering [address, address + size) that are not mapped yet. Fresh bytes are
   * zero and, unless described otherwise, unknown (poisoned).
   */
  map(address: bigint, size: number, provenance: Provenance = 'unknown', label = ''): void {
    this.checkRange(address, size);
    this.editState();
    this.mapPages(address, size);
    this.memory.describe(address, size, provenance, label);
  }

  /** Map as needed and write `bytes` at `address`, recording where they came from. */
  load(address: bigint, bytes: Uint8Array, provenance: Provenance, label = ''): void {
    this.checkRange(address, bytes.length);
    this.editState();
    this.mapPages(address, bytes.length);
    this.writeBytes(address, bytes);
    this.memory.describe(address, bytes.length, provenance, label);
  }

  /** Overwrite mapped bytes; they become known (not poisoned), provenance unchanged. */
  write(address: bigint, bytes: Uint8Array): void {
    this.checkRange(address, bytes.length);
    this.editState();
    this.writeBytes(address, bytes);
    this.memory.setPoison(address, bytes.length, false);
  }

  read(address: bigint, size: number): Uint8Array {
    this.checkRange(address, size);
    const out = new Uint8Array(size);
    if (size > 0) this.check(this.lib.uc_mem_read(this.handle, address, out, size), `uc_mem_read(0x${address.toString(16)})`);
    return out;
  }

  /** Mark bytes as unknown (poisoned) or known. */
  setMemoryUnknown(address: bigint, size: number, unknown = true): void {
    this.checkRange(address, size);
    this.editState();
    this.memory.setPoison(address, size, unknown);
  }

  isMemoryUnknown(address: bigint, size: number): boolean {
    return this.memory.isPoisoned(address, size);
  }

  /** Every range described so far, in order (later ones win where they overlap). */
  regions(): readonly Region[] {
    return this.memory.regions();
  }

  /** Where the byte at `address` came from, if anything described it. */
  regionAt(address: bigint): Region | undefined {
    return this.memory.regionAt(address);
  }

  get mappedBytes(): number {
    return this.memory.mappedBytes;
  }

  /** Sizes beyond the mapped-memory limit cannot name guest memory: refuse before looping over them. */
  private checkRange(address: bigint, size: number): void {
    if (!Number.isSafeInteger(size) || size < 0) throw new UserError(`bad memory size ${size}`);
    if (size > this.limits.maxMappedBytes) {
      throw new UserError(`memory range of ${size} bytes is larger than the mapped-memory limit (limits.maxMappedBytes = ${this.limits.maxMappedBytes})`);
    }
    const top = 1n << BigInt(ARCH_INFO[this.arch].addressBits);
    if (address < 0n || address + BigInt(size) > top) {
      throw new UserError(`address range 0x${address.toString(16)}+${size} is outside the ${this.arch} address space`);
    }
  }

  private writeBytes(address: bigint, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.check(this.lib.uc_mem_write(this.handle, address, bytes, bytes.length), `uc_mem_write(0x${address.toString(16)})`);
    const end = address + BigInt(bytes.length);
    let executed = false;
    for (const pc of this.words.keys()) {
      if (pc + 4n > address && pc < end) {
        executed = true;
        this.words.delete(pc);
      }
    }
    // Unicorn keeps running its old translation of code rewritten from outside (measured with
    // 2.0.1): drop the translated blocks of the range.
    if (executed) {
      this.check(this.lib.uc_ctl_write_range(this.handle, ctlWrite(UC_CTL.TB_REMOVE_CACHE, 2), address, end), 'uc_ctl(TB_REMOVE_CACHE)');
    }
  }

  /** Map missing pages; false (and nothing mapped) if that would pass the memory limit. */
  private mapPages(address: bigint, size: number, throwOnLimit = true): boolean {
    const first = pageOf(address);
    const last = pageOf(address + BigInt(Math.max(size, 1) - 1));
    const missing: bigint[] = [];
    for (let page = first; page <= last; page++) if (!this.memory.isPageMapped(page)) missing.push(page);
    const after = this.memory.mappedBytes + missing.length * PAGE_SIZE;
    if (after > this.limits.maxMappedBytes) {
      if (!throwOnLimit) return false;
      throw new UserError(
        `mapping ${missing.length * PAGE_SIZE} more bytes would pass the mapped-memory limit of ${this.limits.maxMappedBytes} bytes (raise limits.maxMappedBytes)`,
      );
    }
    for (const page of missing) {
      this.check(this.lib.uc_mem_map(this.handle, page * BigInt(PAGE_SIZE), PAGE_SIZE, UC_PROT.ALL), 'uc_mem_map');
      this.memory.addPages(page, 1);
      this.memory.setPoison(page * BigInt(PAGE_SIZE), PAGE_SIZE, true);
    }
    return true;
  }

  // ---- contexts -------------------------------------------------------------------------

  /** Save the CPU state (not memory). The context outlives the engine until freed. */
  saveContext(): CpuContext {
    const out: [Pointer] = [null];
    this.check(this.lib.uc_context_alloc(this.handle, out), 'uc_context_alloc');
    const lib = this.lib;
    const context = new CpuContext(out[0], this.pcValue, (pointer) => lib.uc_context_free(pointer));
    this.check(this.lib.uc_context_save(this.handle, context.native), 'uc_context_save');
    return context;
  }

  restoreContext(context: CpuContext): void {
    this.editState();
    this.restoreCpu(context);
  }

  private restoreCpu(context: CpuContext): void {
    this.check(this.lib.uc_context_restore(this.handle, context.native), 'uc_context_restore');
    this.pcValue = context.pc;
    this.last = null;
    this.beforeLast = null;
  }

  // ---- running --------------------------------------------------------------------------

  /**
   * Run from `begin` (default: the current pc) until a stop reason; never longer than the
   * limits. `fast` runs without the per-instruction hook (see RunOptions for what that loses).
   */
  run(options: RunOptions = {}): RunResult {
    const handle = this.handle;
    if (this.active !== null) throw new Error('run() called from inside a hook');
    const { count, until, within } = options;
    const fast = options.fast === true;
    if (count !== undefined && (!Number.isSafeInteger(count) || count < 0)) throw new UserError(`bad instruction count ${count}`);
    if (fast && (count !== undefined || until !== undefined || within !== undefined || this.tracer !== null)) {
      throw new UserError('a fast run cannot count, stop at an address, keep within ranges or trace: those need the per-instruction hook');
    }
    const begin = options.begin ?? this.pcValue;
    this.checkRange(begin, 4);
    if (until !== undefined) this.checkRange(until, 4);
    if (count === 0) return { stop: { kind: 'count' }, pc: begin, executed: 0 };
    if (this.tracer !== null && this.tracer.recording) this.truncateFuture();

    this.setCodeHook(!fast);
    const startedAt = performance.now();
    const run: ActiveRun = {
      count,
      until: until === undefined ? undefined : wrapAddress(this.arch, until),
      within,
      deadline: startedAt + this.limits.maxWallTimeMs,
      executed: 0,
      started: false,
      stop: null,
      stopPc: null,
      fast,
      tlbException: null,
    };
    this.active = run;
    this.hookError = undefined;
    // Starting anywhere but where the last run stopped: what ran before is not the predecessor.
    if (begin !== this.pcValue) {
      this.last = null;
      this.beforeLast = null;
    }
    this.pcValue = begin;
    // With the code hook the instruction limit is enforced there (never inside a branch/slot
    // pair); Unicorn's own count and timeout remain as a backstop.
    const backstop = fast ? this.limits.maxInstructions : this.limits.maxInstructions + 2;
    let code: number;
    try {
      code = this.lib.uc_emu_start(handle, begin, this.isMips ? NEVER_MIPS : NEVER, BigInt(this.limits.maxWallTimeMs) * 1000n + 100_000n, backstop);
    } finally {
      this.active = null;
    }
    if (this.hookError !== undefined) {
      const error = this.hookError;
      this.hookError = undefined;
      this.tracer?.cancel();
      throw error;
    }
    if (run.tlbException !== null) run.stop = this.tlbFault(run, run.tlbException);
    return this.finishRun(run, code);
  }

  private finishRun(run: ActiveRun, code: number): RunResult {
    const codeHook = !run.fast;
    let stop = run.stop;
    if (stop === null) {
      if (code === UC_ERR.OK) {
        const overTime = performance.now() >= run.deadline;
        stop = overTime ? this.limitStop('time') : this.limitStop('instructions');
        this.pcValue = this.registerPc();
      } else if (code === UC_ERR.INSN_INVALID || code === UC_ERR.EXCEPTION) {
        const pc = codeHook && this.last !== null ? this.last.pc : this.registerPc();
        const word = this.wordAt(pc);
        const what = code === UC_ERR.INSN_INVALID ? 'invalid instruction' : 'unhandled CPU exception';
        stop = { kind: 'exception', pc, message: `${what} 0x${word.toString(16).padStart(8, '0')} at 0x${pc.toString(16)}` };
        this.pcValue = pc;
      } else {
        throw new UnicornError(code, 'uc_emu_start');
      }
    }
    // Without the code hook nothing counts instructions, except Unicorn's own count at the limit.
    let executed: number | null = codeHook ? run.executed : null;
    switch (stop.kind) {
      case 'fault': {
        const fault = stop.fault;
        if (fault.delaySlot) this.position -= 1; // back to the branch, as the kernel resumes at EPC
        if (executed !== null && fault.access !== 'fetch') executed -= 1;
        if (executed !== null && fault.delaySlot) executed -= 1; // the branch runs again at EPC
        this.tracer?.fault(fault);
        this.pcValue = fault.pc;
        this.setRegRaw('pc', fault.pc);
        break;
      }
      case 'exception':
        if (executed !== null) executed -= 1;
        this.tracer?.cancel();
        if (stop.pc !== null) this.pcValue = stop.pc;
        break;
      case 'count':
      case 'address':
      case 'limit':
        if (run.stopPc !== null) this.pcValue = run.stopPc;
        if (executed === null && stop.kind === 'limit' && stop.limit === 'instructions') executed = this.limits.maxInstructions;
        // A memory limit stops inside an instruction that never completed.
        if (code === UC_ERR.OK) this.completePending();
        else this.tracer?.cancel();
        break;
    }
    if (this.tracer !== null && this.tracer.recording) this.endStep = this.position;
    return { stop, pc: this.pcValue, executed: executed === null ? null : Math.max(executed, 0) };
  }

  private limitStop(limit: LimitKind): StopReason {
    const messages: Record<LimitKind, string> = {
      instructions: `stopped after ${this.limits.maxInstructions} instructions (limits.maxInstructions): the code did not finish; raise the limit if that is expected`,
      time: `stopped after ${this.limits.maxWallTimeMs} ms of emulation (limits.maxWallTimeMs): the code did not finish`,
      memory: `stopped: the code touched more than ${this.limits.maxMappedBytes} bytes of memory (limits.maxMappedBytes)`,
    };
    return { kind: 'limit', limit, message: messages[limit] };
  }

  private registerPc(): bigint {
    const info = this.info('pc');
    this.scratch.fill(0);
    this.check(this.lib.uc_reg_read(this.native.handle, info.id, this.scratch), 'uc_reg_read(pc)');
    return BigInt.asUintN(info.bits, new DataView(this.scratch.buffer).getBigUint64(0, true));
  }

  private setRegRaw(name: string, value: bigint): void {
    const info = this.info(name);
    new DataView(this.scratch.buffer).setBigUint64(0, value, true);
    this.check(this.lib.uc_reg_write(this.native.handle, info.id, this.scratch), `uc_reg_write(${name})`);
  }

  private wordAt(pc: bigint): number {
    let word = this.words.get(pc);
    if (word === undefined) {
      const bytes = new Uint8Array(4);
      if (this.lib.uc_mem_read(this.native.handle, pc, bytes, 4) !== UC_ERR.OK) return 0;
      word = new DataView(bytes.buffer).getUint32(0, ARCH_INFO[this.arch].littleEndian);
      this.words.set(pc, word);
    }
    return word;
  }

  private setCodeHook(wanted: boolean): void {
    if (wanted === (this.codeHook !== null)) return;
    if (wanted) {
      const hooks = [this.addHook(UC_HOOK.CODE, HookCodeProto, undefined, 'onCode')];
      if (this.tracer !== null) {
        hooks.push(this.addHook(UC_HOOK.MEM_READ_AFTER, HookMemProto, undefined, 'onMemoryRead'));
        hooks.push(this.addHook(UC_HOOK.MEM_WRITE, HookMemProto, undefined, 'onMemoryWrite'));
      }
      this.codeHook = hooks;
    } else {
      for (const hook of this.codeHook ?? []) this.removeHook(hook);
      this.codeHook = null;
    }
  }

  private stopBefore(run: ActiveRun, pc: bigint, reason: StopReason): void {
    run.stop = reason;
    run.stopPc = pc;
    this.lib.uc_emu_stop(this.native.handle);
  }

  /**
   * Complete the traced instruction in flight, if any, from the registers as they are now.
   * True if that refreshed the register snapshot.
   */
  private completePending(): boolean {
    const tracer = this.tracer;
    if (tracer === null || !tracer.hasPending) return false;
    this.flushPendingWrite();
    this.readSnapshot();
    tracer.finish(this.snapshot);
    this.position += 1;
    return true;
  }

  // ---- hooks ----------------------------------------------------------------------------

  private onCode = (_uc: unknown, address: number | bigint): void => {
    const run = this.active;
    if (run === null || run.stop !== null || run.tlbException !== null) return;
    const pc = this.wrap(address);
    const word = this.wordAt(pc);
    const last = this.last;
    const inSlot = this.isMips && last !== null && pc === last.pc + 4n && mipsHasDelaySlot(last.word);
    const fresh = this.completePending();
    if (run.started && !inSlot) {
      if (run.count !== undefined && run.executed >= run.count) return this.stopBefore(run, pc, { kind: 'count' });
      if (run.until === pc) return this.stopBefore(run, pc, { kind: 'address', address: pc });
      if (run.within !== undefined && !run.within.some((r) => r.start <= pc && pc < r.end)) return this.stopBefore(run, pc, { kind: 'left', address: pc });
      if (run.executed >= this.limits.maxInstructions) return this.stopBefore(run, pc, this.limitStop('instructions'));
      if ((run.executed & 1023) === 0 && performance.now() > run.deadline) return this.stopBefore(run, pc, this.limitStop('time'));
    }
    run.started = true;
    this.beforeLast = last;
    this.last = { pc, word };
    run.executed += 1;
    const tracer = this.tracer;
    if (tracer !== null) {
      if (!inSlot) this.checkpointAt(pc);
      if (!fresh) this.readSnapshot();
      tracer.begin(this.position, pc, word, inSlot, this.snapshot);
      if (!tracer.recording) this.checkReplay(pc);
    }
  };

  private onMemoryRead = (_uc: unknown, _type: number, address: number | bigint, size: number, value: number | bigint): void => {
    this.tracer?.memoryRead(this.wrap(address), size, BigInt.asUintN(size * 8, BigInt(value)));
  };

  private onMemoryWrite = (_uc: unknown, _type: number, address: number | bigint, size: number, value: number | bigint): void => {
    const tracer = this.tracer;
    if (tracer === null) return;
    this.flushPendingWrite();
    const at = this.wrap(address);
    const stored = BigInt.asUintN(size * 8, BigInt(value));
    if (!this.memory.isMapped(at, size)) {
      // The unmapped hook runs next; if it maps the page, the write is recorded from there.
      this.pendingWrite = { address: at, size, value: stored, old: null };
      return;
    }
    const old = new Uint8Array(size);
    this.check(this.lib.uc_mem_read(this.native.handle, at, old, size), 'uc_mem_read');
    tracer.memoryWrite(at, size, stored, old);
  };

  /** A write whose page the provider mapped: record it with the bytes the fill put there. */
  private flushPendingWrite(): void {
    const pending = this.pendingWrite;
    if (pending === null) return;
    this.pendingWrite = null;
    if (pending.old !== null) this.tracer?.memoryWrite(pending.address, pending.size, pending.value, pending.old);
  }

  private onUnmapped = (_uc: unknown, type: number, address: number | bigint, size: number): boolean => {
    const run = this.active;
    const access = ACCESS_OF_EVENT[type];
    // After a TLB exception nothing the CPU does before it stops belongs to the run.
    if (run === null || access === undefined || run.tlbException !== null) return false;
    const at = this.wrap(address);
    if (this.provider !== undefined && run.stop === null) {
      const filled = this.fillPages(run, at, size, access);
      if (filled) {
        const pending = this.pendingWrite;
        if (pending !== null && pending.address === at) pending.old = this.read(at, size);
        return true;
      }
    }
    this.pendingWrite = null;
    if (run.stop === null) run.stop = { kind: 'fault', fault: this.faultAt(run, at, size, access) };
    return false;
  };

  private onInterrupt = (_uc: unknown, intno: number): void => {
    const run = this.active;
    if (run === null || run.stop !== null || run.tlbException !== null) return;
    if (this.isMips && TLB_EXCEPTIONS.has(intno)) {
      // No page for the access in the TLB: a fault like an unmapped page, read from CP0 after the run.
      run.tlbException = intno;
      this.pendingWrite = null;
      this.lib.uc_emu_stop(this.native.handle);
      return;
    }
    // In a fast run on MIPS, Unicorn has already moved the PC to the exception vector (or past
    // a syscall), so the raising instruction is not known; AArch64 leaves the PC on it.
    const pc = !run.fast && this.last !== null ? this.last.pc : this.isMips ? null : this.registerPc();
    const where = pc === null ? 'at an unknown pc (fast run)' : `by 0x${this.wordAt(pc).toString(16).padStart(8, '0')} at 0x${pc.toString(16)}`;
    run.stop = { kind: 'exception', pc, message: `CPU exception ${intno} raised ${where}` };
    this.lib.uc_emu_stop(this.native.handle);
  };

  /** Ask the provider for every missing page the access touches; false if any is refused. */
  private fillPages(run: ActiveRun, address: bigint, size: number, access: Access): boolean {
    const provider = this.provider;
    if (provider === undefined) return false;
    for (let page = pageOf(address); page <= pageOf(address + BigInt(Math.max(size, 1) - 1)); page++) {
      if (this.memory.isPageMapped(page)) continue;
      const start = page * BigInt(PAGE_SIZE);
      const fill = provider({ address, page: start, pageSize: PAGE_SIZE, size, access });
      if (fill === null) return false;
      if (fill.bytes.length > PAGE_SIZE) throw new UserError(`memory provider returned ${fill.bytes.length} bytes for a ${PAGE_SIZE}-byte page`);
      if (!this.mapPages(start, PAGE_SIZE, false)) {
        run.stop = this.limitStop('memory');
        run.stopPc = access === 'fetch' ? address : this.codeHook !== null && this.last !== null ? this.last.pc : this.registerPc();
        return false;
      }
      this.writeBytes(start, fill.bytes);
      this.memory.describe(start, fill.bytes.length, fill.provenance, fill.label ?? 'provider');
    }
    return true;
  }

  private faultAt(run: ActiveRun, address: bigint, size: number, access: Access): Fault {
    let instructionPc: bigint;
    let previous: bigint | null;
    if (!run.fast) {
      instructionPc = access === 'fetch' ? address : (this.last?.pc ?? this.registerPc());
      previous = (access === 'fetch' ? this.last : this.beforeLast)?.pc ?? null;
    } else {
      // Nothing recorded which instruction ran before: assume the one before it in memory.
      instructionPc = access === 'fetch' ? address : this.registerPc();
      previous = this.memory.isMapped(instructionPc - 4n, 4) ? instructionPc - 4n : null;
    }
    const delaySlot =
      this.isMips && previous !== null && instructionPc === previous + 4n && mipsHasDelaySlot(this.wordAt(previous));
    return { pc: delaySlot && previous !== null ? previous : instructionPc, instructionPc, delaySlot, address, size, access };
  }

  // ---- trace and time travel -------------------------------------------------------------

  /** The recorded trace (empty unless opened with `trace: true`). */
  get trace(): readonly TraceRecord[] {
    return this.tracer?.records ?? [];
  }

  /** The trace position of the current state: instructions completed since tracing began. */
  get step(): number {
    return this.position;
  }

  /** Positions `goTo` accepts: not between a MIPS branch and its delay slot. */
  isStopPoint(step: number): boolean {
    if (!Number.isSafeInteger(step) || step < 0 || step > this.endStep) return false;
    return this.trace[step]?.delaySlot !== true;
  }

  /**
   * Put the engine in the exact state it had at trace position `step`: memory writes since the
   * nearest checkpoint at or before it are undone, its CPU context restored, and the remaining
   * instructions replayed (checked against the trace).
   */
  goTo(step: number): void {
    const tracer = this.requireTracer('goTo');
    if (!this.isStopPoint(step)) {
      throw new UserError(`step ${step} is not a stop point of this trace (0..${this.endStep}, not inside a branch delay slot)`);
    }
    if (step === this.position) return;
    // Checkpoints sit at multiples of the interval (one is skipped where it falls in a delay slot).
    let base = step - (step % this.checkpointInterval);
    while (base > 0 && !this.checkpoints.has(base)) base -= this.checkpointInterval;
    const checkpoint = this.checkpoints.get(base);
    if (checkpoint === undefined) throw new Error(`no checkpoint at or before step ${step}`);
    if (step < this.position || base > this.position) {
      if (base > this.position) this.redoTo(base);
      else this.undoTo(checkpoint.undoLength);
      this.restoreCpu(checkpoint.context);
      tracer.taint.clear();
      for (const name of checkpoint.taint) tracer.taint.add(name);
      this.position = base;
    }
    if (step > this.position) {
      tracer.recording = false;
      try {
        const result = this.run({ begin: this.pcValue, count: step - this.position });
        if (result.stop.kind !== 'count') throw new Error(`replay to step ${step} stopped early: ${result.stop.kind}`);
      } finally {
        tracer.recording = true;
      }
    }
  }

  /** Apply the recorded memory writes from the current position up to `step` (undoably). */
  private redoTo(step: number): void {
    const tracer = this.requireTracer('redo');
    const little = ARCH_INFO[this.arch].littleEndian;
    for (const record of tracer.records.slice(this.position, step)) {
      for (const write of record.writes) {
        tracer.undo.push({
          step: record.step,
          address: write.address,
          old: this.read(write.address, write.size),
          oldPoison: this.memory.poisonOf(write.address, write.size),
        });
        const bytes = new Uint8Array(write.size);
        for (let i = 0; i < write.size; i++) {
          bytes[i] = Number((write.value >> BigInt(8 * (little ? i : write.size - 1 - i))) & 0xffn);
        }
        this.writeBytes(write.address, bytes);
        this.memory.setPoison(write.address, write.size, write.unknown);
      }
    }
  }

  private undoTo(length: number): void {
    const undo = this.requireTracer('undo').undo;
    while (undo.length > length) {
      const entry = undo.pop();
      if (entry === undefined) break;
      this.writeBytes(entry.address, entry.old);
      this.memory.restorePoison(entry.address, entry.old.length, entry.oldPoison);
    }
  }

  private checkpointAt(pc: bigint): void {
    const tracer = this.tracer;
    if (tracer === null || !tracer.recording) return;
    if (this.position % this.checkpointInterval !== 0 || this.checkpoints.has(this.position)) return;
    let pointer = this.contextPool.pop();
    if (pointer === undefined) {
      const out: [Pointer] = [null];
      this.check(this.lib.uc_context_alloc(this.native.handle, out), 'uc_context_alloc');
      pointer = out[0];
    }
    const context = new CpuContext(pointer, pc, (released) => this.contextPool.push(released));
    this.check(this.lib.uc_context_save(this.native.handle, context.native), 'uc_context_save');
    this.checkpoints.set(this.position, { context, undoLength: tracer.undo.length, taint: new Set(tracer.taint) });
  }

  private checkReplay(pc: bigint): void {
    const expected = this.trace[this.position];
    if (expected === undefined || expected.pc !== pc) {
      throw new Error(`replay diverged at step ${this.position}: pc 0x${pc.toString(16)}, trace has 0x${expected?.pc.toString(16)}`);
    }
  }

  /** Running from an earlier position rewrites history: drop the recorded future. */
  private truncateFuture(): void {
    const tracer = this.tracer;
    if (tracer === null || tracer.records.length === this.position) return;
    tracer.records.length = this.position;
    for (const [at, checkpoint] of this.checkpoints) {
      if (at > this.position) {
        checkpoint.context.free();
        this.checkpoints.delete(at);
      }
    }
  }

  /** Any edit of registers or memory starts a new trace from the edited state. */
  private editState(): void {
    const tracer = this.tracer;
    if (tracer === null || (tracer.records.length === 0 && this.checkpoints.size === 0)) return;
    tracer.records.length = 0;
    tracer.undo.length = 0;
    for (const checkpoint of this.checkpoints.values()) checkpoint.context.free();
    this.checkpoints.clear();
    this.position = 0;
    this.endStep = 0;
  }
}
