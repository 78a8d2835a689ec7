import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/tui/app.js';
import { LABELS } from '../../src/tui/i18n.js';
import { displayWidth } from '../../src/tui/text.js';
import { MIPS_SEED, seedModel } from './helpers.js';

const model = seedModel(MIPS_SEED);
const rerun = (assume: readonly string[]) => seedModel(MIPS_SEED, assume);
const LEFT = '\x1b[D';
const ENTER = '\r';

/** Polls until a frame satisfies `want`: Ink paints after stdin.write at its own pace. */
async function frameWhere(lastFrame: () => string | undefined, want: (f: string) => boolean, what: string): Promise<string> {
  const until = Date.now() + 5000;
  for (;;) {
    const f = lastFrame() ?? '';
    if (want(f)) return f;
    if (Date.now() > until) throw new Error(`no frame ${what}; last frame:\n${f}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function open(size = { columns: 80, rows: 24 }, labels = LABELS.en) {
  return render(<App model={model} labels={labels} color={false} rerun={rerun} size={size} />);
}

describe('the UI on the MIPS seed, frame by frame', () => {
  it('opens at the fault and fits 80x24 without wrapping', async () => {
    const { lastFrame, unmount } = open();
    const f = await frameWhere(lastFrame, (x) => x.includes('step 17/17'), 'at the fault');
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(f).toContain('>F  +0xc0  ll v1,0(v0)');
    expect(f).toContain('v0  78ddc304=');
    expect(f).toMatch(/\? help +q quit/);
    unmount();
  });

  it('steps back with ←, then jumps to the origin load where s0 = 0x876900c0 from the dump', async () => {
    const { lastFrame, stdin, unmount } = open();
    await frameWhere(lastFrame, (x) => x.includes('step 17/17'), 'at the fault');
    stdin.write(LEFT);
    const back = await frameWhere(lastFrame, (x) => x.includes('step 16/17'), 'one step back');
    expect(back).toContain('>   +0xb8  beqz v0,80260e78');
    stdin.write('o');
    const origin = await frameWhere(lastFrame, (x) => x.includes('step 15/17'), 'at the origin');
    expect(origin).toContain('>O  +0xb4  lw v0,84(s0)');
    expect(origin).toContain('s0  876900c0=');
    expect(origin).toContain('v0  ????????');
    expect(origin).toContain('memory: read 4B @ 0x87690114 = 0x78ddc304');
    expect(origin).toContain('Origin: `lw v0,84(s0)` loads v0 = 0x78ddc304');
    unmount();
  });

  it('shows expressions over the entry state in symbolic view', async () => {
    const { lastFrame, stdin, unmount } = open();
    await frameWhere(lastFrame, (x) => x.includes('step 17/17'), 'at the fault');
    stdin.write('s');
    const f = await frameWhere(lastFrame, (x) => x.includes('registers (symbolic)'), 'symbolic');
    expect(f).toContain('v0   *(u32 *)(s0@gap+0x2c + 0x54)');
    unmount();
  });

  it('runs p and x from the : command line', async () => {
    const { lastFrame, stdin, unmount } = open();
    await frameWhere(lastFrame, (x) => x.includes('step 17/17'), 'at the fault');
    stdin.write(':');
    await frameWhere(lastFrame, (x) => x.includes('Enter run'), 'the command line');
    for (const c of 'x/4wx 0x87c459ac') stdin.write(c);
    await frameWhere(lastFrame, (x) => x.includes(':x/4wx 0x87c459ac'), 'typed text');
    stdin.write(ENTER);
    const f = await frameWhere(lastFrame, (x) => x.includes('0x87c459ac:  0x87323e28 0xffff9ad0 0x87690c00 0x876900c0'), 'memory words');
    expect(f).toContain('from: stack dump at the crash sp');
    unmount();
  });

  it('assume reruns the analysis and replay and shows the outcome', async () => {
    const assumption = 'mem32[0x87690114]=0x87690000';
    const expected = rerun([assumption]).replaySummary;
    const { lastFrame, stdin, unmount } = open({ columns: 200, rows: 40 });
    await frameWhere(lastFrame, (x) => x.includes('step 17/17'), 'at the fault');
    stdin.write(':');
    await frameWhere(lastFrame, (x) => x.includes('Enter run'), 'the command line');
    for (const c of `assume ${assumption}`) stdin.write(c);
    await frameWhere(lastFrame, (x) => x.includes(assumption), 'typed text');
    stdin.write(ENTER);
    const f = await frameWhere(lastFrame, (x) => x.includes(`assume ${assumption} `) && !x.includes(LABELS.en.running), 'the rerun outcome');
    expect(f).toContain(expected.slice(0, 120));
    unmount();
  });

  it('opens help with ? and shows every key of the table', async () => {
    const { lastFrame, stdin, unmount } = open({ columns: 80, rows: 30 });
    await frameWhere(lastFrame, (x) => x.includes('step 17/17'), 'at the fault');
    stdin.write('?');
    const f = await frameWhere(lastFrame, (x) => x.includes('Keys'), 'help');
    expect(f).toContain('  o       origin');
    expect(f).toContain('  Tab     switch pane');
    unmount();
  });

  it('speaks Chinese with --lang zh and uses a large terminal for more lines and columns', async () => {
    const { lastFrame, unmount } = open({ columns: 140, rows: 45 }, LABELS.zh);
    const f = await frameWhere(lastFrame, (x) => x.includes('寄存器'), 'zh labels');
    expect(f).toContain('崩溃：`ll v1,0(v0)` 试图读地址 0x78ddc304');
    const lines = f.split('\n');
    expect(lines.length).toBeGreaterThan(30);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(140);
    expect(f).toMatch(/at  00000001= +v0  78ddc304= +v1  00000001= +a0  87690c48=/);
    unmount();
  });
});
