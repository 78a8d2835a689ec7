/**
 * Checked expression constructors. Each constructor applies the rewrite rule of its operator (one rule
 * per operator, in RULES below) to operands that are already in normal form, so every expression built
 * here is simplified: constants folded, constants on the right, `(x + 0x50) + 4` kept as `x + 0x54`.
 */
import { binaryConcrete, compareConcrete } from './concrete.js';
import {
  type BinaryKind, type CompareKind, type Const, type Endian, type Expr, type Extend, type Extract,
  type UnaryKind, equal, mask, node, toUnsigned,
} from './expr.js';

function widthError(what: string, a: Expr, b: Expr): Error {
  return new Error(`IR width mismatch in ${what}: ${a.width} vs ${b.width}`);
}

// Nodes are immutable, so small caches of the most frequent leaves save allocation when lifting
// (32-bit constants given as numbers, registers); the constant cache is bounded.
const const32 = new Map<number, Const>();
const regsByWidth = new Map<number, Map<string, Expr>>();

export function konst(value: bigint | number, width: number): Const {
  if (typeof value === 'number' && width === 32) {
    let c = const32.get(value);
    if (c === undefined) {
      if (const32.size >= 1 << 16) const32.clear();
      c = node.const(32, BigInt(value >>> 0));
      const32.set(value, c);
    }
    return c;
  }
  return node.const(width, toUnsigned(BigInt(value), width));
}

export function reg(name: string, width: number): Expr {
  let byName = regsByWidth.get(width);
  if (byName === undefined) {
    byName = new Map();
    regsByWidth.set(width, byName);
  }
  let r = byName.get(name);
  if (r === undefined) {
    r = node.reg(width, name);
    byName.set(name, r);
  }
  return r;
}
export const sym = (name: string, width: number): Expr => node.sym(width, name);
export const tmp = (index: number, width: number): Expr => node.tmp(width, index);
export const undef = (width: number, reason: string): Expr => node.undef(width, reason);

export function load(addr: Expr, width: number, endian: Endian): Expr {
  if (width % 8 !== 0 || width === 0) throw new Error(`IR load width ${width} is not a whole number of bytes`);
  return node.load(width, addr, endian);
}

const isC = (e: Expr): e is Const => e.kind === 'const';
const isK = (e: Expr, v: bigint): boolean => e.kind === 'const' && e.value === v;

type BinaryRule = (a: Expr, b: Expr) => Expr | undefined;

/** Rewrite rules for binary operators; `undefined` means "no rewrite, build the node". */
const BINARY_RULES: Record<BinaryKind, BinaryRule> = {
  bvadd(a, b) {
    if (isC(a) && !isC(b)) return binary('bvadd', b, a);
    if (isK(b, 0n)) return a;
    if (isC(b) && a.kind === 'bvadd' && isC(a.b)) return binary('bvadd', a.a, konst(a.b.value + b.value, a.width));
    if (isC(b) && a.kind === 'bvsub' && isC(a.a)) return binary('bvsub', konst(a.a.value + b.value, a.width), a.b);
    if (b.kind === 'bvneg') return binary('bvsub', a, b.a);
    return undefined;
  },
  bvsub(a, b) {
    if (isC(b)) return binary('bvadd', a, konst(-b.value, a.width));
    if (equal(a, b)) return konst(0n, a.width);
    if (isK(a, 0n)) return unary('bvneg', b);
    return undefined;
  },
  bvmul(a, b) {
    if (isC(a) && !isC(b)) return binary('bvmul', b, a);
    if (isK(b, 0n)) return b;
    if (isK(b, 1n)) return a;
    if (isC(b) && a.kind === 'bvmul' && isC(a.b)) return binary('bvmul', a.a, konst(a.b.value * b.value, a.width));
    return undefined;
  },
  bvudiv: (a, b) => (isK(b, 1n) ? a : undefined),
  bvsdiv: (a, b) => (isK(b, 1n) ? a : undefined),
  bvurem: (a, b) => (isK(b, 1n) ? konst(0n, a.width) : undefined),
  bvsrem: (a, b) => (isK(b, 1n) ? konst(0n, a.width) : undefined),
  bvand(a, b) {
    if (isC(a) && !isC(b)) return binary('bvand', b, a);
    if (isK(b, 0n)) return b;
    if (isK(b, mask(a.width))) return a;
    if (equal(a, b)) return a;
    if (isC(b) && a.kind === 'bvand' && isC(a.b)) return binary('bvand', a.a, konst(a.b.value & b.value, a.width));
    if (isC(b) && a.kind === 'zext' && (b.value & mask(a.a.width)) === mask(a.a.width)) return a;
    return undefined;
  },
  bvor(a, b) {
    if (isC(a) && !isC(b)) return binary('bvor', b, a);
    if (isK(b, 0n)) return a;
    if (isK(b, mask(a.width))) return b;
    if (equal(a, b)) return a;
    if (isC(b) && a.kind === 'bvor' && isC(a.b)) return binary('bvor', a.a, konst(a.b.value | b.value, a.width));
    return undefined;
  },
  bvxor(a, b) {
    if (isC(a) && !isC(b)) return binary('bvxor', b, a);
    if (isK(b, 0n)) return a;
    if (isK(b, mask(a.width))) return unary('bvnot', a);
    if (equal(a, b)) return konst(0n, a.width);
    if (isC(b) && a.kind === 'bvxor' && isC(a.b)) return binary('bvxor', a.a, konst(a.b.value ^ b.value, a.width));
    return undefined;
  },
  bvshl: shiftRule,
  bvlshr: shiftRule,
  bvashr: (a, b) => (isK(b, 0n) ? a : undefined),
  rotl: (a, b) => (isC(b) && b.value % BigInt(a.width) === 0n ? a : undefined),
  rotr: (a, b) => (isC(b) && b.value % BigInt(a.width) === 0n ? a : undefined),
};

