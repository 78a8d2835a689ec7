/**
 * Fixed-width bit-vector expressions. One closed, immutable discriminated union; operator names follow
 * SMT-LIB (bvadd, extract, concat, zero/sign extension, ite). Every node carries its width in bits.
 *
 * Nodes are not interned (a global intern table grows without bound under fuzzing); instead every node
 * carries a structural hash computed at construction, so `equal` is cheap: hashes differ -> different.
 */

export type Endian = 'le' | 'be';

/** Binary operators whose result has the width of both operands. */
export type BinaryKind =
  | 'bvadd' | 'bvsub' | 'bvmul' | 'bvudiv' | 'bvsdiv' | 'bvurem' | 'bvsrem'
  | 'bvand' | 'bvor' | 'bvxor' | 'bvshl' | 'bvlshr' | 'bvashr' | 'rotl' | 'rotr';
/** Comparisons: two operands of one width, result width 1. */
export type CompareKind = 'eq' | 'ult' | 'ule' | 'slt' | 'sle';
export type UnaryKind = 'bvnot' | 'bvneg';

interface Node { readonly width: number; readonly hash: number }

export interface Const extends Node { readonly kind: 'const'; readonly value: bigint }
/** The current value of a machine register, as read by a lifted statement. */
export interface Reg extends Node { readonly kind: 'reg'; readonly name: string }
/** A free symbol: a register's value at function entry, or any named input. */
export interface Sym extends Node { readonly kind: 'sym'; readonly name: string }
/** A temporary local to one lifted unit (e.g. a branch condition computed before its delay slot). */
export interface Tmp extends Node { readonly kind: 'tmp'; readonly index: number }
/** A value nobody can know (architecturally UNPREDICTABLE, an opaque coprocessor result...). */
export interface Undef extends Node { readonly kind: 'undef'; readonly reason: string }
/** `width` bits read from memory at `addr` in byte order `endian` (width is a multiple of 8). */
export interface Load extends Node { readonly kind: 'load'; readonly addr: Expr; readonly endian: Endian }
export interface Unary extends Node { readonly kind: UnaryKind; readonly a: Expr }
export interface Binary extends Node { readonly kind: BinaryKind; readonly a: Expr; readonly b: Expr }
export interface Compare extends Node { readonly kind: CompareKind; readonly a: Expr; readonly b: Expr }
/** Bits hi..lo (inclusive) of `a`; width = hi - lo + 1. */
export interface Extract extends Node { readonly kind: 'extract'; readonly hi: number; readonly lo: number; readonly a: Expr }
/** `a` in the high bits, `b` in the low bits. */
export interface Concat extends Node { readonly kind: 'concat'; readonly a: Expr; readonly b: Expr }
export interface Extend extends Node { readonly kind: 'zext' | 'sext'; readonly a: Expr }
export interface Ite extends Node { readonly kind: 'ite'; readonly c: Expr; readonly a: Expr; readonly b: Expr }

export type Expr = Const | Reg | Sym | Tmp | Undef | Load | Unary | Binary | Compare | Extract | Concat | Extend | Ite;
export type Kind = Expr['kind'];

export const BINARY_KINDS: readonly BinaryKind[] = [
  'bvadd', 'bvsub', 'bvmul', 'bvudiv', 'bvsdiv', 'bvurem', 'bvsrem',
  'bvand', 'bvor', 'bvxor', 'bvshl', 'bvlshr', 'bvashr', 'rotl', 'rotr',
];
export const COMPARE_KINDS: readonly CompareKind[] = ['eq', 'ult', 'ule', 'slt', 'sle'];

// Widths are few (1 to 128 bits); building the mask BigInt anew each time showed in lifting profiles.
const MASKS: bigint[] = Array.from({ length: 129 }, (_, w) => (1n << BigInt(w)) - 1n);

export function mask(width: number): bigint {
  return MASKS[width] ?? (1n << BigInt(width)) - 1n;
}

/** Two's-complement reading of the low `width` bits of `v`. */
export function toSigned(v: bigint, width: number): bigint {
  return BigInt.asIntN(width, v);
}

export function toUnsigned(v: bigint, width: number): bigint {
  return BigInt.asUintN(width, v);
}

function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 0x9e3779b1) ^ (h >>> 15);
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

const KIND_SEED: Record<Kind, number> = {
  const: 1, reg: 2, sym: 3, tmp: 4, undef: 5, load: 6, bvnot: 7, bvneg: 8,
  bvadd: 9, bvsub: 10, bvmul: 11, bvudiv: 12, bvsdiv: 13, bvurem: 14, bvsrem: 15,
  bvand: 16, bvor: 17, bvxor: 18, bvshl: 19, bvlshr: 20, bvashr: 21, rotl: 22, rotr: 23,
  eq: 24, ult: 25, ule: 26, slt: 27, sle: 28, extract: 29, concat: 30, zext: 31, sext: 32, ite: 33,
};

