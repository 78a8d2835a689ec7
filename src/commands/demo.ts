import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../args.js';
import type { CommandContext } from '../cli.js';
import { UserError } from '../errors.js';
import { parseOops } from '../oops/index.js';
import { readListing } from '../pipeline.js';
import { parseLang } from '../tui/i18n.js';
import { openOrReport } from './open.js';

/** The real case the demo opens: an OpenWrt MIPS oops in __copy_skb_header, with the function's listing. */
const DEMO_CASE = 'fixtures/seed-mips-copy-skb-header';

/** The package root, found from this file whether it runs from src/ (tests) or dist/src/ (the binary). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new UserError('cannot find the oopsreplay package folder holding the demo case');
    dir = up;
  }
  return dir;
}

export const demoCommand = {
  summary: 'open a real MIPS crash (__copy_skb_header) in the UI, narrated step by step',
  usage: [
    'usage: oopsreplay demo [--lang en|zh]',
    '',
    `  Opens ${DEMO_CASE} (oops.txt with listing.txt) in the terminal UI, at the fault.`,
    '  Step back with p or ←, jump to the origin load with o; the narration line explains each step.',
    '  --lang en|zh        language of the UI labels and the narration (default en)',
  ].join('\n'),
  run(argv: string[], ctx: CommandContext): Promise<number> {
    const args = parseArgs(argv, { values: ['lang'], switches: [] });
    if (args.positional.length > 0) throw new UserError(`demo takes no LOG; to open your own, run 'oopsreplay ${args.positional[0]}'`);
    const dir = join(packageRoot(), DEMO_CASE);
    return openOrReport({
      crash: parseOops(ctx.readInput(join(dir, 'oops.txt')), 0),
      inputs: { listing: readListing(join(dir, 'listing.txt')) },
      assume: [],
      maxInstructions: 100_000,
      lang: parseLang(args.flags.get('lang')?.at(-1)),
    }, ctx);
  },
};
