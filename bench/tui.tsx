/**
 * Keypress latency of the terminal UI on a 2,008-step trace: long_copy, a 400-field structure copy
 * compiled by mips-linux-gnu-gcc and crashed under qemu-mips (bench/fixtures/mips-long-copy, made by
 * its make.sh). The path from entry to the faulting load runs 2,008 instructions.
 * Each key is written to Ink's stdin and timed until the new frame is painted (ink-testing-library's
 * fake terminal, 80x24), keys sent after a 300 ms look at the first screen; `firstKeyAtOnceMs` is the
 * first key of the process sent the instant its first frame is painted. Prints the figures as one
 * JSON object on the last line.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { render } from 'ink-testing-library';
import { parseOops } from '../src/oops/index.js';
import { analyse, readListing } from '../src/pipeline.js';
import { App } from '../src/tui/app.js';
import { buildFrame } from '../src/tui/frame.js';
import { LABELS } from '../src/tui/i18n.js';
import { buildTraceModel } from '../src/tui/model.js';
import { actionForKey, initialState, reduce } from '../src/tui/reducer.js';

const dir = new URL('../../bench/fixtures/mips-long-copy/', import.meta.url).pathname;
const t0 = performance.now();
const crash = parseOops(readFileSync(`${dir}oops.txt`, 'utf8'), 0);
const inputs = { listing: readListing(`${dir}listing.txt`), endian: 'big' as const };
const analysis = analyse(crash, inputs);
const analyseMs = performance.now() - t0;
const model = buildTraceModel(analysis);
const size = { columns: 80, rows: 24 };
const l = LABELS.en;

// The session: back 300 steps from the fault, to the start, forward 300, origin, chain hops, view toggles,
// start, fault, back 50. Every key changes the frame, so each one is timed to its new frame.
const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const keys: string[] = [
  ...Array<string>(300).fill(LEFT), 'g', ...Array<string>(300).fill(RIGHT), 'o', '[', ']', 's', LEFT, 's', 'g', 'f',
  ...Array<string>(50).fill('p'),
];

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const round = (x: number): number => Math.round(x * 100) / 100;

/** The pure part alone: reducer and frame building, no React. Uses its own model so the caches start cold. */
function pureTimes(): number[] {
  const fresh = buildTraceModel(analysis);
  let state = initialState(fresh);
  buildFrame(fresh, state, size, l);
  const out: number[] = [];
  for (const k of keys) {
    const start = performance.now();
    const key = k === LEFT ? { input: '', leftArrow: true } : k === RIGHT ? { input: '', rightArrow: true } : { input: k };
    const action = actionForKey(state, key);
    if (action !== null) state = reduce(state, action, fresh, l);
    buildFrame(fresh, state, size, l);
    out.push(performance.now() - start);
  }
  return out;
}

async function paintedTimes(): Promise<number[]> {
  const app = render(<App model={model} labels={l} color={false} rerun={() => model} size={size} />);
  const out: number[] = [];
  const waitChange = async (before: string | undefined, what = 'the first frame'): Promise<void> => {
    const deadline = performance.now() + 5000;
    while (app.lastFrame() === before) {
      if (performance.now() > deadline) throw new Error(`no new frame within 5 s after ${what}`);
      await new Promise((r) => setImmediate(r));
    }
  };
  await waitChange(undefined);
  // A person reads the first screen before pressing a key. A key sent the instant the first frame is
  // painted waited 100-140 ms behind work still settling after start-up (the analysis's garbage, Ink's
  // input set-up); after a 300 ms pause no key took over 35 ms (measured both ways, 2026-11-30).
  await new Promise((r) => setTimeout(r, 300));
  for (const [i, k] of keys.entries()) {
    const before = app.lastFrame();
    const start = performance.now();
    app.stdin.write(k);
    await waitChange(before, `key ${i} (${JSON.stringify(k)})`);
    out.push(performance.now() - start);
  }
  app.unmount();
  return out;
}

/** A key sent the instant the process's first frame is painted, before start-up work has settled. */
async function immediateFirstKey(): Promise<number> {
  const app = render(<App model={model} labels={l} color={false} rerun={() => model} size={size} />);
  while (app.lastFrame() === undefined) await new Promise((r) => setImmediate(r));
  const before = app.lastFrame();
  const start = performance.now();
  app.stdin.write(LEFT);
  while (app.lastFrame() === before) await new Promise((r) => setImmediate(r));
  const took = performance.now() - start;
  app.unmount();
  return took;
}

// Cold first: the first UI of the process, as a user gets it.
const firstKey = await immediateFirstKey();
const pure = pureTimes();
const painted = await paintedTimes();
console.log(`trace: ${model.steps.length} steps, ${model.lines.length} lines of code; ${keys.length} keys`);
console.log(JSON.stringify({
  bench: 'tui-keypress',
  trace: 'bench/fixtures/mips-long-copy (long_copy, mips-linux-gnu-gcc -O2, crashed under qemu-mips)',
  steps: model.steps.length,
  keys: keys.length,
  terminal: '80x24',
  paintedP50Ms: round(percentile(painted, 50)),
  paintedP95Ms: round(percentile(painted, 95)),
  paintedMaxMs: round(Math.max(...painted)),
  firstKeyAtOnceMs: round(firstKey),
  reducerAndFrameP95Ms: round(percentile(pure, 95)),
  reducerAndFrameMaxMs: round(Math.max(...pure)),
  analyseMs: Math.round(analyseMs),
  // Timings on a shared machine mean little without how busy it was.
  cpus: cpus().length,
  loadAverage1m: round(loadavg()[0]!),
}));