// Per-kind seeds for widths up to 128, computed once (hashing is on the lifting hot path).
const SEED_WIDTHS = 129;
const seedTable: number[][] = [];
for (let k = 0; k <= 33; k++) seedTable.push(Array.from({ length: SEED_WIDTHS }, (_, w) => mix(k * 0x45d9f3b, w)));

function seed(kind: Kind, width: number): number {
  const k = KIND_SEED[kind];
  return width < SEED_WIDTHS ? seedTable[k]![width]! : mix(k * 0x45d9f3b, width);
}

function hashBig(v: bigint): number {
  if (v <= 0xffffffffn) return mix(0, Number(v));
  let h = 0;
  let x = v;
  while (x !== 0n) {
    h = mix(h, Number(x & 0xffffffffn));
    x >>= 32n;
  }
  return h;
}

// Raw node makers: no checks, no folding. Use build.ts to construct expressions.
export const node = {
  const(width: number, value: bigint): Const {
    return { kind: 'const', width, value, hash: mix(seed('const', width), hashBig(value)) };
  },
  reg(width: number, name: string): Reg {
    return { kind: 'reg', width, name, hash: mix(seed('reg', width), hashString(name)) };
  },
  sym(width: number, name: string): Sym {
    return { kind: 'sym', width, name, hash: mix(seed('sym', width), hashString(name)) };
  },
  tmp(width: number, index: number): Tmp {
    return { kind: 'tmp', width, index, hash: mix(seed('tmp', width), index) };
  },
  undef(width: number, reason: string): Undef {
    return { kind: 'undef', width, reason, hash: mix(seed('undef', width), hashString(reason)) };
  },
  load(width: number, addr: Expr, endian: Endian): Load {
    return { kind: 'load', width, addr, endian, hash: mix(mix(seed('load', width), addr.hash), endian === 'be' ? 1 : 2) };
  },
  unary(kind: UnaryKind, a: Expr): Unary {
    return { kind, width: a.width, a, hash: mix(seed(kind, a.width), a.hash) };
  },
  binary(kind: BinaryKind, a: Expr, b: Expr): Binary {
    return { kind, width: a.width, a, b, hash: mix(mix(seed(kind, a.width), a.hash), b.hash) };
  },
  compare(kind: CompareKind, a: Expr, b: Expr): Compare {
    return { kind, width: 1, a, b, hash: mix(mix(seed(kind, 1), a.hash), b.hash) };
  },
  extract(hi: number, lo: number, a: Expr): Extract {
    const width = hi - lo + 1;
    return { kind: 'extract', width, hi, lo, a, hash: mix(mix(mix(seed('extract', width), lo), a.hash), hi) };
  },
  concat(a: Expr, b: Expr): Concat {
    const width = a.width + b.width;
    return { kind: 'concat', width, a, b, hash: mix(mix(seed('concat', width), a.hash), b.hash) };
  },
  extend(kind: 'zext' | 'sext', width: number, a: Expr): Extend {
    return { kind, width, a, hash: mix(seed(kind, width), a.hash) };
  },
  ite(c: Expr, a: Expr, b: Expr): Ite {
    return { kind: 'ite', width: a.width, c, a, b, hash: mix(mix(mix(seed('ite', a.width), c.hash), a.hash), b.hash) };
  },
};

/** Structural equality. */
export function equal(x: Expr, y: Expr): boolean {
  if (x === y) return true;
  if (x.hash !== y.hash || x.kind !== y.kind || x.width !== y.width) return false;
  switch (x.kind) {
    case 'const': return x.value === (y as Const).value;
    case 'reg': case 'sym': return x.name === (y as Reg | Sym).name;
    case 'tmp': return x.index === (y as Tmp).index;
    case 'undef': return x.reason === (y as Undef).reason;
    case 'load': return x.endian === (y as Load).endian && equal(x.addr, (y as Load).addr);
    case 'bvnot': case 'bvneg': case 'zext': case 'sext': return equal(x.a, (y as Unary | Extend).a);
    case 'extract': {
      const e = y as Extract;
      return x.hi === e.hi && x.lo === e.lo && equal(x.a, e.a);
    }
    case 'ite': {
      const i = y as Ite;
      return equal(x.c, i.c) && equal(x.a, i.a) && equal(x.b, i.b);
    }
    default: {
      const b = y as Binary | Compare | Concat;
      return equal(x.a, b.a) && equal(x.b, b.b);
    }
  }
}

/** The direct operands of a node, in order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'const': case 'reg': case 'sym': case 'tmp': case 'undef': return [];
    case 'load': return [e.addr];
    case 'bvnot': case 'bvneg': case 'zext': case 'sext': case 'extract': return [e.a];
    case 'ite': return [e.c, e.a, e.b];
    default: return [e.a, e.b];
  }
}

export function isConst(e: Expr): e is Const {
  return e.kind === 'const';
}
