/**
 * `npm run coverage:lifter -- FILE.o|FILE.ko|vmlinux [--json]`: how many instructions of the ELF's
 * executable sections the MIPS lifter states precisely, how many only partly (opaque / unknown
 * results), how many words it cannot decode; by form. Last line: one JSON summary.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../src/errors.js';
import { decode, lift } from '../src/isa/mips/index.js';
import { executableSections } from './elf-text.js';

const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!file) throw new UserError('usage: npm run coverage:lifter -- FILE.o (a MIPS ELF object, module or vmlinux)');
const { endian, sections } = executableSections(readFileSync(file));

interface Row { precise: number; opaque: number }
const byForm = new Map<string, Row>();
let precise = 0, opaque = 0, undecodable = 0, total = 0;
for (const s of sections) {
  s.words.forEach((w, i) => {
    const insn = decode(w, s.address + BigInt(i * 4));
    const l = lift(insn, endian);
    total++;
    const row = byForm.get(insn.form) ?? { precise: 0, opaque: 0 };
    if (insn.form === 'UNKNOWN') undecodable++;
    else if (l.precise) { precise++; row.precise++; }
    else { opaque++; row.opaque++; }
    byForm.set(insn.form, row);
  });
}
const rows = [...byForm].sort((a, b) => b[1].precise + b[1].opaque - (a[1].precise + a[1].opaque));
for (const [form, r] of rows) console.log(`${form.padEnd(10)} ${String(r.precise).padStart(9)} precise ${String(r.opaque).padStart(7)} opaque`);
console.log(JSON.stringify({
  file, endian, sections: sections.map((s) => s.name), instructions: total, precise, opaque, undecodable,
  opaqueForms: Object.fromEntries(rows.filter(([, r]) => r.opaque > 0).map(([f, r]) => [f, r.opaque])),
  undecodableWords: undecodable,
}));
