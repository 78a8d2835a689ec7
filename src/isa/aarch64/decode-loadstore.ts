/** Encodings of C4.1.84 "Loads and Stores" (general and SIMD&FP single registers and pairs). */
import { branchTarget, enc, type Encoding, type Site } from './encoding.js';
import { EXTENDS } from './decode-data.js';
import { signExtend } from './pattern.js';
import { SP, type Addressing, type AtomicOp, type Insn, type LoadStore } from './types.js';

const orSp = (r: number): number => (r === 31 ? SP : r);
const ATOMIC_OPS: readonly AtomicOp[] = ['add', 'clr', 'eor', 'set', 'smax', 'smin', 'umax', 'umin'];
const SUFFIX = ['b', 'h', '', ''] as const;

/** What size:V:opc of a single-register load/store means (shared by every addressing form). */
interface Access { load: boolean; size: 1 | 2 | 4 | 8 | 16; signed: boolean; regWidth: 32 | 64; simd: boolean; prefetch: boolean }

function access(size: number, v: number, opc: number): Access | null {
  if (v) {
    if (opc >= 2) return size === 0 ? { load: opc === 3, size: 16, signed: false, regWidth: 64, simd: true, prefetch: false } : null;
    return { load: opc === 1, size: (1 << size) as 1 | 2 | 4 | 8, signed: false, regWidth: 64, simd: true, prefetch: false };
  }
  const bytes = (1 << size) as 1 | 2 | 4 | 8;
  if (opc < 2) return { load: opc === 1, size: bytes, signed: false, regWidth: size === 3 ? 64 : 32, simd: false, prefetch: false };
  if (size === 3) return opc === 2 ? { load: true, size: 8, signed: false, regWidth: 64, simd: false, prefetch: true } : null;
  if (size === 2 && opc === 3) return null;
  return { load: true, size: bytes, signed: true, regWidth: opc === 2 ? 64 : 32, simd: false, prefetch: false };
}

/** ldr/str base mnemonic with its size suffix: ldrsb, strh, ldrsw; SIMD and prfm take none. */
function mnemonic(stem: 'ld' | 'st', kind: 'r' | 'ur' | 'tr', a: Access, size: number): string {
  if (a.prefetch) return kind === 'ur' ? 'prfum' : 'prfm';
  const suffix = a.simd ? '' : `${a.signed ? 's' : ''}${SUFFIX[size]}${a.signed && size === 2 ? 'w' : ''}`;
  return `${stem}${kind}${suffix}`;
}

function single(s: Site, form: string, op: string, a: Access, rt: number, addr: Addressing): LoadStore {
  return {
    word: s.word, pc: s.pc, kind: 'loadStore', form, op, load: a.load, size: a.size, signed: a.signed, regWidth: a.regWidth,
    simd: a.simd, prefetch: a.prefetch, rt, addr,
  };
}

function pairAccess(opc: number, v: number, l: number): { size: 4 | 8 | 16; signed: boolean } | null {
  if (v) return opc === 3 ? null : { size: (4 << opc) as 4 | 8 | 16, signed: false };
  if (opc === 0) return { size: 4, signed: false };
  if (opc === 2) return { size: 8, signed: false };
  if (opc === 1 && l) return { size: 4, signed: true };
  return null;
}

const ARRANGEMENTS = ['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'] as const;
/** AdvSIMD multiple structures by opcode: registers, structure elements. */
const MULTIPLE: Readonly<Record<number, readonly [regs: number, selem: number]>> = {
  0b0000: [4, 4], 0b0010: [4, 1], 0b0100: [3, 3], 0b0110: [3, 1], 0b0111: [1, 1], 0b1000: [2, 2], 0b1010: [2, 1],
};

function simdPost(post: number, rm: number, bytes: number): { imm: number } | { rm: number } | null {
  if (!post) return null;
  return rm === 31 ? { imm: bytes } : { rm };
}

