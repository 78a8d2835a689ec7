/**
 * Partly known bit-vectors: a mask of known bits and their values (bits outside `known` are 0 in
 * `value`). Operations are sound: a bit is reported known only if every completion of the unknown input
 * bits gives it that value. Addition and subtraction use the carry-propagation rules of Linux's tnum.
 */
import { binaryConcrete, compareConcrete } from './concrete.js';
import { type BinaryKind, type CompareKind, mask, toUnsigned } from './expr.js';

export interface PartialValue {
  readonly width: number;
  readonly known: bigint;
  readonly value: bigint;
}

export function known(value: bigint | number, width: number): PartialValue {
  return { width, known: mask(width), value: toUnsigned(BigInt(value), width) };
}

export function unknown(width: number): PartialValue {
  return { width, known: 0n, value: 0n };
}

export function partial(width: number, knownBits: bigint, value: bigint): PartialValue {
  const k = knownBits & mask(width);
  return { width, known: k, value: value & k };
}

export function isKnown(p: PartialValue): boolean {
  return p.known === mask(p.width);
}

/** Unknown bits as a mask. */
const unk = (p: PartialValue): bigint => ~p.known & mask(p.width);

function tnumAdd(a: PartialValue, b: PartialValue): PartialValue {
  const m = mask(a.width);
  const sm = unk(a) + unk(b);
  const sv = a.value + b.value;
  const chi = ((sm + sv) ^ sv) & m;
  const mu = chi | unk(a) | unk(b);
  return partial(a.width, ~mu, sv);
}

function tnumSub(a: PartialValue, b: PartialValue): PartialValue {
  const m = mask(a.width);
  const dv = (a.value - b.value) & m;
  const chi = ((dv + unk(a)) ^ (dv - unk(b))) & m;
  const mu = chi | unk(a) | unk(b);
  return partial(a.width, ~mu, dv);
}

function trailingKnown(p: PartialValue): number {
  let n = 0;
  while (n < p.width && ((p.known >> BigInt(n)) & 1n) === 1n) n++;
  return n;
}

function isZero(p: PartialValue): boolean {
  return isKnown(p) && p.value === 0n;
}

export function binaryPartial(kind: BinaryKind, a: PartialValue, b: PartialValue): PartialValue {
  const w = a.width;
  if (isKnown(a) && isKnown(b)) return known(binaryConcrete(kind, w, a.value, b.value), w);
  switch (kind) {
    case 'bvadd': return tnumAdd(a, b);
    case 'bvsub': return tnumSub(a, b);
    case 'bvmul': {
      if (isZero(a) || isZero(b)) return known(0n, w);
      // The low k bits of a product depend only on the low k bits of its operands.
      const k = Math.min(trailingKnown(a), trailingKnown(b));
      return partial(w, mask(k), a.value * b.value);
    }
    case 'bvand':
      return partial(w, (a.known & b.known) | (a.known & ~a.value) | (b.known & ~b.value), a.value & b.value);
    case 'bvor':
      return partial(w, (a.known & b.known) | a.value | b.value, a.value | b.value);
    case 'bvxor':
      return partial(w, a.known & b.known, a.value ^ b.value);
    case 'bvshl': case 'bvlshr': case 'bvashr': case 'rotl': case 'rotr':
      return shiftPartial(kind, a, b);
    default:
      return unknown(w);
  }
}

