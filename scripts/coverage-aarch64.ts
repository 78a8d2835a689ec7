/**
 * Lifting coverage of AArch64 ELF files (vmlinux, modules, objects): every word of every
 * executable section, precise vs opaque by mnemonic. Usage:
 *   node dist/scripts/coverage-aarch64.js FILE... [--all]
 * Prints the opaque integer mnemonics (all rows with --all), then one JSON summary on the last line.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../src/errors.js';
import { liftCoverage } from '../src/isa/aarch64/coverage.js';

const SHF_EXECINSTR = 4n;
const EM_AARCH64 = 183;

/** Words of the executable sections of a little-endian ELF64 AArch64 file (gABI section header table). */
function* executableWords(path: string): Generator<{ word: number; pc: bigint }> {
  const f = readFileSync(path);
  if (f.length < 64 || f.readUInt32BE(0) !== 0x7f454c46) throw new UserError(`${path} is not an ELF file`);
  if (f[4] !== 2 || f[5] !== 1 || f.readUInt16LE(18) !== EM_AARCH64) throw new UserError(`${path} is not a little-endian ELF64 AArch64 file`);
  const shoff = Number(f.readBigUInt64LE(40));
  const shentsize = f.readUInt16LE(58);
  const shnum = f.readUInt16LE(60);
  if (shoff + shnum * shentsize > f.length) throw new UserError(`${path}: section header table runs past the end of the file`);
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * shentsize;
    const flags = f.readBigUInt64LE(h + 8);
    const type = f.readUInt32LE(h + 4);
    if ((flags & SHF_EXECINSTR) === 0n || type === 8) continue;
    const addr = f.readBigUInt64LE(h + 16);
    const offset = Number(f.readBigUInt64LE(h + 24));
    const size = Number(f.readBigUInt64LE(h + 32));
    if (offset + size > f.length) throw new UserError(`${path}: section ${i} runs past the end of the file`);
    for (let o = 0; o + 4 <= size; o += 4) yield { word: f.readUInt32LE(offset + o), pc: addr + BigInt(o) };
  }
}

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