export const LOAD_STORE: readonly Encoding[] = [
  enc('0 Q:1 001100 post:1 L:1 0 Rm:5 opcode:4 size:2 Rn:5 Rt:5', (f, s) => {
    const m = MULTIPLE[f.opcode];
    if (!m || (!f.post && f.Rm !== 0) || (f.size === 3 && !f.Q && m[1] > 1)) return null;
    const [count, selem] = m;
    const bytes = count * (f.Q ? 16 : 8);
    const op = `${f.L ? 'ld' : 'st'}${selem}`;
    return { word: s.word, pc: s.pc, kind: 'simdMemory', form: op.toUpperCase(), op, load: f.L === 1, rn: orSp(f.Rn), bytes,
      rt: f.Rt, count, arrangement: ARRANGEMENTS[(f.size << 1) | f.Q]!, index: null, post: simdPost(f.post, f.Rm, bytes) };
  }),
  enc('0 Q:1 001101 post:1 L:1 R:1 Rm:5 opcode:3 S:1 size:2 Rn:5 Rt:5', (f, s) => {
    if (!f.post && f.Rm !== 0) return null;
    const selem = (((f.opcode & 1) << 1) | f.R) + 1;
    const scale = f.opcode >> 1;
    const base = { word: s.word, pc: s.pc, kind: 'simdMemory' as const, load: f.L === 1, rn: orSp(f.Rn), rt: f.Rt, count: selem };
    if (scale === 3) {
      if (!f.L || f.S) return null;
      const bytes = selem << f.size;
      const op = `ld${selem}r`;
      return { ...base, form: op.toUpperCase(), op, bytes, arrangement: ARRANGEMENTS[(f.size << 1) | f.Q]!, index: null, post: simdPost(f.post, f.Rm, bytes) };
    }
    let esize: number;
    let index: number;
    if (scale === 0) { esize = 1; index = (f.Q << 3) | (f.S << 2) | f.size; }
    else if (scale === 1) { if (f.size & 1) return null; esize = 2; index = (f.Q << 2) | (f.S << 1) | (f.size >> 1); }
    else if (f.size === 0) { esize = 4; index = (f.Q << 1) | f.S; }
    else if (f.size === 1 && !f.S) { esize = 8; index = f.Q; }
    else return null;
    const bytes = selem * esize;
    const op = `${f.L ? 'ld' : 'st'}${selem}`;
    return { ...base, form: `${op.toUpperCase()}_single`, op, bytes, arrangement: ({ 1: 'b', 2: 'h', 4: 's', 8: 'd' } as Record<number, string>)[esize]!,
      index, post: simdPost(f.post, f.Rm, bytes) };
  }),
  enc('opc:2 011 V:1 00 imm19:19 Rt:5', (f, s) => {
    const target = branchTarget(s.pc, signExtend(f.imm19, 19) * 4);
    let a: Access | null;
    if (f.V) a = f.opc === 3 ? null : { load: true, size: (4 << f.opc) as 4 | 8 | 16, signed: false, regWidth: 64, simd: true, prefetch: false };
    else if (f.opc === 3) a = { load: true, size: 8, signed: false, regWidth: 64, simd: false, prefetch: true };
    else a = { load: true, size: f.opc === 1 ? 8 : 4, signed: f.opc === 2, regWidth: f.opc === 0 ? 32 : 64, simd: false, prefetch: false };
    if (!a) return null;
    const op = a.prefetch ? 'prfm' : a.signed ? 'ldrsw' : 'ldr';
    return single(s, `${op.toUpperCase()}_lit`, op, a, f.Rt, { mode: 'literal', target });
  }),
  enc('size:2 001000 o2:1 L:1 o1:1 Rs:5 o0:1 Rt2:5 Rn:5 Rt:5', (f, s) => exclusiveOrdered(f, s)),
  enc('size:2 011001 opc:2 0 imm9:9 00 Rn:5 Rt:5', (f, s) => {
    // LDAPUR/STLUR (RCpc unscaled): like LDUR/STUR with acquire/release ordering.
    const a = access(f.size, 0, f.opc);
    if (!a || a.prefetch) return null;
    const base = f.opc === 0 ? 'stlur' : 'ldapur';
    const op = `${base}${a.signed ? 's' : ''}${SUFFIX[f.size]}${a.signed && f.size === 2 ? 'w' : ''}`;
    return single(s, `${base.toUpperCase()}${a.signed ? 'S' : ''}`, op, a, f.Rt, { mode: 'offset', rn: orSp(f.Rn), imm: signExtend(f.imm9, 9) });
  }),
  enc('opc:2 101 V:1 0 mode:2 L:1 imm7:7 Rt2:5 Rn:5 Rt:5', (f, s) => {
    const a = pairAccess(f.opc, f.V, f.L);
    if (!a || (f.mode === 0 && a.signed)) return null;
    const imm = signExtend(f.imm7, 7) * a.size;
    const rn = orSp(f.Rn);
    const addr = f.mode === 1 ? { mode: 'post' as const, rn, imm } : f.mode === 3 ? { mode: 'pre' as const, rn, imm } : { mode: 'offset' as const, rn, imm };
    const op = f.mode === 0 ? (f.L ? 'ldnp' : 'stnp') : a.signed ? 'ldpsw' : f.L ? 'ldp' : 'stp';
    return { word: s.word, pc: s.pc, kind: 'loadStorePair', form: op.toUpperCase(), op, load: f.L === 1, size: a.size, signed: a.signed, simd: f.V === 1,
      rt: f.Rt, rt2: f.Rt2, addr };
  }),
  enc('size:2 111 V:1 00 opc:2 0 imm9:9 idx:2 Rn:5 Rt:5', (f, s) => {
    const a = access(f.size, f.V, f.opc);
    if (!a) return null;
    const imm = signExtend(f.imm9, 9);
    const rn = orSp(f.Rn);
    const stem = a.load ? 'ld' : 'st';
    switch (f.idx) {
      case 0: {
        const op = mnemonic(stem, 'ur', a, f.size);
        return single(s, op.toUpperCase(), op, a, f.Rt, { mode: 'offset', rn, imm });
      }
      case 2: {
        if (a.simd || a.prefetch) return null;
        const op = mnemonic(stem, 'tr', a, f.size);
        return single(s, op.toUpperCase(), op, a, f.Rt, { mode: 'offset', rn, imm });
      }
      default: {
        if (a.prefetch) return null;
        const op = mnemonic(stem, 'r', a, f.size);
        return single(s, `${op.toUpperCase()}_imm`, op, a, f.Rt, { mode: f.idx === 1 ? 'post' : 'pre', rn, imm });
      }
    }
  }),
  enc('size:2 111 V:1 00 A:1 R:1 1 Rs:5 o3:1 opc:3 00 Rn:5 Rt:5', (f, s): Insn | null => {
    if (f.V) return null;
    const size = (1 << f.size) as 1 | 2 | 4 | 8;
    const rn = orSp(f.Rn);
    if (f.o3 && f.opc === 4) {
      if (!f.A || f.R || f.Rs !== 31) return null;
      return { word: s.word, pc: s.pc, kind: 'exclusive', form: 'LDAPR', op: `ldapr${SUFFIX[f.size]}`, load: true, size, pair: false,
        exclusive: false, acquire: true, release: false, rs: null, rt: f.Rt, rt2: null, rn };
    }
    const op = f.o3 ? (f.opc === 0 ? 'swp' : null) : ATOMIC_OPS[f.opc]!;
    if (!op) return null;
    return { word: s.word, pc: s.pc, kind: 'atomic', form: op === 'swp' ? 'SWP' : `LD${op.toUpperCase()}`, op, size, acquire: f.A === 1, release: f.R === 1,
      rs: f.Rs, rt: f.Rt, rn };
  }),
  enc('size:2 111 V:1 00 opc:2 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5', (f, s) => {
    const a = access(f.size, f.V, f.opc);
    if (!a || (f.option & 2) === 0) return null;
    const op = mnemonic(a.load ? 'ld' : 'st', 'r', a, f.size);
    const scale = a.simd && a.size === 16 ? 4 : f.size;
    return single(s, `${op.toUpperCase()}_reg`, op, a, f.Rt,
      { mode: 'register', rn: orSp(f.Rn), rm: f.Rm, extend: EXTENDS[f.option]!, amount: f.S ? scale : 0, scaled: f.S === 1 });
  }),
  enc('size:2 111 V:1 01 opc:2 imm12:12 Rn:5 Rt:5', (f, s) => {
    const a = access(f.size, f.V, f.opc);
    if (!a) return null;
    const op = mnemonic(a.load ? 'ld' : 'st', 'r', a, f.size);
    return single(s, `${op.toUpperCase()}_imm`, op, a, f.Rt, { mode: 'offset', rn: orSp(f.Rn), imm: f.imm12 * a.size });
  }),
];

