import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { executableSections } from '../../../scripts/elf-text.js';
import { decode, lift } from '../../../src/isa/mips/index.js';

describe('MIPS lifter coverage of real kernel code', () => {
  it('lifts every instruction of net/core/skbuff.o (Linux 6.1, MIPS32r2 BE) precisely', () => {
    const { endian, sections } = executableSections(readFileSync(new URL('../../../fixtures/image/mips-be-skbuff.o', import.meta.url)));
    expect(endian).toBe('be');
    let total = 0;
    const imprecise: string[] = [];
    for (const s of sections) {
      s.words.forEach((w, i) => {
        const insn = decode(w, s.address + BigInt(i * 4));
        total++;
        if (!lift(insn, endian).precise || insn.form === 'UNKNOWN') imprecise.push(`${s.name}+${(i * 4).toString(16)}: ${insn.form}`);
      });
    }
    expect(total).toBeGreaterThan(9000);
    expect(imprecise).toEqual([]);
  });
});
