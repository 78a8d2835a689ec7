/**
 * Differential fuzz of the AArch64 lifter against Unicorn (emu/ engine, `max` CPU, tracing):
 * random sequences of supported instructions (forward branches included) run in Unicorn from a
 * random register and memory state, then replayed through our lifter and IR evaluator from the
 * same state. After every instruction the next pc, every general register, sp, NZCV and every
 * byte Unicorn or we stored must agree wherever our partial state claims to know them.
 */
import { Engine } from '../emu/index.js';
import { execute, known, PartialMemory, PartialState, type PartialValue } from '../src/ir/index.js';
import { decode } from '../src/isa/aarch64/decode.js';
import { lift } from '../src/isa/aarch64/lift/index.js';
import { formatInsn } from '../src/isa/aarch64/print.js';
import { ATOMIC_BASES, DATA, INDEX, POINTERS, randomInstruction, type Rng, xorshiftRng } from './fuzz/aarch64-generator.js';

const PAGE = 4096n;
const DATA_BASE = 0x100000n;
/** Each sequence gets fresh code pages 4 MB apart, so literal loads (+-1 MB) see only their own. */
const CODE_BASE = 0x40000000n;
const CODE_STRIDE = 0x400000n;
const SEQUENCES_PER_ENGINE = 40;
const DATA_SIZE = 0x40000n;
const REGISTERS = [...Array.from({ length: 31 }, (_, i) => `x${i}`), 'sp'];

/** Deterministic initial page contents, shared by Unicorn's page provider and our memory. */
function pageBytes(seed: number, page: bigint): Uint8Array {
  const r = xorshiftRng((seed ^ Math.imul(Number((page >> 12n) & 0xffffffffn), 0x9e3779b1)) >>> 0);
  const out = new Uint8Array(Number(PAGE));
  const view = new DataView(out.buffer);
  for (let i = 0; i < out.length; i += 4) view.setUint32(i, r.u32(), true);
  return out;
}

/**
 * Our memory: a byte never written reads as its page's initial contents (the bytes Unicorn's
 * page provider hands out), until a store through an unknown address makes all memory unknown.
 */
class LazyMemory extends PartialMemory {
  private readonly written = new Set<bigint>();
  private readonly pages = new Map<bigint, Uint8Array>();
  private lost = false;
  /** Bytes this instruction surely stored (address known, guard known true). */
  readonly stored: bigint[] = [];
  constructor(private readonly contents: (page: bigint) => Uint8Array) { super(); }

  override readByte(addr: bigint): PartialValue {
    if (this.lost || this.written.has(addr)) return super.readByte(addr);
    const page = addr & ~(PAGE - 1n);
    let bytes = this.pages.get(page);
    if (!bytes) { bytes = this.contents(page); this.pages.set(page, bytes); }
    return known(bytes[Number(addr - page)]!, 8);
  }
  override writeByte(addr: bigint, v: PartialValue): void {
    this.written.add(addr);
    super.writeByte(addr, v);
  }
  override setBytes(addr: bigint, data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) this.written.add(addr + BigInt(i));
    super.setBytes(addr, data);
  }
  override write(addr: PartialValue, value: PartialValue, endian: 'le' | 'be', guard?: PartialValue): void {
    if (addr.known !== (1n << BigInt(addr.width)) - 1n) this.lost = true;
    else if (guard === undefined || (guard.known === 1n && guard.value === 1n)) {
      for (let i = 0n; i < BigInt(value.width / 8); i++) this.stored.push(addr.value + i);
    }
    super.write(addr, value, endian, guard);
  }
}

class FuzzState extends PartialState {
  override readonly memory: LazyMemory;
  constructor(contents: (page: bigint) => Uint8Array) {
    super();
    this.memory = new LazyMemory(contents);
  }
}

export interface Disagreement { readonly pc: string; readonly word: string; readonly text: string; readonly what: string }
export interface FuzzSummary {
  instructions: number; sequences: number; disagreements: number; knownChecks: number; unknownValues: number;
  skipped: Record<string, number>; byKind: Record<string, number>; byForm: Record<string, number>; first: Disagreement[];
}

