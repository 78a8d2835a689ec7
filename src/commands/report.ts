import { intOption, parseArgs, positiveIntOption } from '../args.js';
import type { CommandContext } from '../cli.js';
import { UserError } from '../errors.js';
import { parseOops, parseOopses } from '../oops/index.js';
import { analyse, readListing } from '../pipeline.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderText } from '../report/text.js';

export const IMAGE_OPTIONS = ['vmlinux', 'module', 'system-map', 'image', 'listing', 'endian'];

export const IMAGE_USAGE = [
  '  --vmlinux F       the kernel ELF (symbols needed; debug info not)',
  '  --module F.ko     a module the oops names (repeat for several)',
  '  --system-map F    System.map, with --image F: the raw kernel image (arm64 Image, MIPS vmlinux.bin)',
  '  --listing F       an objdump -d or gdb disassembly of the faulting function',
  '  --endian big|little   byte order, when the input does not say and the fault does not decide',
  '  Without any of these the oops Code: words are used.',
];

export function imageInputs(args: ReturnType<typeof parseArgs>): Parameters<typeof analyse>[1] {
  const last = (n: string): string | undefined => args.flags.get(n)?.at(-1);
  const endian = last('endian');
  if (endian !== undefined && endian !== 'big' && endian !== 'little') throw new UserError(`--endian must be big or little, not '${endian}'`);
  if (last('image') !== undefined && last('system-map') === undefined) throw new UserError('--image needs --system-map to find functions in it');
  const listing = last('listing');
  return {
    ...(last('vmlinux') !== undefined ? { vmlinux: last('vmlinux')! } : {}),
    ...(args.flags.has('module') ? { modules: args.flags.get('module')! } : {}),
    ...(last('system-map') !== undefined ? { systemMap: last('system-map')! } : {}),
    ...(last('image') !== undefined ? { rawImage: last('image')! } : {}),
    ...(listing !== undefined ? { listing: readListing(listing) } : {}),
    ...(endian !== undefined ? { endian } : {}),
  };
}

export const reportCommand = {
  summary: 'find the load that produced the bad address, replay it in Unicorn, and explain it',
  usage: [
    'usage: oopsreplay report LOG [image options] [--json | --markdown] [--assume A]... [--index N]',
    '',
    '  LOG                 a kernel log (or - for standard input)',
    ...IMAGE_USAGE,
    '  --json              the report as JSON (the contract in docs/DESIGN.md)',
    '  --markdown          the report as Markdown, for a bug report or a forum post',
    "  --assume A          rerun the replay assuming A at its start: REG=VALUE or memN[ADDR]=VALUE",
    '  --index N           the N-th oops in the log (default 0)',
    '  --max-instructions N  bound on the replay (default 100000)',
  ].join('\n'),
  run(argv: string[], ctx: CommandContext): number {
    const args = parseArgs(argv, { values: [...IMAGE_OPTIONS, 'assume', 'index', 'max-instructions'], switches: ['json', 'markdown'] });
    const [log, ...extra] = args.positional;
    if (log === undefined) throw new UserError('report needs a LOG file (or - for standard input)');
    if (extra.length > 0) throw new UserError(`unexpected argument '${extra[0]}'`);
    if (args.flags.has('json') && args.flags.has('markdown')) throw new UserError('choose one of --json and --markdown');
    const input = ctx.readInput(log);
    const index = intOption(args, 'index', 0);
    const all = parseOopses(input);
    // parseOops says why when there is no oops, or none at that index.
    const crash = all[index] ?? parseOops(input, index);
    const result = analyse(crash, imageInputs(args), {
      assume: args.flags.get('assume') ?? [],
      maxInstructions: positiveIntOption(args, 'max-instructions', 100_000),
    });
    // Later oopses are often consequences of the first: say which one this is, and that there are others.
    const which = all.length > 1 ? [`the log holds ${all.length} oopses; this is #${index}, counting from 0 (--index N reports another)`] : [];
    const r = { ...result.report, warnings: [...which, ...result.report.warnings] };
    const text = args.flags.has('json') ? JSON.stringify(r, null, 2) : args.flags.has('markdown') ? renderMarkdown(r) : renderText(r);
    ctx.stdout.write(text + '\n');
    return 0;
  },
};
