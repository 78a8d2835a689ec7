import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xorshift as rng } from '../../../scripts/xorshift.js';
import { compareWord } from '../../../scripts/oracle/mips-capstone.js';

/**
 * Disagreement classes with Capstone that are explained (src/isa/mips/README.md); anything else fails.
 * Keyed by our form and whether Capstone decodes the word.
 */
const EXPLAINED = new Set([
  'COP1', 'COP1X', 'COP2', 'LWC2', 'LDC2', 'SWC2', 'SDC2', 'DSP', 'MSA', // decoded by class only
  'INS', // msb < lsb: objdump prints the negative size unsigned, Capstone signed
  'WAIT', // non-zero implementation code: Capstone rejects, objdump prints `wait 0x..`
  'CLZ', 'CLO', // rt != rd (manual requires equal): Capstone names rt as destination
  'RDPGPR', 'WRPGPR', // release 2 shadow-register moves: Capstone's MIPS32 mode lacks them
  'DVPE', 'EVPE', // MT ASE: Capstone lacks them
  'MFGC0', 'MTGC0', 'MFHC0', 'MTHC0', // virtualization and XPA: Capstone lacks them
  'RDHWR', // Capstone decodes only hardware register 29
]);
/** Capstone mnemonics it decodes that MIPS32r2 does not have (or has with reserved bits set). */
const NOT_MIPS32R2 = /^(bc0[ft]l?|lsa|dlsa|sync)$/;


describe('MIPS decoder agrees with Capstone', () => {
  it('on every word of the forms fixture, both byte orders', () => {
    for (const endian of ['be', 'le'] as const) {
      const text = readFileSync(new URL(`./fixtures/forms.${endian}.objdump.txt`, import.meta.url), 'utf8');
      const bad: string[] = [];
      for (const m of text.matchAll(/^\s*([0-9a-f]+):\s+([0-9a-f]{8})/gm)) {
        const v = compareWord(parseInt(m[2]!, 16), BigInt(`0x${m[1]}`), endian);
        if (!v.agree && !EXPLAINED.has(v.form)) bad.push(`${m[2]}: ours "${v.ours}" capstone "${v.theirs}"`);
      }
      expect(bad).toEqual([]);
    }
  });
  it('on 20,000 random words, up to explained classes', () => {
    const next = rng(2026);
    const bad: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = compareWord(next(), 0x80000000n + BigInt(i * 4), i % 2 ? 'le' : 'be');
      if (v.agree || EXPLAINED.has(v.form)) continue;
      if (v.form === 'UNKNOWN' && NOT_MIPS32R2.test(v.theirs.split(' ')[0]!)) continue;
      bad.push(`${v.word.toString(16)}: ${v.form} ours "${v.ours}" capstone "${v.theirs}"`);
    }
    expect(bad).toEqual([]);
  });
});
