/**
 * Lifters for loads and stores (C6.2 LDR/STR/LDP/STP/LDXR/LDADD/CAS ...). The address is computed
 * into a temporary first, so a load into the base register or a writeback never changes it;
 * writeback comes last, after the access (`ldr x1, [x0], #8`: load, then base update).
 */
import {
  add, and, eq, ite, konst, load, not, or, sext, slt, tmp, ult, undef, xor, zext, type Expr, type Stmt,
} from '../../../ir/index.js';
import { type Addressing, type Atomic, type CompareSwap, type Exclusive, type Gpr, type LoadStore, type LoadStorePair, type SimdMemory } from '../types.js';
import { extendReg, read, write } from './operands.js';

const ADDR = 0;

/** The access address (t0) and, for pre/post-index, the base update that must follow the access. */
function address(pc: bigint, a: Addressing): { stmts: Stmt[]; writeback: Stmt[] } {
  let value: Expr;
  let writeback: Stmt[] = [];
  switch (a.mode) {
    case 'literal': value = konst(a.target, 64); break;
    case 'register': value = add(read(a.rn, 64), extendReg(a.rm, a.extend, a.amount, 64)); break;
    case 'offset': value = add(read(a.rn, 64), konst(a.imm, 64)); break;
    case 'pre':
      value = add(read(a.rn, 64), konst(a.imm, 64));
      writeback = write(pc, a.rn, tmp(ADDR, 64));
      break;
    case 'post':
      value = read(a.rn, 64);
      writeback = write(pc, a.rn, add(tmp(ADDR, 64), konst(a.imm, 64)));
      break;
  }
  return { stmts: [{ kind: 'let', pc, index: ADDR, value }], writeback };
}

const at = (offset: number): Expr => add(tmp(ADDR, 64), konst(offset, 64));
const SIMD_VALUE = 'SIMD&FP register contents are not modelled';

/** General-register value loaded from memory, extended as the instruction says. */
function loaded(addrExpr: Expr, bytes: number, signed: boolean, regWidth: number): Expr {
  const v = load(addrExpr, bytes * 8, 'le');
  return signed ? sext(v, regWidth) : v;
}

export function loadStoreRegister(i: LoadStore): { stmts: Stmt[]; precise: boolean } {
  const { stmts, writeback } = address(i.pc, i.addr);
  if (i.prefetch) return { stmts: [{ kind: 'external', pc: i.pc, effect: 'prefetch hint' }], precise: true };
  let body: Stmt[];
  let precise = true;
  if (i.load) {
    body = i.simd ? [{ kind: 'let', pc: i.pc, index: 1, value: load(at(0), i.size * 8, 'le') }] : write(i.pc, i.rt, loaded(at(0), i.size, i.signed, i.regWidth));
  } else {
    const value = i.simd ? undef(i.size * 8, SIMD_VALUE) : read(i.rt, i.size * 8);
    precise = !i.simd;
    body = [{ kind: 'store', pc: i.pc, addr: at(0), value, endian: 'le' }];
  }
  return { stmts: [...stmts, ...body, ...writeback], precise };
}

export function loadStorePair(i: LoadStorePair): { stmts: Stmt[]; precise: boolean } {
  const { stmts, writeback } = address(i.pc, i.addr);
  if (!i.load) {
    const value = (r: Gpr) => (i.simd ? undef(i.size * 8, SIMD_VALUE) : read(r, i.size * 8));
    return {
      stmts: [...stmts,
        { kind: 'store', pc: i.pc, addr: at(0), value: value(i.rt), endian: 'le' },
        { kind: 'store', pc: i.pc, addr: at(i.size), value: value(i.rt2), endian: 'le' },
        ...writeback],
      precise: !i.simd,
    };
  }
  if (i.simd) {
    return { stmts: [...stmts, { kind: 'let', pc: i.pc, index: 1, value: load(at(0), i.size * 16, 'le') }, ...writeback], precise: true };
  }
  const width = i.size === 8 || i.signed ? 64 : 32;
  // Both values are read before either register is written.
  return {
    stmts: [...stmts,
      { kind: 'let', pc: i.pc, index: 1, value: loaded(at(0), i.size, i.signed, width) },
      { kind: 'let', pc: i.pc, index: 2, value: loaded(at(i.size), i.size, i.signed, width) },
      ...write(i.pc, i.rt, tmp(1, width)), ...write(i.pc, i.rt2, tmp(2, width)), ...writeback],
    precise: true,
  };
}

