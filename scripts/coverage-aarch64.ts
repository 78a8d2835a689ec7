/**
 * Lifting coverage of AArch64 ELF files (vmlinux, modules, objects): every word of every
 * executable section, precise vs opaque by mnemonic. Usage:
 *   node dist/scripts/coverage-aarch64.js FILE... [--all]
 * Prints the opaque integer mnemonics (all rows with --all), then one JSON summary on the last line.
 */
import { UserError } from '../src/errors.js';
import { liftCoverage } from '../src/isa/aarch64/coverage.js';
import { executableWords } from './elf-words.js';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (files.length === 0) throw new UserError('usage: coverage-aarch64 FILE... (AArch64 ELF files)');
const started = performance.now();
const c = liftCoverage((function* () { for (const f of files) yield* executableWords(f); })());
const seconds = (performance.now() - started) / 1000;
for (const row of c.rows) {
  if (!process.argv.includes('--all') && (row.opaque === 0 || !row.integer)) continue;
  console.log(`${row.mnemonic.padEnd(16)} precise ${String(row.precise).padStart(8)} opaque ${String(row.opaque).padStart(8)}  ${Object.entries(row.reasons).map(([r, n]) => `${r} (${n})`).join('; ')}`);
}
const opaqueInteger = c.rows.filter((r) => r.integer && r.opaque > 0).map((r) => ({ mnemonic: r.mnemonic, opaque: r.opaque }));
console.log(JSON.stringify({
  files, instructions: c.total, precise: c.precise, opaque: c.opaque, integer: c.integerTotal, integerPrecise: c.integerPrecise,
  opaqueIntegerMnemonics: opaqueInteger, instructionsPerSecond: Math.round(c.total / seconds),
}));
