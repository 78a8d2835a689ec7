/**
 * `npm run fuzz:lifter -- --arch mips|aarch64 --count N [...]`: differential fuzz of a lifter against
 * Unicorn. Each architecture's harness prints its first disagreements and one JSON summary last.
 */
const i = process.argv.indexOf('--arch');
const arch = i >= 0 ? process.argv[i + 1] : undefined;
if (arch === 'mips') await import('./fuzz-lifter-mips.js');
else if (arch === 'aarch64') await import('./fuzz-lifter-aarch64-main.js');
else {
  process.stderr.write(`fuzz:lifter: --arch must be mips or aarch64${arch !== undefined ? `, not '${arch}'` : ''}\n`);
  process.exitCode = 2;
}
