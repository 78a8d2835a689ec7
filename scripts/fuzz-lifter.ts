/**
 * `npm run fuzz:lifter -- --arch mips --count N [--seed S] [--endian be|le|both] [--length L]`:
 * differential fuzz of a lifter against Unicorn over random sequences (forward branches and delay
 * slots included), dispatched by architecture. Prints the first disagreements, then one JSON summary
 * on the last line.
 */
import { UserError } from '../src/errors.js';
import { fuzzMips } from './fuzz-lifter-mips.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : def;
}

const arch = arg('--arch', 'mips');
if (arch !== 'mips') throw new UserError(`fuzz:lifter knows --arch mips only on this branch, not "${arch}"`);
const count = Number(arg('--count', '100000'));
const seed = Number(arg('--seed', '1'));
const length = Number(arg('--length', '24'));
if (!Number.isSafeInteger(count) || count <= 0) throw new UserError(`--count must be a positive integer, got ${arg('--count', '')}`);
const endianArg = arg('--endian', 'both');
if (!['be', 'le', 'both'].includes(endianArg)) throw new UserError(`--endian must be be, le or both, not "${endianArg}"`);
const endians = endianArg === 'both' ? (['be', 'le'] as const) : [endianArg as 'be' | 'le'];

const started = performance.now();
const s = fuzzMips(count, seed, length, endians);
const seconds = (performance.now() - started) / 1000;
for (const d of s.disagreements.slice(0, 3)) console.log(JSON.stringify(d, null, 1));
console.log(JSON.stringify({
  arch, endians, seed, instructions: s.instructions, units: s.units, sequences: s.sequences,
  disagreements: s.disagreements.length, registerChecksFullyKnown: s.fullyKnownChecks,
  registerChecksPartlyKnown: s.partialChecks, sequencesEndedBy: s.ended,
  disagreementClasses: Object.fromEntries([...s.classes].sort((a, b) => b[1] - a[1]).slice(0, 20)),
  formsCovered: s.forms.size, seconds: Math.round(seconds * 10) / 10,
  instructionsPerSecond: Math.round(s.instructions / seconds),
}));