function shiftPartial(kind: BinaryKind, a: PartialValue, b: PartialValue): PartialValue {
  const w = a.width;
  if (!isKnown(b)) return isZero(a) ? a : unknown(w);
  const n = b.value;
  const W = BigInt(w);
  const m = mask(w);
  switch (kind) {
    case 'bvshl':
      if (n >= W) return known(0n, w);
      return partial(w, ((a.known << n) | mask(Number(n))) & m, a.value << n);
    case 'bvlshr':
      if (n >= W) return known(0n, w);
      return partial(w, (a.known >> n) | (m & ~(m >> n)), a.value >> n);
    case 'bvashr': {
      const s = n >= W ? W - 1n : n;
      const signKnown = ((a.known >> (W - 1n)) & 1n) === 1n;
      const signSet = ((a.value >> (W - 1n)) & 1n) === 1n;
      const top = m & ~(m >> s);
      const k = (a.known >> s) | (signKnown ? top : 0n);
      return partial(w, k, (a.value >> s) | (signKnown && signSet ? top : 0n));
    }
    default: {
      const r = n % W;
      const rot = (x: bigint): bigint => (kind === 'rotl' ? (x << r) | (x >> (W - r)) : (x >> r) | (x << (W - r))) & m;
      return partial(w, rot(a.known), rot(a.value));
    }
  }
}

/** Unsigned range [min, max] of a partial value, optionally after flipping the sign bit (signed order). */
function range(p: PartialValue, signed: boolean): [bigint, bigint] {
  const flip = signed ? 1n << BigInt(p.width - 1) : 0n;
  const v = p.value ^ (flip & p.known);
  const u = unk(p);
  // With the sign bit unknown, flipping it leaves it unknown: min has it 0, max has it 1.
  return [v & ~u, v | u];
}

export function comparePartial(kind: CompareKind, a: PartialValue, b: PartialValue): PartialValue {
  if (isKnown(a) && isKnown(b)) return known(compareConcrete(kind, a.width, a.value, b.value) ? 1n : 0n, 1);
  if (kind === 'eq') {
    const both = a.known & b.known;
    return (a.value & both) !== (b.value & both) ? known(0n, 1) : unknown(1);
  }
  const signed = kind === 'slt' || kind === 'sle';
  const [aMin, aMax] = range(a, signed);
  const [bMin, bMax] = range(b, signed);
  const strict = kind === 'ult' || kind === 'slt';
  if (strict ? aMax < bMin : aMax <= bMin) return known(1n, 1);
  if (strict ? aMin >= bMax : aMin > bMax) return known(0n, 1);
  return unknown(1);
}

export function notPartial(a: PartialValue): PartialValue {
  return partial(a.width, a.known, ~a.value);
}

export function extractPartial(hi: number, lo: number, a: PartialValue): PartialValue {
  const w = hi - lo + 1;
  return partial(w, a.known >> BigInt(lo), a.value >> BigInt(lo));
}

export function concatPartial(a: PartialValue, b: PartialValue): PartialValue {
  const s = BigInt(b.width);
  return partial(a.width + b.width, (a.known << s) | b.known, (a.value << s) | b.value);
}

export function extendPartial(kind: 'zext' | 'sext', width: number, a: PartialValue): PartialValue {
  const high = mask(width) & ~mask(a.width);
  if (kind === 'zext') return partial(width, a.known | high, a.value);
  const top = BigInt(a.width - 1);
  if (((a.known >> top) & 1n) === 0n) return partial(width, a.known, a.value);
  const set = ((a.value >> top) & 1n) === 1n;
  return partial(width, a.known | high, a.value | (set ? high : 0n));
}

export function itePartial(c: PartialValue, a: PartialValue, b: PartialValue): PartialValue {
  if (isKnown(c)) return c.value === 1n ? a : b;
  return partial(a.width, a.known & b.known & ~(a.value ^ b.value), a.value);
}

/** True when every known bit of `p` matches the concrete `v`. */
export function agrees(p: PartialValue, v: bigint): boolean {
  return (v & p.known) === p.value;
}

export function formatPartial(p: PartialValue): string {
  if (isKnown(p)) return `0x${p.value.toString(16)}`;
  if (p.known === 0n) return '?';
  const digits = Math.ceil(p.width / 4);
  let s = '';
  for (let i = digits - 1; i >= 0; i--) {
    const sh = BigInt(i * 4);
    const k = (p.known >> sh) & 0xfn;
    s += k === 0xfn ? ((p.value >> sh) & 0xfn).toString(16) : k === 0n ? '?' : '*';
  }
  return `0x${s}`;
}