/** AdvSIMD structure transfers: the bytes move between memory and vector registers (not modelled). */
export function simdStructure(i: SimdMemory): { stmts: Stmt[]; precise: boolean } {
  const base: Stmt = { kind: 'let', pc: i.pc, index: ADDR, value: read(i.rn, 64) };
  const access: Stmt = i.load
    ? { kind: 'let', pc: i.pc, index: 1, value: load(at(0), i.bytes * 8, 'le') }
    : { kind: 'store', pc: i.pc, addr: at(0), value: undef(i.bytes * 8, SIMD_VALUE), endian: 'le' };
  const post = i.post === null ? [] : write(i.pc, i.rn, add(tmp(ADDR, 64), 'imm' in i.post ? konst(i.post.imm, 64) : read(i.post.rm, 64)));
  return { stmts: [base, access, ...post], precise: i.load };
}

/** Whether a store-exclusive succeeds depends on the exclusive monitor, which is not modelled. */
const MONITOR = 'exclusive monitor state is not modelled';

export function exclusiveOrOrdered(i: Exclusive): Stmt[] {
  const base: Stmt = { kind: 'let', pc: i.pc, index: ADDR, value: read(i.rn, 64) };
  const bits = i.size * 8;
  if (i.load) {
    if (!i.pair) return [base, ...write(i.pc, i.rt, load(at(0), bits, 'le'))];
    return [base,
      { kind: 'let', pc: i.pc, index: 1, value: load(at(0), bits, 'le') },
      { kind: 'let', pc: i.pc, index: 2, value: load(at(i.size), bits, 'le') },
      ...write(i.pc, i.rt, tmp(1, bits)), ...write(i.pc, i.rt2!, tmp(2, bits))];
  }
  if (!i.exclusive) return [base, { kind: 'store', pc: i.pc, addr: at(0), value: read(i.rt, bits), endian: 'le' }];
  const ok = tmp(3, 1);
  const stores: Stmt[] = [{ kind: 'store', pc: i.pc, addr: at(0), value: read(i.rt, bits), endian: 'le', guard: ok }];
  if (i.pair) stores.push({ kind: 'store', pc: i.pc, addr: at(i.size), value: read(i.rt2!, bits), endian: 'le', guard: ok });
  return [base, { kind: 'let', pc: i.pc, index: 3, value: undef(1, MONITOR) }, ...stores, ...write(i.pc, i.rs!, zext(not(ok), 32))];
}

function atomicResult(op: Atomic['op'], old: Expr, s: Expr): Expr {
  switch (op) {
    case 'add': return add(old, s);
    case 'clr': return and(old, not(s));
    case 'eor': return xor(old, s);
    case 'set': return or(old, s);
    case 'smax': return ite(slt(old, s), s, old);
    case 'smin': return ite(slt(s, old), s, old);
    case 'umax': return ite(ult(old, s), s, old);
    case 'umin': return ite(ult(s, old), s, old);
    case 'swp': return s;
  }
}

export function atomicMemory(i: Atomic): Stmt[] {
  const bits = i.size * 8;
  const old = tmp(1, bits);
  return [
    { kind: 'let', pc: i.pc, index: ADDR, value: read(i.rn, 64) },
    { kind: 'let', pc: i.pc, index: 1, value: load(at(0), bits, 'le') },
    { kind: 'store', pc: i.pc, addr: at(0), value: atomicResult(i.op, old, read(i.rs, bits)), endian: 'le' },
    ...write(i.pc, i.rt, old),
  ];
}

export function compareAndSwap(i: CompareSwap): Stmt[] {
  const bits = i.size * 8;
  const lets: Stmt[] = [{ kind: 'let', pc: i.pc, index: ADDR, value: read(i.rn, 64) }];
  if (!i.pair) {
    const old = tmp(1, bits);
    return [...lets,
      { kind: 'let', pc: i.pc, index: 1, value: load(at(0), bits, 'le') },
      { kind: 'store', pc: i.pc, addr: at(0), value: read(i.rt, bits), endian: 'le', guard: eq(old, read(i.rs, bits)) },
      ...write(i.pc, i.rs, old)];
  }
  const o1 = tmp(1, bits);
  const o2 = tmp(2, bits);
  const match = and(eq(o1, read(i.rs, bits)), eq(o2, read(i.rs + 1, bits)));
  return [...lets,
    { kind: 'let', pc: i.pc, index: 1, value: load(at(0), bits, 'le') },
    { kind: 'let', pc: i.pc, index: 2, value: load(at(i.size), bits, 'le') },
    { kind: 'store', pc: i.pc, addr: at(0), value: read(i.rt, bits), endian: 'le', guard: match },
    { kind: 'store', pc: i.pc, addr: at(i.size), value: read(i.rt + 1, bits), endian: 'le', guard: match },
    ...write(i.pc, i.rs, o1), ...write(i.pc, i.rs + 1, o2)];
}