function interestingValue(r: Rng): bigint {
  switch (r.below(6)) {
    case 0: return BigInt(r.below(64));
    case 1: return BigInt.asUintN(64, -BigInt(r.below(64)));
    case 2: return 1n << BigInt(r.below(64));
    case 3: return BigInt(r.u32());
    default: return r.u64();
  }
}

/** One engine for many sequences: the data window is one mapped region (Unicorn caps its count). */
function openEngine(contents: (page: bigint) => Uint8Array): Engine {
  const engine = Engine.open('aarch64', {
    trace: true,
    checkpointInterval: 1_000_000,
    registerAccess: () => null,
    memoryProvider: (req) => (req.page < 1n << 40n ? { bytes: contents(req.page), provenance: 'dump' } : null),
  });
  const window = new Uint8Array(Number(DATA_SIZE));
  for (let page = 0n; page < DATA_SIZE; page += PAGE) window.set(contents(DATA_BASE + page), Number(page));
  engine.load(DATA_BASE, window, 'dump');
  return engine;
}

/** Run one sequence in Unicorn, replay it through the lifter, and record every disagreement. */
function runSequence(engine: Engine, contents: (page: bigint) => Uint8Array, r: Rng, code: bigint, length: number, s: FuzzSummary): void {
  const words = Array.from({ length }, (_, i) => randomInstruction(r, code + BigInt(i * 4), length - i));
  // Past the sequence the page holds BRK #0: QEMU translates ahead of the stop address, and some
  // random SIMD words abort its translator.
  const page = contents(code).slice();
  for (let i = 0; i < page.length / 4; i++) new DataView(page.buffer).setUint32(i * 4, i < length ? words[i]! : 0xd4200000, true);
  engine.load(code, page, 'code');
  const state = new FuzzState((p) => (p === code ? page : contents(p)));

  const regs = new Map<string, bigint>();
  for (const n of DATA) regs.set(`x${n}`, interestingValue(r));
  // Bases sit in the middle of the data window, so every offset form stays inside it.
  for (const n of POINTERS) regs.set(`x${n}`, DATA_BASE + 0x10000n + BigInt(r.below(0x20000)));
  for (const n of ATOMIC_BASES) regs.set(`x${n}`, DATA_BASE + 0x10000n + BigInt(r.below(0x2000) * 16));
  for (const n of INDEX) regs.set(`x${n}`, BigInt(r.below(2048)));
  regs.set('sp', DATA_BASE + 0x10000n + BigInt(r.below(0x2000) * 16));
  for (const [name, v] of regs) { engine.setReg(name, v); state.regs.set(name, known(v, 64)); }
  const nzcv = BigInt(r.below(16));
  engine.setReg('nzcv', nzcv << 28n);
  state.regs.set('nzcv', known(nzcv, 4));
  let flags = nzcv;

  const first = engine.trace.length;
  const end = code + BigInt(length * 4);
  const result = engine.run({ begin: code, until: end, count: length });
  const trace = engine.trace.slice(first);
  const fail = (pc: bigint, word: number, what: string) => {
    s.disagreements++;
    const form = decode(word, pc).form;
    s.byForm[form] = (s.byForm[form] ?? 0) + 1;
    if (s.first.length < 20 && !s.first.some((d) => decode(Number(d.word), BigInt(d.pc)).form === form)) s.first.push({ pc: `0x${pc.toString(16)}`, word: `0x${word.toString(16).padStart(8, '0')}`, text: formatInsn(decode(word, pc)), what });
  };
  /** Compare; after a disagreement take Unicorn's value, so each later check stands on its own. */
  const check = (pc: bigint, word: number, what: string, ours: PartialValue, theirs: bigint, resync?: () => void): boolean => {
    if (ours.known === 0n) { s.unknownValues++; return true; }
    s.knownChecks++;
    if ((theirs & ours.known) === ours.value) return true;
    fail(pc, word, `${what}: ours 0x${ours.value.toString(16)} (known 0x${ours.known.toString(16)}) unicorn 0x${theirs.toString(16)}`);
    resync?.();
    return false;
  };

  let expectedPc: PartialValue = known(code, 64);
  for (const [k, rec] of trace.entries()) {
    const insn = decode(rec.word, rec.pc);
    if (!check(rec.pc, rec.word, 'pc before', expectedPc, rec.pc)) return;
    if (rec.fault) {
      s.skipped[`fault:${insn.kind}`] = (s.skipped[`fault:${insn.kind}`] ?? 0) + 1;
      return;
    }
    s.instructions++;
    s.byKind[insn.kind] = (s.byKind[insn.kind] ?? 0) + 1;
    state.tmps.clear();
    state.memory.stored.length = 0;
    const outcome = execute(lift(insn).stmts, state);
    for (const w of rec.registerWrites) {
      if (w.name === 'pstate') flags = (w.value >> 28n) & 0xfn;
      else regs.set(w.name, w.value);
    }
    for (const name of REGISTERS) {
      const theirs = regs.get(name)!;
      check(rec.pc, rec.word, name, state.reg(name, 64), theirs, () => state.regs.set(name, known(theirs, 64)));
    }
    const theirFlags = flags;
    check(rec.pc, rec.word, 'nzcv', state.reg('nzcv', 4), theirFlags, () => state.regs.set('nzcv', known(theirFlags, 4)));
    for (const w of rec.writes) {
      for (let i = 0; i < w.size; i++) {
        const a = w.address + BigInt(i);
        const theirs = (w.value >> BigInt(8 * i)) & 0xffn;
        check(rec.pc, rec.word, `byte 0x${a.toString(16)}`, state.memory.readByte(a), theirs, () => state.memory.writeByte(a, known(theirs, 8)));
      }
    }
    const theirBytes = new Set(rec.writes.flatMap((w) => Array.from({ length: w.size }, (_, i) => w.address + BigInt(i))));
    const extra = state.memory.stored.find((a) => !theirBytes.has(a));
    if (extra !== undefined) fail(rec.pc, rec.word, `we stored at 0x${extra.toString(16)}, Unicorn did not`);
    if (outcome.kind === 'trap') fail(rec.pc, rec.word, `unexpected trap (${outcome.reason})`);
    expectedPc = known(rec.pc + 4n, 64);
    if (outcome.kind === 'exit') {
      expectedPc = outcome.taken.known === 1n ? (outcome.taken.value === 1n ? outcome.target : expectedPc) : { width: 64, known: 0n, value: 0n };
    }
    if (k === trace.length - 1 && result.stop.kind !== 'fault' && result.stop.kind !== 'exception') check(rec.pc, rec.word, 'pc after', expectedPc, result.pc);
  }
  if (result.stop.kind === 'exception' || result.stop.kind === 'limit') s.skipped[result.stop.kind] = (s.skipped[result.stop.kind] ?? 0) + 1;
}

