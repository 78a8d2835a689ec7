/**
 * `npm run fuzz:lifter -- --arch mips|aarch64 --count N [--seed S] [--length L] [--endian be|le|both]`:
 * differential fuzz of a lifter against Unicorn over random instruction sequences. Prints the first
 * disagreements, then one JSON summary on the last line.
 */
import { UserError } from '../src/errors.js';
import { fuzzAarch64 } from './fuzz-lifter-aarch64.js';
import { fuzzMips } from './fuzz-lifter-mips.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : def;
}

const arch = arg('--arch', '');
if (arch !== 'mips' && arch !== 'aarch64') throw new UserError(`fuzz:lifter needs --arch mips or --arch aarch64${arch !== '' ? `, not "${arch}"` : ''}`);
const count = Number(arg('--count', '100000'));
const seed = Number(arg('--seed', '1'));
if (!Number.isSafeInteger(count) || count <= 0) throw new UserError(`--count must be a positive integer, got ${arg('--count', '')}`);
const started = performance.now();
const elapsed = (): number => (performance.now() - started) / 1000;

if (arch === 'mips') {
  const length = Number(arg('--length', '24'));
  const endianArg = arg('--endian', 'both');
  if (!['be', 'le', 'both'].includes(endianArg)) throw new UserError(`--endian must be be, le or both, not "${endianArg}"`);
  const endians = endianArg === 'both' ? (['be', 'le'] as const) : [endianArg as 'be' | 'le'];
  const s = fuzzMips(count, seed, length, endians);
  const seconds = elapsed();
  for (const d of s.disagreements.slice(0, 3)) console.log(JSON.stringify(d, null, 1));
  console.log(JSON.stringify({
    arch, endians, seed, instructions: s.instructions, units: s.units, sequences: s.sequences,
    disagreements: s.disagreements.length, registerChecksFullyKnown: s.fullyKnownChecks,
    registerChecksPartlyKnown: s.partialChecks, sequencesEndedBy: s.ended,
    disagreementClasses: Object.fromEntries([...s.classes].sort((a, b) => b[1] - a[1]).slice(0, 20)),
    formsCovered: s.forms.size, seconds: Math.round(seconds * 10) / 10,
    instructionsPerSecond: Math.round(s.instructions / seconds),
  }));
} else {
  const length = Number(arg('--length', '256'));
  const s = fuzzAarch64(count, seed, length);
  const seconds = elapsed();
  for (const d of s.first) console.log(`${d.pc} ${d.word} ${d.text}: ${d.what}`);
  console.log(JSON.stringify({
    arch, seed, instructions: s.instructions, sequences: s.sequences, disagreements: s.disagreements,
    knownChecks: s.knownChecks, unknownValues: s.unknownValues, skipped: s.skipped, disagreementsByForm: s.byForm, byKind: s.byKind,
    seconds: Math.round(seconds * 10) / 10, instructionsPerSecond: Math.round(s.instructions / seconds),
  }));
}
