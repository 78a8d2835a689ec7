/**
 * The real binary in a real terminal: tmux runs `oopsreplay LOG --listing F` in an 80x24 pane, keys
 * go in with send-keys and the screen comes back with capture-pane. Needs tmux (scripts/setup-debian.sh
 * installs it) and the compiled dist, which this test builds when it is missing or older than src/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIPS_SEED, root } from './helpers.js';

const socket = `oopsreplay-e2e-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureDist(): void {
  const cli = join(root, 'dist/src/cli.js');
  const sources = Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'emu')));
  if (existsSync(cli) && statSync(cli).mtimeMs >= sources) return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(cli)) throw new Error('dist/src/cli.js is still missing after tsc -p tsconfig.build.json');
}

const screen = (): string => tmux('capture-pane', '-p', '-t', 'ui');

async function screenWhere(want: (s: string) => boolean, what: string): Promise<string> {
  const until = Date.now() + 30_000;
  for (;;) {
    const s = screen();
    if (want(s)) return s;
    if (Date.now() > until) throw new Error(`the terminal never showed ${what}; it shows:\n${s}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('oopsreplay in tmux (end to end)', () => {
  beforeAll(() => {
    try {
      execFileSync('tmux', ['-V']);
    } catch {
      throw new Error('tmux is not installed: run scripts/setup-debian.sh (CI does) to install it');
    }
    ensureDist();
    // CI=true as on CI machines: Ink would paint nothing until exit if the UI let it see that.
    const command = `CI=true node bin/oopsreplay.js ${MIPS_SEED}/oops.txt --listing ${MIPS_SEED}/listing.txt; echo "oopsreplay exited with $?"; sleep 120`;
    tmux('new-session', '-d', '-s', 'ui', '-x', '80', '-y', '24', '-c', root, command);
  }, 120_000);

  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  });

  it('opens at the fault, steps back to the origin load, shows s0 = 0x876900c0, and quits cleanly', async () => {
    const first = await screenWhere((s) => s.includes('step 17/17'), 'the first frame');
    expect(first).toContain('>F  +0xc0  ll v1,0(v0)');
    expect(first.split('\n').every((line) => line.length <= 80)).toBe(true);

    tmux('send-keys', '-t', 'ui', 'Left');
    await screenWhere((s) => s.includes('step 16/17'), 'one step back (Left)');
    tmux('send-keys', '-t', 'ui', 'p');
    const origin = await screenWhere((s) => s.includes('step 15/17'), 'the origin load (p)');
    expect(origin).toContain('>O  +0xb4  lw v0,84(s0)');
    expect(origin).toContain('s0  876900c0=');
    expect(origin).toContain('memory: read 4B @ 0x87690114 = 0x78ddc304');

    tmux('send-keys', '-t', 'ui', ':', 'p $s0', 'Enter');
    await screenWhere((s) => s.includes('$s0 = 0x876900c0 (2271805632)  [dump]'), 'the answer to p $s0');

    tmux('send-keys', '-t', 'ui', 'f');
    await screenWhere((s) => s.includes('step 17/17'), 'the fault again (f)');

    tmux('send-keys', '-t', 'ui', 'q');
    const after = await screenWhere((s) => s.includes('oopsreplay exited with'), 'the shell after quitting');
    expect(after).toContain('oopsreplay exited with 0');
    // The alternate screen is gone: nothing of the UI is left on the terminal.
    expect(after).not.toContain('step 17/17');
  }, 120_000);
});
