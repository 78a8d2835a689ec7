/**
 * A partly known machine state (registers, byte memory, unit temporaries) and the execution of lifted
 * statements over it. Anything never set is unknown; a store through an address that is not fully
 * known makes all of memory unknown, because it may have written anywhere.
 */
import type { Endian } from './expr.js';
import { evaluate, type EvalEnv } from './eval.js';
import {
  type PartialValue, concatPartial, extractPartial, isKnown, itePartial, known, partial, unknown,
} from './partial.js';
import type { Stmt, TrapReason } from './stmt.js';

/** Bytes of memory, each with a known-bits mask (packed as known << 8 | value). */
export class PartialMemory {
  private readonly bytes = new Map<bigint, number>();

  readByte(addr: bigint): PartialValue {
    const b = this.bytes.get(addr);
    return b === undefined ? unknown(8) : partial(8, BigInt(b >> 8), BigInt(b & 0xff));
  }

  writeByte(addr: bigint, v: PartialValue): void {
    if (v.known === 0n) this.bytes.delete(addr);
    else this.bytes.set(addr, (Number(v.known) << 8) | Number(v.value));
  }

  /** Set concrete bytes (e.g. from a dump or the emulator). */
  setBytes(addr: bigint, data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) this.bytes.set(addr + BigInt(i), 0xff00 | data[i]!);
  }

  read(addr: PartialValue, width: number, endian: Endian): PartialValue {
    if (!isKnown(addr)) return unknown(width);
    const n = width / 8;
    let out: PartialValue | undefined;
    for (let i = 0; i < n; i++) {
      const b = this.readByte(addr.value + BigInt(endian === 'be' ? i : n - 1 - i));
      out = out ? concatPartial(out, b) : b;
    }
    return out ?? unknown(width);
  }

  write(addr: PartialValue, value: PartialValue, endian: Endian, guard: PartialValue = known(1n, 1)): void {
    if (guard.known === 1n && guard.value === 0n) return;
    if (!isKnown(addr)) {
      this.bytes.clear();
      return;
    }
    const n = value.width / 8;
    for (let i = 0; i < n; i++) {
      const a = addr.value + BigInt(endian === 'be' ? i : n - 1 - i);
      const lo = (n - 1 - i) * 8;
      const nb = extractPartial(lo + 7, lo, value);
      this.writeByte(a, itePartial(guard, nb, this.readByte(a)));
    }
  }

  clear(): void {
    this.bytes.clear();
  }

  /** Addresses of every byte that is at least partly known. */
  addresses(): IterableIterator<bigint> {
    return this.bytes.keys();
  }
}

export class PartialState implements EvalEnv {
  readonly regs = new Map<string, PartialValue>();
  readonly syms = new Map<string, PartialValue>();
  readonly tmps = new Map<number, PartialValue>();
  readonly memory = new PartialMemory();

  reg(name: string, width: number): PartialValue {
    return this.regs.get(name) ?? unknown(width);
  }
  sym(name: string, width: number): PartialValue {
    return this.syms.get(name) ?? unknown(width);
  }
  tmp(index: number, width: number): PartialValue {
    return this.tmps.get(index) ?? unknown(width);
  }
  load(addr: PartialValue, width: number, endian: Endian): PartialValue {
    return this.memory.read(addr, width, endian);
  }
}

/** How a sequence of statements ended. `taken` is the exit or trap condition (possibly unknown). */
export type Outcome =
  | { readonly kind: 'next' }
  | { readonly kind: 'exit'; readonly pc: bigint; readonly target: PartialValue; readonly taken: PartialValue }
  | { readonly kind: 'trap'; readonly pc: bigint; readonly reason: TrapReason; readonly taken: PartialValue };

/**
 * Run statements in order on `state`. Stops at the first exit or trap whose condition is not known to
 * be 0; what follows it is not executed, since whether it would run is then not known to be true.
 */
export function execute(stmts: readonly Stmt[], state: PartialState): Outcome {
  for (const s of stmts) {
    switch (s.kind) {
      case 'assign': state.regs.set(s.dst, evaluate(s.value, state)); break;
      case 'let': state.tmps.set(s.index, evaluate(s.value, state)); break;
      case 'store': {
        const guard = s.guard ? evaluate(s.guard, state) : known(1n, 1);
        state.memory.write(evaluate(s.addr, state), evaluate(s.value, state), s.endian, guard);
        break;
      }
      case 'exit': {
        const taken = evaluate(s.cond, state);
        if (taken.known === 1n && taken.value === 0n) break;
        return { kind: 'exit', pc: s.pc, target: evaluate(s.target, state), taken };
      }
      case 'trap': {
        const taken = evaluate(s.cond, state);
        if (taken.known === 1n && taken.value === 0n) break;
        return { kind: 'trap', pc: s.pc, reason: s.reason, taken };
      }
      case 'opaque':
        for (const r of s.clobbers) state.regs.delete(r);
        if (s.memory) state.memory.clear();
        break;
      case 'external': break;
    }
  }
  return { kind: 'next' };
}