function shiftRule(a: Expr, b: Expr): Expr | undefined {
  if (isK(b, 0n)) return a;
  if (isC(b) && b.value >= BigInt(a.width)) return konst(0n, a.width);
  return undefined;
}

export function binary(kind: BinaryKind, a: Expr, b: Expr): Expr {
  if (a.width !== b.width) throw widthError(kind, a, b);
  if (isC(a) && isC(b)) return konst(binaryConcrete(kind, a.width, a.value, b.value), a.width);
  return BINARY_RULES[kind](a, b) ?? node.binary(kind, a, b);
}

const COMPARE_RULES: Record<CompareKind, BinaryRule> = {
  eq(a, b) {
    if (isC(a) && !isC(b)) return compare('eq', b, a);
    if (equal(a, b)) return konst(1n, 1);
    // (x + c1) == c2  ->  x == c2 - c1: keeps branch conditions over the plain register.
    if (isC(b) && a.kind === 'bvadd' && isC(a.b)) return compare('eq', a.a, konst(b.value - a.b.value, a.width));
    if (a.width === 1 && isK(b, 1n)) return a;
    if (a.width === 1 && isK(b, 0n)) return unary('bvnot', a);
    return undefined;
  },
  ult: (a, b) => (equal(a, b) || isK(b, 0n) ? konst(0n, 1) : undefined),
  ule: (a, b) => (equal(a, b) || isK(a, 0n) ? konst(1n, 1) : undefined),
  slt: (a, b) => (equal(a, b) ? konst(0n, 1) : undefined),
  sle: (a, b) => (equal(a, b) ? konst(1n, 1) : undefined),
};

export function compare(kind: CompareKind, a: Expr, b: Expr): Expr {
  if (a.width !== b.width) throw widthError(kind, a, b);
  if (isC(a) && isC(b)) return konst(compareConcrete(kind, a.width, a.value, b.value) ? 1n : 0n, 1);
  return COMPARE_RULES[kind](a, b) ?? node.compare(kind, a, b);
}

export function unary(kind: UnaryKind, a: Expr): Expr {
  if (isC(a)) return konst(kind === 'bvnot' ? ~a.value : -a.value, a.width);
  if (a.kind === kind) return a.a;
  return node.unary(kind, a);
}

export function extract(hi: number, lo: number, a: Expr): Expr {
  if (lo < 0 || hi < lo || hi >= a.width) throw new Error(`IR extract [${hi}:${lo}] out of range for width ${a.width}`);
  if (lo === 0 && hi === a.width - 1) return a;
  if (isC(a)) return konst(a.value >> BigInt(lo), hi - lo + 1);
  switch (a.kind) {
    case 'extract': return extract(hi + a.lo, lo + a.lo, a.a);
    case 'concat':
      if (lo >= a.b.width) return extract(hi - a.b.width, lo - a.b.width, a.a);
      if (hi < a.b.width) return extract(hi, lo, a.b);
      break;
    case 'zext': case 'sext':
      if (hi < a.a.width) return extract(hi, lo, a.a);
      if (a.kind === 'zext' && lo >= a.a.width) return konst(0n, hi - lo + 1);
      break;
    case 'bvand': case 'bvor': case 'bvxor':
      // Bitwise operators commute with extraction; pushing it in lets `(x & 0xff)[7:0]` become `x[7:0]`.
      if (isC(a.b)) return binary(a.kind, extract(hi, lo, a.a), extract(hi, lo, a.b));
      break;
    case 'bvlshr':
      if (isC(a.b) && BigInt(hi) + a.b.value < BigInt(a.width)) return extract(hi + Number(a.b.value), lo + Number(a.b.value), a.a);
      break;
    case 'bvshl':
      if (lo === 0 && isC(a.b) && a.b.value <= BigInt(hi)) {
        return binary('bvshl', extract(hi, 0, a.a), konst(a.b.value, hi + 1));
      }
      if (isC(a.b) && BigInt(lo) >= a.b.value) return extract(hi - Number(a.b.value), lo - Number(a.b.value), a.a);
      if (isC(a.b) && BigInt(hi) < a.b.value) return konst(0n, hi - lo + 1);
      break;
    case 'bvadd': case 'bvsub': case 'bvmul':
      // Low bits of add/sub/mul depend only on the operands' low bits.
      if (lo === 0) return binary(a.kind, extract(hi, 0, a.a), extract(hi, 0, a.b));
      break;
    case 'ite':
      return ite(a.c, extract(hi, lo, a.a), extract(hi, lo, a.b));
    default:
      break;
  }
  return node.extract(hi, lo, a);
}

