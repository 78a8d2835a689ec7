import { intOption, parseArgs, positiveIntOption } from '../args.js';
import type { CommandContext } from '../cli.js';
import { UserError } from '../errors.js';
import type { ImageInputs } from '../image/index.js';
import { parseOops, type CrashReport } from '../oops/index.js';
import { analyse } from '../pipeline.js';
import { renderText } from '../report/text.js';
import { parseLang, type Lang } from '../tui/i18n.js';
import { buildTraceModel } from '../tui/model.js';
import { IMAGE_OPTIONS, IMAGE_USAGE, imageInputs } from './report.js';

export interface OpenRequest {
  readonly crash: CrashReport;
  readonly inputs: ImageInputs;
  readonly assume: readonly string[];
  readonly maxInstructions: number;
  readonly lang: Lang;
}

/**
 * The UI on a terminal; the text report when standard output or input is not one (a pipe, a file,
 * a CI log), so that `oopsreplay LOG > out.txt` still gives something to read.
 */
export async function openOrReport(req: OpenRequest, ctx: CommandContext): Promise<number> {
  const run = (assume: readonly string[]) => analyse(req.crash, req.inputs, { assume, maxInstructions: req.maxInstructions });
  const first = run(req.assume);
  const out = ctx.stdout as Partial<NodeJS.WriteStream>;
  if (out.isTTY !== true || process.stdin.isTTY !== true) {
    ctx.stdout.write(renderText(first.report) + '\n');
    return 0;
  }
  // React is loaded only here, and as its production build: the development build checks every
  // element and makes each frame several times slower (measured with npm run bench:tui).
  process.env['NODE_ENV'] ??= 'production';
  // Ink paints nothing until exit when CI or CONTINUOUS_INTEGRATION is set (it reads them when it is
  // first imported); both ends are terminals here, so a person is watching: the UI must paint.
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
  const { runTui } = await import('../tui/run.js');
  await runTui(buildTraceModel(first), { lang: req.lang, rerun: (assume) => buildTraceModel(run(assume)) });
  return 0;
}

export const openCommand = {
  summary: 'step through the reconstruction in a terminal UI (the default: oopsreplay LOG [options])',
  usage: [
    'usage: oopsreplay [open] LOG [image options] [--assume A]... [--index N] [--lang en|zh]',
    '',
    '  Opens the terminal UI on the reconstruction; prints the text report when stdout is not a terminal.',
    '  LOG                 a kernel log',
    ...IMAGE_USAGE,
    '  --assume A          start with the replay assuming A: REG=VALUE or memN[ADDR]=VALUE',
    '  --index N           the N-th oops in the log (default 0)',
    '  --lang en|zh        language of the UI labels and the narration (default en)',
    '  --max-instructions N  bound on the replay (default 100000)',
    '  NO_COLOR=1 turns colours off. Press ? in the UI for the keys.',
  ].join('\n'),
  run(argv: string[], ctx: CommandContext): Promise<number> {
    const args = parseArgs(argv, { values: [...IMAGE_OPTIONS, 'assume', 'index', 'max-instructions', 'lang'], switches: [] });
    const [log, ...extra] = args.positional;
    if (log === undefined) throw new UserError('open needs a LOG file');
    if (extra.length > 0) throw new UserError(`unexpected argument '${extra[0]}'`);
    return openOrReport({
      crash: parseOops(ctx.readInput(log), intOption(args, 'index', 0)),
      inputs: imageInputs(args),
      assume: args.flags.get('assume') ?? [],
      maxInstructions: positiveIntOption(args, 'max-instructions', 100_000),
      lang: parseLang(args.flags.get('lang')?.at(-1)),
    }, ctx);
  },
};
