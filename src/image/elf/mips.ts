/**
 * MIPS32 REL relocations as the System V MIPS psABI defines them and the kernel's module loader
 * (arch/mips/kernel/module.c) applies them: the addend lives in the relocated field; an R_MIPS_HI16
 * takes its addend together with the next R_MIPS_LO16 against the same symbol (AHL = AHI<<16 +
 * sext(ALO)), and %hi carries when the low half is negative.
 */
import { readWord, writeWord } from '../words.js';
import { signExtend, target, type Relocator, type SymbolicRelocation } from './relocate.js';
import type { RelocationTarget } from '../types.js';

const R_MIPS_NONE = 0;
const R_MIPS_32 = 2;
const R_MIPS_26 = 4;
const R_MIPS_HI16 = 5;
const R_MIPS_LO16 = 6;
const R_MIPS_PC16 = 10;

const NAMES: Record<number, string> = {
  0: 'MIPS_NONE',
  1: 'MIPS_16',
  2: 'MIPS_32',
  3: 'MIPS_REL32',
  4: 'MIPS_26',
  5: 'MIPS_HI16',
  6: 'MIPS_LO16',
  7: 'MIPS_GPREL16',
  9: 'MIPS_GOT16',
  10: 'MIPS_PC16',
  11: 'MIPS_CALL16',
  12: 'MIPS_GPREL32',
};

const u32 = (v: bigint): number => Number(BigInt.asUintN(32, v));

function unknown(r: SymbolicRelocation): { ok: false; note: string } {
  return { ok: false, note: r.unknownReason ?? `${r.symbol} has no known address` };
}

export const mipsRelocator: Relocator = {
  typeName: (type) => NAMES[type] ?? `MIPS_${type}`,

  relocate(relocations, section) {
    const { bytes, endian } = section;
    const field = (r: SymbolicRelocation): number => readWord(bytes, r.offset, endian);
    const put = (r: SymbolicRelocation, v: number): void => writeWord(bytes, r.offset, v, endian);
    const out: RelocationTarget[] = [];
    const pendingHi: SymbolicRelocation[] = [];
    // The most recent AHI per symbol: a LO16 that follows an already paired HI16 shares its high half.
    const lastHigh = new Map<string, bigint>();

    for (const r of relocations) {
      const name = this.typeName(r.type);
      const S = r.symbolValue;
      const P = section.base + BigInt(r.offset);
      switch (r.type) {
        case R_MIPS_NONE:
          break;
        case R_MIPS_32: {
          const A = BigInt(field(r));
          if (S !== null) put(r, u32(S + A));
          out.push(target(section, r, name, A, S === null ? unknown(r) : { ok: true }));
          break;
        }
        case R_MIPS_26: {
          const word = field(r);
          const A = BigInt(word & 0x3ffffff) << 2n;
          if (S === null) {
            out.push(target(section, r, name, A, unknown(r)));
            break;
          }
          const dest = BigInt.asUintN(32, S + A);
          if ((dest & 0xf0000000n) !== ((P + 4n) & 0xf0000000n)) {
            out.push(target(section, r, name, A, { ok: false, note: `target 0x${dest.toString(16)} is outside the 256 MB region of the jump` }));
            break;
          }
          put(r, ((word & ~0x3ffffff) | Number((dest >> 2n) & 0x3ffffffn)) >>> 0);
          out.push(target(section, r, name, A, { ok: true }));
          break;
        }
        case R_MIPS_HI16:
          pendingHi.push(r);
          break;
        case R_MIPS_LO16: {
          const lo = signExtend(BigInt(field(r) & 0xffff), 16);
          for (let i = 0; i < pendingHi.length; ) {
            const hi = pendingHi[i] as SymbolicRelocation;
            if (hi.symbol !== r.symbol || hi.symbolValue !== S) {
              i++;
              continue;
            }
            pendingHi.splice(i, 1);
            const ahi = BigInt(field(hi) & 0xffff);
            lastHigh.set(r.symbol, ahi);
            const ahl = (ahi << 16n) + lo;
            if (S !== null) put(hi, ((field(hi) & 0xffff0000) | Number(((S + ahl + 0x8000n) >> 16n) & 0xffffn)) >>> 0);
            out.push(target(section, hi, this.typeName(hi.type), ahl, S === null ? unknown(hi) : { ok: true }));
          }
          const ahl = ((lastHigh.get(r.symbol) ?? 0n) << 16n) + lo;
          if (S !== null) put(r, ((field(r) & 0xffff0000) | Number((S + ahl) & 0xffffn)) >>> 0);
          out.push(target(section, r, name, ahl, S === null ? unknown(r) : { ok: true }));
          break;
        }
        case R_MIPS_PC16: {
          const word = field(r);
          const A = signExtend(BigInt(word & 0xffff), 16) << 2n;
          if (S === null) {
            out.push(target(section, r, name, A, unknown(r)));
            break;
          }
          const delta = signExtend(BigInt.asUintN(32, S + A - P), 32) >> 2n;
          if (delta < -0x8000n || delta > 0x7fffn) {
            out.push(target(section, r, name, A, { ok: false, note: 'branch target out of the 18-bit range' }));
            break;
          }
          put(r, ((word & 0xffff0000) | Number(BigInt.asUintN(16, delta))) >>> 0);
          out.push(target(section, r, name, A, { ok: true }));
          break;
        }
        default:
          out.push(target(section, r, name, 0n, { ok: false, note: `relocation type ${name} is not applied by oopsreplay` }));
      }
    }
    for (const hi of pendingHi) {
      out.push(target(section, hi, this.typeName(hi.type), BigInt(field(hi) & 0xffff) << 16n, { ok: false, note: 'R_MIPS_HI16 without a matching R_MIPS_LO16' }));
    }
    return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  },
};