export function concat(a: Expr, b: Expr): Expr {
  if (isC(a) && isC(b)) return konst((a.value << BigInt(b.width)) | b.value, a.width + b.width);
  if (isK(a, 0n)) return zext(b, a.width + b.width);
  if (a.kind === 'extract' && b.kind === 'extract' && a.lo === b.hi + 1 && equal(a.a, b.a)) return extract(a.hi, b.lo, a.a);
  return node.concat(a, b);
}

export function zext(a: Expr, width: number): Expr {
  return extend('zext', a, width);
}

export function sext(a: Expr, width: number): Expr {
  return extend('sext', a, width);
}

function extend(kind: Extend['kind'], a: Expr, width: number): Expr {
  if (width < a.width) throw new Error(`IR ${kind} to ${width} bits from wider ${a.width}`);
  if (width === a.width) return a;
  if (isC(a)) return konst(kind === 'sext' ? BigInt.asIntN(a.width, a.value) : a.value, width);
  if (a.kind === kind || (kind === 'sext' && a.kind === 'zext')) return extend(a.kind, a.a, width);
  // Extending a truncation of a value that was itself extended from something narrower is that extension.
  // (zext of y)[k-1:0] with y narrower than k is still zext of y; a sign extension survives only a sext.
  if (a.kind === 'extract' && a.lo === 0 && (a.a.kind === 'zext' || a.a.kind === 'sext') && a.a.a.width < a.width) {
    if (a.a.kind === 'zext') return extend('zext', a.a.a, width);
    if (kind === 'sext') return extend('sext', a.a.a, width);
  }
  return node.extend(kind, width, a);
}

export function ite(c: Expr, a: Expr, b: Expr): Expr {
  if (c.width !== 1) throw new Error(`IR ite condition has width ${c.width}, not 1`);
  if (a.width !== b.width) throw widthError('ite', a, b);
  if (isC(c)) return c.value === 1n ? a : b;
  if (equal(a, b)) return a;
  if (a.width === 1 && isK(a, 1n) && isK(b, 0n)) return c;
  if (a.width === 1 && isK(a, 0n) && isK(b, 1n)) return unary('bvnot', c);
  return node.ite(c, a, b);
}

// Shorthands used by the lifters.
export const add = (a: Expr, b: Expr): Expr => binary('bvadd', a, b);
export const sub = (a: Expr, b: Expr): Expr => binary('bvsub', a, b);
export const mul = (a: Expr, b: Expr): Expr => binary('bvmul', a, b);
export const and = (a: Expr, b: Expr): Expr => binary('bvand', a, b);
export const or = (a: Expr, b: Expr): Expr => binary('bvor', a, b);
export const xor = (a: Expr, b: Expr): Expr => binary('bvxor', a, b);
export const shl = (a: Expr, b: Expr): Expr => binary('bvshl', a, b);
export const lshr = (a: Expr, b: Expr): Expr => binary('bvlshr', a, b);
export const ashr = (a: Expr, b: Expr): Expr => binary('bvashr', a, b);
export const not = (a: Expr): Expr => unary('bvnot', a);
export const neg = (a: Expr): Expr => unary('bvneg', a);
export const eq = (a: Expr, b: Expr): Expr => compare('eq', a, b);
export const ne = (a: Expr, b: Expr): Expr => unary('bvnot', compare('eq', a, b));
export const ult = (a: Expr, b: Expr): Expr => compare('ult', a, b);
export const slt = (a: Expr, b: Expr): Expr => compare('slt', a, b);
export const sle = (a: Expr, b: Expr): Expr => compare('sle', a, b);
export const ule = (a: Expr, b: Expr): Expr => compare('ule', a, b);

/** Rebuild a node of the same kind over new operands (used by substitution and simplification). */
export function rebuild(e: Expr, kids: readonly Expr[]): Expr {
  const [x, y, z] = kids;
  switch (e.kind) {
    case 'const': case 'reg': case 'sym': case 'tmp': case 'undef': return e;
    case 'load': return load(x!, e.width, e.endian);
    case 'bvnot': case 'bvneg': return unary(e.kind, x!);
    case 'zext': case 'sext': return extend(e.kind, x!, e.width);
    case 'extract': return extract((e as Extract).hi, (e as Extract).lo, x!);
    case 'concat': return concat(x!, y!);
    case 'ite': return ite(x!, y!, z!);
    case 'eq': case 'ult': case 'ule': case 'slt': case 'sle': return compare(e.kind, x!, y!);
    default: return binary(e.kind, x!, y!);
  }
}
