/**
 * AArch64 RELA relocations after "ELF for the Arm 64-bit Architecture" (AAELF64), section 5.7:
 * X = S + A, P = place; Page(x) = x & ~0xfff. Instruction fields: imm26 for B/BL, imm19 at
 * [23:5] for B.cond/CBZ/LDR literal, imm14 at [18:5] for TBZ, immlo [30:29] + immhi [23:5] for
 * ADR/ADRP, imm12 at [21:10] (scaled by the access size for LDR/STR) for the :lo12: forms.
 */
import { readWord, writeWord } from '../words.js';
import { signExtend, target, type Relocator, type SectionPatch, type SymbolicRelocation } from './relocate.js';
import type { RelocationTarget } from '../types.js';

const NAMES: Record<number, string> = {
  0: 'AARCH64_NONE',
  257: 'AARCH64_ABS64',
  258: 'AARCH64_ABS32',
  259: 'AARCH64_ABS16',
  260: 'AARCH64_PREL64',
  261: 'AARCH64_PREL32',
  262: 'AARCH64_PREL16',
  263: 'AARCH64_MOVW_UABS_G0',
  264: 'AARCH64_MOVW_UABS_G0_NC',
  265: 'AARCH64_MOVW_UABS_G1',
  266: 'AARCH64_MOVW_UABS_G1_NC',
  267: 'AARCH64_MOVW_UABS_G2',
  268: 'AARCH64_MOVW_UABS_G2_NC',
  269: 'AARCH64_MOVW_UABS_G3',
  273: 'AARCH64_LD_PREL_LO19',
  274: 'AARCH64_ADR_PREL_LO21',
  275: 'AARCH64_ADR_PREL_PG_HI21',
  276: 'AARCH64_ADR_PREL_PG_HI21_NC',
  277: 'AARCH64_ADD_ABS_LO12_NC',
  278: 'AARCH64_LDST8_ABS_LO12_NC',
  279: 'AARCH64_TSTBR14',
  280: 'AARCH64_CONDBR19',
  282: 'AARCH64_JUMP26',
  283: 'AARCH64_CALL26',
  284: 'AARCH64_LDST16_ABS_LO12_NC',
  285: 'AARCH64_LDST32_ABS_LO12_NC',
  286: 'AARCH64_LDST64_ABS_LO12_NC',
  299: 'AARCH64_LDST128_ABS_LO12_NC',
};

/** Access-size shift of the LDSTn_ABS_LO12_NC relocations. */
const LDST_SHIFT: Record<number, bigint> = { 278: 0n, 284: 1n, 285: 2n, 286: 3n, 299: 4n };

type Outcome = { ok: true } | { ok: false; note: string };

/** Insert `value` (already range-checked) into bits [lsb, lsb+width) of the instruction. */
function insert(word: number, value: bigint, lsb: number, width: number): number {
  const mask = ((1 << width) - 1) << lsb;
  return ((word & ~mask) | ((Number(BigInt.asUintN(width, value)) << lsb) & mask)) >>> 0;
}

function fits(value: bigint, bits: number): boolean {
  return value >= -(1n << BigInt(bits - 1)) && value < 1n << BigInt(bits - 1);
}

/** Computes the new bytes of one relocation; returns the outcome. */
function apply(r: SymbolicRelocation, section: SectionPatch, X: bigint): Outcome {
  const { bytes, endian } = section;
  const P = section.base + BigInt(r.offset);
  const word = (): number => readWord(bytes, r.offset, endian);
  const set = (w: number): Outcome => {
    writeWord(bytes, r.offset, w, endian);
    return { ok: true };
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = endian === 'little';
  const branch = (bits: number, lsb: number): Outcome => {
    const delta = signExtend(BigInt.asUintN(64, X - P), 64);
    if ((delta & 3n) !== 0n || !fits(delta >> 2n, bits)) return { ok: false, note: `target out of range of the ${bits}-bit branch (a module PLT would be used)` };
    return set(insert(word(), delta >> 2n, lsb, bits));
  };
  switch (r.type) {
    case 257:
      view.setBigUint64(r.offset, BigInt.asUintN(64, X), little);
      return { ok: true };
    case 258:
      view.setUint32(r.offset, Number(BigInt.asUintN(32, X)), little);
      return { ok: true };
    case 260:
      view.setBigUint64(r.offset, BigInt.asUintN(64, X - P), little);
      return { ok: true };
    case 261: {
      const delta = signExtend(BigInt.asUintN(64, X - P), 64);
      if (!fits(delta, 32)) return { ok: false, note: 'place-relative value does not fit 32 bits' };
      view.setInt32(r.offset, Number(delta), little);
      return { ok: true };
    }
    case 282:
    case 283:
      return branch(26, 0);
    case 280:
    case 273:
      return branch(19, 5);
    case 279:
      return branch(14, 5);
    case 274:
    case 275:
    case 276: {
      const delta = r.type === 274 ? signExtend(BigInt.asUintN(64, X - P), 64) : signExtend(BigInt.asUintN(64, (X & ~0xfffn) - (P & ~0xfffn)), 64) >> 12n;
      if (r.type !== 276 && !fits(delta, 21)) return { ok: false, note: 'ADR/ADRP target out of the 21-bit range' };
      return set(insert(insert(word(), delta & 3n, 29, 2), delta >> 2n, 5, 19));
    }
    case 277:
      return set(insert(word(), X & 0xfffn, 10, 12));
    case 278:
    case 284:
    case 285:
    case 286:
    case 299: {
      const shift = LDST_SHIFT[r.type] as bigint;
      return set(insert(word(), (X & 0xfffn) >> shift, 10, 12));
    }
    case 263:
    case 264:
    case 265:
    case 266:
    case 267:
    case 268:
    case 269: {
      const group = BigInt((r.type - 263) >> 1);
      return set(insert(word(), (X >> (16n * group)) & 0xffffn, 5, 16));
    }
    default:
      return { ok: false, note: `relocation type ${NAMES[r.type] ?? r.type} is not applied by oopsreplay` };
  }
}

export const aarch64Relocator: Relocator = {
  typeName: (type) => NAMES[type] ?? `AARCH64_${type}`,

  relocate(relocations, section) {
    const out: RelocationTarget[] = [];
    for (const r of relocations) {
      if (r.type === 0) continue;
      const A = r.addend ?? 0n;
      const outcome: Outcome = r.symbolValue === null ? { ok: false, note: r.unknownReason ?? `${r.symbol} has no known address` } : apply(r, section, r.symbolValue + A);
      out.push(target(section, r, this.typeName(r.type), A, outcome));
    }
    return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  },
};
