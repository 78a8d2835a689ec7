/**
 * The MIPS half of `npm run fuzz:lifter`: random sequences in both byte orders through
 * MipsDifferential, with a fresh engine whenever its code slots are used up.
 */
import { CODE_SLOTS, MipsDifferential, type Disagreement } from './fuzz/mips-differential.js';
import { xorshift } from './fuzz/mips-generator.js';

export interface MipsFuzzSummary {
  instructions: number;
  units: number;
  sequences: number;
  fullyKnownChecks: number;
  partialChecks: number;
  ended: { end: number; trap: number; 'unknown-control': number };
  forms: Map<string, number>;
  disagreements: Disagreement[];
  classes: Map<string, number>;
}

export function fuzzMips(count: number, seed: number, length: number, endians: readonly ('be' | 'le')[]): MipsFuzzSummary {
  const r = xorshift(seed);
  const s: MipsFuzzSummary = {
    instructions: 0, units: 0, sequences: 0, fullyKnownChecks: 0, partialChecks: 0,
    ended: { end: 0, trap: 0, 'unknown-control': 0 }, forms: new Map(), disagreements: [], classes: new Map(),
  };
  for (const [k, endian] of endians.entries()) {
    const share = Math.ceil((count * (k + 1)) / endians.length);
    let d = new MipsDifferential(endian);
    let slot = 0;
    try {
      while (s.instructions < share) {
        if (slot === CODE_SLOTS) {
          d.close();
          d = new MipsDifferential(endian);
          slot = 0;
        }
        const res = d.runSequence(r, length, slot++);
        s.sequences++;
        s.instructions += res.instructions;
        s.units += res.units;
        s.fullyKnownChecks += res.fullyKnownChecks;
        s.partialChecks += res.partialChecks;
        s.ended[res.endedBy]++;
        for (const [f, n] of res.byForm) s.forms.set(f, (s.forms.get(f) ?? 0) + n);
        const d0 = res.disagreements[0];
        if (d0) {
          s.disagreements.push(...res.disagreements);
          const cls = `${d0.insn.split('\t')[0]}: ${d0.what.replace(/0x[0-9a-f]+/, 'ADDR')}`;
          s.classes.set(cls, (s.classes.get(cls) ?? 0) + 1);
        }
      }
    } finally {
      d.close();
    }
  }
  return s;
}