/** Put back the initial contents of every data page the sequence wrote, for the next sequence. */
function resetWrittenPages(engine: Engine, contents: (page: bigint) => Uint8Array, from: number): void {
  const pages = new Set<bigint>();
  for (const rec of engine.trace.slice(from)) for (const w of rec.writes) {
    pages.add(w.address & ~(PAGE - 1n));
    pages.add((w.address + BigInt(w.size - 1)) & ~(PAGE - 1n));
  }
  for (const page of pages) engine.write(page, contents(page));
}

export function fuzzAarch64(count: number, seed: number, length = 256): FuzzSummary {
  const s: FuzzSummary = { instructions: 0, sequences: 0, disagreements: 0, knownChecks: 0, unknownValues: 0, skipped: {}, byKind: {}, byForm: {}, first: [] };
  const r = xorshiftRng(seed);
  let engine: Engine | null = null;
  let slot = 0;
  try {
    while (s.instructions < count) {
      const engineSeed = (seed + s.sequences) >>> 0;
      const contents = (page: bigint) => pageBytes(engineSeed, page);
      if (engine) engine.close();
      engine = openEngine(contents);
      for (slot = 0; slot < SEQUENCES_PER_ENGINE && s.instructions < count; slot++) {
        const from = engine.trace.length;
        runSequence(engine, contents, r, CODE_BASE + BigInt(slot) * CODE_STRIDE, Math.min(length, Math.max(2, count - s.instructions)), s);
        resetWrittenPages(engine, contents, from);
        s.sequences++;
      }
    }
  } finally {
    engine?.close();
  }
  return s;
}