interface ExclusiveFields { size: number; o2: number; L: number; o1: number; Rs: number; o0: number; Rt2: number; Rn: number; Rt: number }

/** C4.1.84 "Load/store exclusive" and "Load/store ordered", plus CAS/CASP in the same space. */
function exclusiveOrdered(f: ExclusiveFields, s: Site): Insn | null {
  const size = (1 << f.size) as 1 | 2 | 4 | 8;
  const rn = orSp(f.Rn);
  const load = f.L === 1;
  const sfx = SUFFIX[f.size];
  if (f.o1 && (f.o2 || f.size < 2)) {
    // CAS (o2 = 1) or CASP (o2 = 0, size 0x): L = acquire, o0 = release.
    if (f.Rt2 !== 31) return null;
    const pair = f.o2 === 0;
    if (pair && ((f.Rs & 1) || (f.Rt & 1))) return null;
    const casSize = pair ? ((f.size === 0 ? 4 : 8) as 4 | 8) : size;
    return { word: s.word, pc: s.pc, kind: 'cas', form: pair ? 'CASP' : 'CAS', size: casSize, pair, acquire: load, release: f.o0 === 1, rs: f.Rs, rt: f.Rt, rn };
  }
  if (f.o2) {
    // LDAR/STLR (o0 = 1) and LDLAR/STLLR (o0 = 0); Rs and Rt2 are should-be-one fields.
    if (f.Rs !== 31 || f.Rt2 !== 31) return null;
    const op = `${load ? (f.o0 ? 'ldar' : 'ldlar') : f.o0 ? 'stlr' : 'stllr'}${sfx}`;
    return { word: s.word, pc: s.pc, kind: 'exclusive', form: op.replace(/[bh]$/, '').toUpperCase(), op, load, size, pair: false, exclusive: false,
      acquire: load, release: !load, rs: null, rt: f.Rt, rt2: null, rn };
  }
  const pair = f.o1 === 1;
  const op = `${load ? (f.o0 ? 'ldax' : 'ldx') : f.o0 ? 'stlx' : 'stx'}${pair ? 'p' : `r${sfx}`}`;
  const elem = (pair ? (f.size === 2 ? 4 : 8) : size) as 1 | 2 | 4 | 8;
  return { word: s.word, pc: s.pc, kind: 'exclusive', form: op.toUpperCase(), op, load, size: elem, pair, exclusive: true,
    acquire: load && f.o0 === 1, release: !load && f.o0 === 1, rs: load ? null : f.Rs, rt: f.Rt, rt2: pair ? f.Rt2 : null, rn };
}
