import { intOption, parseArgs } from '../args.js';
import type { CommandContext } from '../cli.js';
import { UserError } from '../errors.js';
import { parseOops, parseOopses } from '../oops/index.js';
import { formatSummary } from '../report/oops-summary.js';

export const parseCommand = {
  summary: 'extract what a kernel oops says (registers, fault, call trace) as text or JSON',
  usage: [
    'usage: oopsreplay parse LOG [--json] [--index N] [--all]',
    '',
    '  LOG        a kernel log file (dmesg, syslog, serial capture, pstore), or - for standard input',
    '  --json     print the parse as JSON (the contract in docs/DESIGN.md)',
    '  --index N  the N-th oops in the log, counting from 0 (default 0)',
    '  --all      every oops in the log (a JSON array with --json)',
  ].join('\n'),
  run(argv: string[], ctx: CommandContext): number {
    const args = parseArgs(argv, { values: ['index'], switches: ['json', 'all'] });
    const [log, ...extra] = args.positional;
    if (log === undefined) throw new UserError('parse needs a LOG file (or - for standard input)');
    if (extra.length > 0) throw new UserError(`unexpected argument '${extra[0]}'`);
    const text = ctx.readInput(log);
    const json = args.flags.has('json');
    if (args.flags.has('all') && args.flags.has('index')) throw new UserError('choose one of --all and --index');
    if (args.flags.has('all')) {
      const all = parseOopses(text);
      if (all.length === 0) parseOops(text);
      ctx.stdout.write(json ? JSON.stringify(all, null, 2) + '\n' : all.map((r, i) => `#${i}\n${formatSummary(r)}`).join('\n') + '\n');
      return 0;
    }
    const report = parseOops(text, intOption(args, 'index', 0));
    ctx.stdout.write(json ? JSON.stringify(report, null, 2) + '\n' : formatSummary(report) + '\n');
    return 0;
  },
};
