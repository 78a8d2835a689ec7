/** Opens the UI on a terminal and resolves when the user quits. */
import { render } from 'ink';
import { App } from './app.js';
import { LABELS, type Lang } from './i18n.js';
import type { TraceModel } from './model.js';

export interface RunOptions {
  readonly lang: Lang;
  readonly rerun: (assumptions: readonly string[]) => TraceModel;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
}

/** NO_COLOR (https://no-color.org): present and not empty turns colour off. */
export function colorWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['NO_COLOR'] === undefined || env['NO_COLOR'] === '';
}

export async function runTui(model: TraceModel, options: RunOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  // The alternate screen keeps the shell's scrollback intact and gives back the terminal on quit.
  stdout.write('\x1b[?1049h\x1b[H');
  try {
    const app = render(
      <App model={model} labels={LABELS[options.lang]} color={colorWanted()} rerun={options.rerun} />,
      { stdout, stdin, patchConsole: false, maxFps: 60 },
    );
    await app.waitUntilExit();
  } finally {
    stdout.write('\x1b[?1049l');
  }
}
