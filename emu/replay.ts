/**
 * The replay driver: seeds Unicorn with a reconstructed state at one instruction of the path and runs
 * the real machine code to the fault. Only memory that the dump and the reconstruction determine is
 * mapped; any other access stops the run, so a reproduction is reported only when the code, from the
 * recovered state, really reaches the faulting instruction and really faults on the bad address.
 */
import { Engine } from './engine.js';
import { registerFile } from './registers.js';
import type { Arch } from './arch.js';
import type { Fault, RunResult } from './types.js';

export interface ReplayState {
  /** Register values at the start pc; null = not determined (seeded with a poison value, tracked as unknown). */
  readonly registers: ReadonlyMap<string, bigint | null>;
  /** Memory the dump or the reconstruction determines. */
  readonly memory: readonly { readonly address: bigint; readonly bytes: Uint8Array; readonly provenance: 'dump' | 'reconstructed' | 'unknown'; readonly label: string }[];
}

export interface ReplayInput {
  readonly arch: Arch;
  /** Code bytes at their run-time addresses. */
  readonly code: readonly { readonly address: bigint; readonly bytes: Uint8Array }[];
  readonly start: bigint;
  readonly state: ReplayState;
  /** `addressBits`: how many low bits of the address the oops reports (arm64 clears a user address's top byte). */
  readonly expect: { readonly pc: bigint; readonly address: bigint | null; readonly access: 'read' | 'write' | null; readonly addressBits?: number };
  /** Dumped register values at the fault, compared with the replay's where the replay computed them. */
  readonly dump: ReadonlyMap<string, bigint>;
  readonly maxInstructions?: number;
}

export interface ReplayOutcome {
  readonly reproduced: boolean;
  readonly pc: bigint | null;
  readonly address: bigint | null;
  readonly access: 'read' | 'write' | 'fetch' | null;
  readonly executed: number;
  readonly registersChecked: number;
  readonly registersMatched: number;
  readonly mismatches: readonly string[];
  /** What happened, in one sentence. */
  readonly summary: string;
  /** The pcs executed, in order (the faulting instruction last, when it faulted). */
  readonly path: readonly bigint[];
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** Distinct, recognisable values for undetermined registers: 0x0bad0000 + 0x100 * i. */
function poison(i: number, bits: number): bigint {
  const v = 0x0bad0000n + BigInt(i) * 0x100n;
  return bits === 64 ? 0xdead000000000000n | v : v;
}

const POISON_WINDOW = 0x20000n;

/**
 * An access through a pointer that is not determined lands near a poison value. The real access went
 * to memory that was mapped (the kernel faulted only later), so such pages are mapped with unknown
 * contents and the run goes on, its results marked unknown. Any other unmapped access stops it.
 */
function throughPoison(address: bigint): boolean {
  const low = address & 0xffffffffn;
  const high = address >> 32n;
  return (high === 0n || high === 0xdead0000n) && low >= 0x0bad0000n && low < 0x0bad0000n + POISON_WINDOW;
}

export function replay(input: ReplayInput): ReplayOutcome {
  const engine = Engine.open(input.arch, {
    trace: true,
    limits: { maxInstructions: input.maxInstructions ?? 100_000 },
    memoryProvider: (request) => (throughPoison(request.address) ? { bytes: new Uint8Array(0), provenance: 'unknown', label: 'memory behind an undetermined pointer' } : null),
  });
  try {
    for (const c of input.code) engine.load(c.address, c.bytes, 'code', 'function code');
    for (const m of input.state.memory) {
      if (m.provenance === 'unknown') engine.map(m.address, m.bytes.length, 'unknown', m.label);
      else engine.load(m.address, m.bytes, m.provenance, m.label);
    }
    const names = new Set(engine.registerNames());
    const widths = new Map(registerFile(input.arch).all.map((r) => [r.name, r.bits]));
    let i = 0;
    for (const [name, value] of input.state.registers) {
      if (!names.has(name)) continue;
      if (value === null) {
        engine.setReg(name, BigInt.asUintN(widths.get(name) ?? 32, poison(i++, widths.get(name) ?? 32)));
        engine.setUnknown(name);
      } else {
        engine.setReg(name, value);
      }
    }
    const result: RunResult = engine.run({ begin: input.start, within: input.code.map((c) => ({ start: c.address, end: c.address + BigInt(c.bytes.length) })) });
    const path = engine.trace.map((rec) => rec.pc);
    const written = new Set<string>();
    for (const rec of engine.trace) for (const w of rec.registerWrites) written.add(w.name);
    if (result.stop.kind !== 'fault') {
      const why = result.stop.kind === 'limit' ? result.stop.message
        : result.stop.kind === 'exception' ? `the CPU raised an exception${result.stop.pc !== null ? ` at ${hex(result.stop.pc)}` : ''}: ${result.stop.message}`
        : result.stop.kind === 'left' ? `it left the function's code for ${hex(result.stop.address)} (a return to the caller, or a jump to code not given) without a fault`
        : `it stopped at ${hex(result.pc)} without a fault`;
      return { reproduced: false, pc: null, address: null, access: null, executed: result.executed ?? 0, registersChecked: 0, registersMatched: 0, mismatches: [], summary: `The replay from ${hex(input.start)} did not fault: ${why}.`, path };
    }
    const fault: Fault = result.stop.fault;
    let checked = 0;
    let matched = 0;
    const mismatches: string[] = [];
    for (const [name, value] of input.dump) {
      if (!names.has(name) || !written.has(name) || engine.isUnknown(name)) continue;
      checked++;
      const got = engine.reg(name);
      if (got === value) matched++;
      else mismatches.push(`${name}: replay ${hex(got)}, dump ${hex(value)}`);
    }
    const samePc = fault.pc === input.expect.pc;
    const sameAddress = input.expect.address === null || BigInt.asUintN(input.expect.addressBits ?? 64, fault.address) === input.expect.address;
    const reproduced = samePc && sameAddress && mismatches.length === 0;
    const where = `at ${hex(fault.pc)}${fault.delaySlot ? ' (in the delay slot)' : ''} ${fault.access === 'fetch' ? 'fetching' : fault.access === 'write' ? 'writing' : 'reading'} ${hex(fault.address)}`;
    const summary = reproduced
      ? `The replay from ${hex(input.start)} faulted ${where}, as the oops says; ${matched} of ${checked} registers it computed match the dump.`
      : !samePc || !sameAddress
        ? `The replay from ${hex(input.start)} faulted ${where}, not at ${hex(input.expect.pc)} on ${input.expect.address !== null ? hex(input.expect.address) : 'the bad address'}: it needed memory the dump does not give, or the reconstruction is wrong there.`
        : `The replay faulted ${where} as the oops says, but ${mismatches.length} computed register(s) differ from the dump (${mismatches.join('; ')}).`;
    return { reproduced, pc: fault.pc, address: fault.address, access: fault.access, executed: result.executed ?? 0, registersChecked: checked, registersMatched: matched, mismatches, summary, path };
  } finally {
    engine.close();
  }
}
