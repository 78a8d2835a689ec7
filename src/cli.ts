import { existsSync, readFileSync } from 'node:fs';
import { UserError } from './errors.js';
import { parseCommand } from './commands/parse.js';
import { reportCommand } from './commands/report.js';
import { openCommand } from './commands/open.js';
import { demoCommand } from './commands/demo.js';

export interface CommandContext {
  readonly stdout: NodeJS.WritableStream;
  readonly readInput: (path: string) => string;
}

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly run: (args: string[], ctx: CommandContext) => Promise<number> | number;
}

const commands: Record<string, Command> = {
  parse: parseCommand,
  report: reportCommand,
  open: openCommand,
  demo: demoCommand,
};

function usage(): string {
  const lines = ['usage: oopsreplay COMMAND [options]', '', 'commands:'];
  for (const [name, cmd] of Object.entries(commands)) lines.push(`  ${name.padEnd(8)} ${cmd.summary}`);
  lines.push('', "Run 'oopsreplay COMMAND --help' for a command's options.");
  return lines.join('\n');
}

/** Reads a log given as a path, or standard input for `-`. */
export function readInput(path: string): string {
  try {
    const bytes = path === '-' ? readFileSync(0) : readFileSync(path);
    return decodeText(bytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${path}: no such file`);
    if (code === 'EISDIR') throw new UserError(`${path}: is a directory, expected a log file`);
    if (code === 'EACCES') throw new UserError(`${path}: permission denied`);
    throw err;
  }
}

/** Logs arrive as UTF-8 or, from old serial consoles, as Latin-1; never fail on either. */
function decodeText(bytes: Buffer): string {
  // A log is text: an ELF file or other binary given as LOG is a mix-up of arguments.
  const head = bytes.subarray(0, 65536);
  if (head.subarray(0, 4).toString('latin1') === '\x7fELF' || head.filter((b) => b === 0).length > head.length / 100) {
    throw new UserError('the LOG given is a binary file, not a kernel log (give the log first; kernel files go with --vmlinux or --module)');
  }
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\uFFFD') ? bytes.toString('latin1') : utf8;
}

export async function main(argv: string[], stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    stdout.write('oopsreplay 0.1.0\n');
    return 0;
  }
  // `oopsreplay LOG [options]`: a first argument that is no command but a file opens the UI.
  if (commands[name] === undefined && existsSync(name)) return main(['open', ...argv], stdout);
  const cmd = commands[name];
  if (cmd === undefined) {
    // `oopsreplay LOG` with a mistyped path reads as a command name: say what it most likely is.
    const what = /[/.]/.test(name) ? `${name}: no such file (nor a command; run 'oopsreplay --help' for the list)` : `unknown command '${name}'; run 'oopsreplay --help' for the list`;
    process.stderr.write(`oopsreplay: ${what}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    stdout.write(cmd.usage + '\n');
    return 0;
  }
  try {
    return await cmd.run(rest, { stdout, readInput });
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`oopsreplay: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`oopsreplay: internal error: ${message.split('\n')[0]} (please report this with the input)\n`);
    return 70;
  }
}
