/**
 * `npm run fuzz:lifter -- --arch mips --count N [--seed S] [--endian be|le|both] [--length L]`:
 * differential fuzz of the lifter against Unicorn over random straight-line sequences (forward
 * branches included). Prints the first disagreements, then one JSON summary on the last line.
 */
import { UserError } from '../src/errors.js';
import { CODE_SLOTS, MipsDifferential, type Disagreement } from './fuzz/mips-differential.js';
import { xorshift } from './fuzz/mips-generator.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : def;
}

const arch = 'mips';
const count = Number(arg('--count', '100000'));
const seed = Number(arg('--seed', '1'));
const length = Number(arg('--length', '24'));
const endians = arg('--endian', 'both') === 'both' ? (['be', 'le'] as const) : ([arg('--endian', 'be')] as ('be' | 'le')[]);

const started = performance.now();
const r = xorshift(seed);
let instructions = 0, units = 0, sequences = 0, fullyKnownChecks = 0, partialChecks = 0;
const ended = { end: 0, trap: 0, 'unknown-control': 0 };
const forms = new Map<string, number>();
const disagreements: Disagreement[] = [];
const classes = new Map<string, number>();
// One engine at a time, byte orders one after the other.
for (const [k, endian] of endians.entries()) {
  const share = Math.ceil((count * (k + 1)) / endians.length);
  let d = new MipsDifferential(endian);
  let slot = 0;
  try {
    while (instructions < share) {
      if (slot === CODE_SLOTS) {
        d.close();
        d = new MipsDifferential(endian);
        slot = 0;
      }
      const res = d.runSequence(r, length, slot++);
      sequences++;
      instructions += res.instructions;
      units += res.units;
      fullyKnownChecks += res.fullyKnownChecks;
      partialChecks += res.partialChecks;
      ended[res.endedBy]++;
      for (const [f, n] of res.byForm) forms.set(f, (forms.get(f) ?? 0) + n);
      if (res.disagreements.length > 0) {
        disagreements.push(...res.disagreements);
        if (disagreements.length <= 3) console.log(JSON.stringify(res.disagreements[0], null, 1));
        const d0 = res.disagreements[0]!;
        const cls = `${d0.insn.split('\t')[0]}: ${d0.what.replace(/0x[0-9a-f]+/, 'ADDR')}`;
        classes.set(cls, (classes.get(cls) ?? 0) + 1);
      }
    }
  } finally {
    d.close();
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  arch, endians, seed, instructions, units, sequences, disagreements: disagreements.length,
  registerChecksFullyKnown: fullyKnownChecks, registerChecksPartlyKnown: partialChecks, sequencesEndedBy: ended,
  disagreementClasses: Object.fromEntries([...classes].sort((a, b) => b[1] - a[1]).slice(0, 20)), formsCovered: forms.size, seconds: Math.round(seconds * 10) / 10,
}));
