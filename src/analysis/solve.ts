/**
 * Value recovery: the dumped registers, the bad address and the stack words are equations over the
 * path's symbols (entry registers, loaded values). Equations with one unknown symbol behind
 * invertible operations (add, sub, xor, not, neg, extensions, concatenation) are solved, and solving
 * repeats until nothing new is learnt. Every learnt value keeps the sentence that justifies it.
 */
import { type Endian, type Expr, type PartialValue, children, equal, evaluate, extract, isKnown, konst, mask, printExpr, rebuild } from '../ir/index.js';
import type { PathRun } from './symexec.js';
import { hexPc } from './symexec.js';

export interface Fact {
  readonly value: bigint;
  readonly why: string;
  /** Learnt (directly or through other facts) from the bad address itself: a replay must not be seeded with it. */
  readonly fromFault: boolean;
}

/** Words of the `Stack :` dump from the crash sp; words below `floor` are not used (a callee may have written them). */
export interface StackDump {
  readonly sp: bigint;
  readonly words: readonly bigint[];
  readonly wordBytes: number;
  readonly floor?: bigint;
}

/** The word a read-only part of the kernel image holds at an address, or null where it holds none. */
export type ConstantReader = (address: bigint, width: number, endian: Endian) => bigint | null;

export interface Equation {
  readonly expr: Expr;
  readonly value: bigint;
  readonly why: string;
  readonly fromFault?: boolean;
}

export interface Solution {
  readonly known: ReadonlyMap<string, Fact>;
  /** Equations whose sides are both known and differ: the dump contradicts this path. */
  readonly contradictions: readonly string[];
  value(e: Expr): PartialValue;
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

function valueUnder(known: ReadonlyMap<string, Fact>, e: Expr): PartialValue {
  return evaluate(e, {
    reg: (_n, w) => ({ width: w, known: 0n, value: 0n }),
    tmp: (_n, w) => ({ width: w, known: 0n, value: 0n }),
    sym: (name, w) => {
      const f = known.get(name);
      return f !== undefined ? { width: w, known: mask(w), value: f.value & mask(w) } : { width: w, known: 0n, value: 0n };
    },
    load: (_a, w) => ({ width: w, known: 0n, value: 0n }),
  });
}

/** The one unknown symbol of `e` reached through invertible operations, with the value it must have. */
function invert(e: Expr, target: bigint, value: (x: Expr) => PartialValue): { symbol: string; value: bigint } | 'contradiction' | null {
  const w = e.width;
  const m = mask(w);
  const t = target & m;
  const knownValue = (x: Expr): bigint | null => {
    const v = value(x);
    return isKnown(v) ? v.value : null;
  };
  switch (e.kind) {
    case 'sym': return { symbol: e.name, value: t };
    case 'bvadd': case 'bvsub': case 'bvxor': {
      const a = knownValue(e.a);
      const b = knownValue(e.b);
      if (a !== null && b !== null) return null;
      if (b !== null) return invert(e.a, e.kind === 'bvadd' ? t - b : e.kind === 'bvsub' ? t + b : t ^ b, value);
      if (a !== null) return invert(e.b, e.kind === 'bvadd' ? t - a : e.kind === 'bvsub' ? a - t : t ^ a, value);
      return null;
    }
    case 'bvnot': return invert(e.a, ~t, value);
    case 'bvneg': return invert(e.a, -t, value);
    case 'zext': return t >> BigInt(e.a.width) !== 0n ? 'contradiction' : invert(e.a, t, value);
    case 'sext': {
      const low = t & mask(e.a.width);
      return BigInt.asUintN(w, BigInt.asIntN(e.a.width, low)) !== t ? 'contradiction' : invert(e.a, low, value);
    }
    case 'concat': {
      const bw = BigInt(e.b.width);
      const lowKnown = knownValue(e.b);
      const highKnown = knownValue(e.a);
      if (lowKnown !== null && lowKnown !== (t & mask(e.b.width))) return 'contradiction';
      if (highKnown !== null && highKnown !== t >> bw) return 'contradiction';
      if (highKnown === null) return invert(e.a, t >> bw, value);
      if (lowKnown === null) return invert(e.b, t & mask(e.b.width), value);
      return null;
    }
    default: return null;
  }
}

function symbolsOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.kind === 'sym') out.add(e.name);
  for (const c of children(e)) symbolsOf(c, out);
  return out;
}

/**
 * Equations of a path: each dumped register at the fault, the bad address, and (once the stack
 * pointer is known) the stack words that the path's last stores to the crash frame must equal.
 */
