/**
 * `npm run fuzz:lifter -- --arch aarch64 --count N [--seed S] [--length L]`: differential fuzz of
 * a lifter against Unicorn, dispatched by architecture. Prints the first disagreements, then one
 * JSON summary on the last line.
 */
import { UserError } from '../src/errors.js';
import { fuzzAarch64 } from './fuzz-lifter-aarch64.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : def;
}

const arch = 'aarch64';
const count = Number(arg('--count', '100000'));
const seed = Number(arg('--seed', '1'));
const length = Number(arg('--length', '256'));
if (!Number.isSafeInteger(count) || count <= 0) throw new UserError(`--count must be a positive integer, got ${arg('--count', '')}`);

const started = performance.now();
const s = fuzzAarch64(count, seed, length);
const seconds = (performance.now() - started) / 1000;
for (const d of s.first) console.log(`${d.pc} ${d.word} ${d.text}: ${d.what}`);
console.log(JSON.stringify({
  arch, seed, instructions: s.instructions, sequences: s.sequences, disagreements: s.disagreements,
  knownChecks: s.knownChecks, unknownValues: s.unknownValues, skipped: s.skipped, disagreementsByForm: s.byForm, byKind: s.byKind,
  instructionsPerSecond: Math.round(s.instructions / seconds),
}));
