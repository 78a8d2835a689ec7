/**
 * Concrete semantics of every operator on unsigned bigint values of a given width. Shared by constant
 * folding and by the evaluator when all inputs are known. Division by zero follows SMT-LIB
 * (bvudiv x 0 = all ones, bvurem x 0 = x); lifters that need another meaning guard it themselves.
 */
import { type BinaryKind, type CompareKind, mask, toSigned, toUnsigned } from './expr.js';

export function binaryConcrete(kind: BinaryKind, width: number, a: bigint, b: bigint): bigint {
  const m = mask(width);
  switch (kind) {
    case 'bvadd': return (a + b) & m;
    case 'bvsub': return (a - b) & m;
    case 'bvmul': return (a * b) & m;
    case 'bvudiv': return b === 0n ? m : a / b;
    case 'bvurem': return b === 0n ? a : a % b;
    case 'bvsdiv': {
      if (b === 0n) return toSigned(a, width) < 0n ? 1n : m;
      return toUnsigned(toSigned(a, width) / toSigned(b, width), width);
    }
    case 'bvsrem': {
      if (b === 0n) return a;
      return toUnsigned(toSigned(a, width) % toSigned(b, width), width);
    }
    case 'bvand': return a & b;
    case 'bvor': return a | b;
    case 'bvxor': return a ^ b;
    case 'bvshl': return b >= BigInt(width) ? 0n : (a << b) & m;
    case 'bvlshr': return b >= BigInt(width) ? 0n : a >> b;
    case 'bvashr': {
      const s = toSigned(a, width);
      return toUnsigned(b >= BigInt(width) ? (s < 0n ? -1n : 0n) : s >> b, width);
    }
    case 'rotl': {
      const r = b % BigInt(width);
      return ((a << r) | (a >> (BigInt(width) - r))) & m;
    }
    case 'rotr': {
      const r = b % BigInt(width);
      return ((a >> r) | (a << (BigInt(width) - r))) & m;
    }
  }
}

export function compareConcrete(kind: CompareKind, width: number, a: bigint, b: bigint): boolean {
  switch (kind) {
    case 'eq': return a === b;
    case 'ult': return a < b;
    case 'ule': return a <= b;
    case 'slt': return toSigned(a, width) < toSigned(b, width);
    case 'sle': return toSigned(a, width) <= toSigned(b, width);
  }
}