export function solvePath(
  run: PathRun,
  dump: ReadonlyMap<string, bigint>,
  faultAddress: bigint | null,
  stack: StackDump | null,
  describe: (name: string) => string,
  reportedBits = 64,
  given: readonly Equation[] = [],
  constant?: ConstantReader,
): Solution {
  const known = new Map<string, Fact>();
  const contradictions: string[] = [];
  const equations: Equation[] = [...given];
  for (const [name, v] of dump) {
    const def = run.atFault.get(name);
    if (def !== undefined) equations.push({ expr: def.expr, value: v, why: `${name} = ${hex(v)} in the dump` });
  }
  if (run.fault !== null && faultAddress !== null) {
    // arm64 reports a user-half address with its top byte cleared (top-byte-ignore): compare what was reported.
    const addr = reportedBits < run.fault.addr.width ? extract(reportedBits - 1, 0, run.fault.addr) : run.fault.addr;
    equations.push({ expr: addr, value: faultAddress & mask(addr.width), why: `the bad address is ${hex(faultAddress)}`, fromFault: true });
  }
  // Equations that cannot be inverted still say what their expression is worth (v1 = andi(x, 1) = 1
  // in the dump, though x stays unknown): every occurrence of that expression takes the value.
  const exprFacts: { expr: Expr; value: bigint }[] = [];
  const reduce = (e: Expr): Expr => {
    const walk = (x: Expr): Expr => {
      const hit = exprFacts.find((f) => f.expr.hash === x.hash && equal(f.expr, x));
      if (hit !== undefined) return konst(hit.value, x.width);
      const kids = children(x);
      if (kids.length === 0) {
        const f = x.kind === 'sym' ? known.get(x.name) : undefined;
        return f !== undefined ? konst(f.value, x.width) : x;
      }
      const next = kids.map(walk);
      return next.every((k, i) => k === kids[i]) ? x : rebuild(x, next);
    };
    return exprFacts.length === 0 && known.size === 0 ? e : walk(e);
  };
  const value = (e: Expr): PartialValue => valueUnder(known, reduce(e));
  const stackUsed = new Set<number>();

  const stackEquations = (): Equation[] => {
    if (stack === null) return [];
    const out: Equation[] = [];
    const end = stack.sp + BigInt(stack.words.length * stack.wordBytes);
    const wordAt = (addr: bigint, width: number): bigint | null => {
      if (width !== stack.wordBytes * 8 || addr < (stack.floor ?? stack.sp) || addr + BigInt(width / 8) > end) return null;
      const i = Number(addr - stack.sp);
      return i % stack.wordBytes === 0 ? stack.words[i / stack.wordBytes]! : null;
    };
    // A store is visible in the dump when it is the last write there and nothing unknown followed it.
    run.stores.forEach((s, i) => {
      if (stackUsed.has(i) || s.epoch !== run.epoch) return;
      const a = value(s.addr);
      if (!isKnown(a)) return;
      if (run.stores.slice(i + 1).some((later) => !isKnown(value(later.addr)) || value(later.addr).value === a.value)) return;
      const word = wordAt(a.value, s.width);
      if (word === null) return;
      stackUsed.add(i);
      out.push({ expr: s.value, value: word, why: `${hexPc(s.pc)} stored it at ${hex(a.value)} (sp+${a.value - stack.sp} at the crash), where the stack dump shows ${hex(word)}` });
    });
    return out;
  };

  for (let round = 0; round < 64; round++) {
    let learnt = false;
    equations.push(...stackEquations());
    for (const eq of equations) {
      // Known symbols decide first: an expression fact learnt earlier from this very equation would
      // otherwise agree with it whatever the symbols turned out to be.
      const decided = valueUnder(known, eq.expr);
      const v = isKnown(decided) ? decided : value(eq.expr);
      if (isKnown(v)) {
        if (v.value !== (eq.value & mask(eq.expr.width))) {
          const msg = eq.expr.kind === 'const'
            ? `${eq.why}, but this path sets it to ${hex(v.value)}`
            : `${eq.why}, but this path computes ${printExpr(eq.expr)} = ${hex(v.value)}`;
          if (!contradictions.includes(msg)) contradictions.push(msg);
        }
        continue;
      }
      const r = invert(reduce(eq.expr), eq.value, value);
      if (r === null) {
        if (eq.expr.kind !== 'const' && !exprFacts.some((f) => equal(f.expr, eq.expr))) {
          exprFacts.push({ expr: eq.expr, value: eq.value & mask(eq.expr.width) });
          learnt = true;
        }
        continue;
      }
      if (r === 'contradiction') {
        const msg = `${eq.why}, which ${printExpr(eq.expr)} cannot equal`;
        if (!contradictions.includes(msg)) contradictions.push(msg);
        continue;
      }
      if (known.has(r.symbol)) continue;
      const direct = eq.expr.kind === 'sym';
      const fromFault = eq.fromFault === true || [...symbolsOf(eq.expr)].some((n) => known.get(n)?.fromFault === true);
      known.set(r.symbol, {
        value: r.value,
        fromFault,
        why: direct ? eq.why : `${eq.why} and that value is ${printExpr(eq.expr)}, so ${describe(r.symbol)} = ${hex(r.value)}`,
      });
      learnt = true;
    }
    // A load from the kernel's constant data (a jump table, a string) read what the file holds there.
    for (const l of constant === undefined ? [] : run.loads) {
      const a = value(l.addr);
      const word = isKnown(a) ? constant!(a.value, l.width, l.endian) : null;
      if (word === null) continue;
      const had = known.get(l.symbol);
      if (had !== undefined) {
        const msg = `${had.why}, but ${hexPc(l.pc)} reads ${hex(word)} there, from the kernel's constant data at ${hex(a.value)}`;
        if (had.value !== word && !contradictions.includes(msg)) contradictions.push(msg);
        continue;
      }
      const fromFault = [...symbolsOf(l.addr)].some((n) => known.get(n)?.fromFault === true);
      known.set(l.symbol, { value: word, fromFault, why: `${hexPc(l.pc)} read it from the kernel's constant data at ${hex(a.value)}` });
      learnt = true;
    }
    if (!learnt) break;
  }
  return { known, contradictions, value };
}

export { symbolsOf };
