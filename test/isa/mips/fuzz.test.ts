import { describe, expect, it } from 'vitest';
import { MipsDifferential } from '../../../scripts/fuzz/mips-differential.js';
import { xorshift } from '../../../scripts/fuzz/mips-generator.js';

// A small slice of `npm run fuzz:lifter`: random sequences run in Unicorn and evaluated by the lifter.
describe('MIPS lifter agrees with Unicorn', () => {
  for (const endian of ['be', 'le'] as const) {
    it(`on random sequences (${endian})`, () => {
      const d = new MipsDifferential(endian);
      const r = xorshift(endian === 'be' ? 11 : 12);
      let instructions = 0;
      const bad = [];
      try {
        for (let slot = 0; instructions < 400; slot++) {
          const res = d.runSequence(r, 24, slot);
          instructions += res.instructions;
          bad.push(...res.disagreements);
        }
      } finally {
        d.close();
      }
      expect(bad).toEqual([]);
    });
  }
});
