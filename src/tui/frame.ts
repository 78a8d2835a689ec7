/**
 * From (model, state, terminal size) to the lines of one screen: every decision about what is
 * shown where is made here, in plain functions, so the Ink components only paint spans.
 */
import type { Labels } from './i18n.js';
import { KEY_TABLE } from './keys.js';
import { hexValue, offsetText, type RegisterRow, type TraceModel } from './model.js';
import { narrate } from './narration.js';
import type { TuiState } from './reducer.js';
import { displayWidth, fit, span, wrap, type Line, type Span } from './text.js';

export interface FrameProps {
  readonly width: number;
  readonly header: Line;
  /** The two panes side by side (code, registers), cut to their widths and equal in length; help fills `left` alone. */
  readonly left: readonly Line[];
  readonly right: readonly Line[];
  /** Full-width lines under the panes. */
  readonly bottom: readonly Line[];
  readonly status: Line;
}

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

/** Ink clears the whole screen when a frame is as tall as the terminal; one row less never flickers. */
export function buildFrame(model: TraceModel, state: TuiState, size: Size, l: Labels): FrameProps {
  const width = Math.max(40, size.columns);
  const height = Math.max(12, size.rows - 1);
  const header = fit(headerLine(model, state, l), width);
  const status = fit(statusLine(state, width, l), width);

  const access = accessLine(model, state.step, l);
  const chainRows = chainLines(model, state.step, l);
  const chainBudget = Math.min(chainRows.length, Math.max(2, Math.floor(height / 8)));
  const narration = wrap(narrate(model, state.step, l), width).slice(0, height >= 30 ? 3 : 2);
  const output: Line[] = state.command !== null
    ? [[span(':', 'key'), span(state.command), span('█', 'dim')]]
    : state.output.flatMap((t) => wrap(t, width).map((part) => [span(part, 'notice')]));
  const outputRows = output.slice(0, Math.max(1, Math.floor(height / 3)));
  const bottom: Line[] = [
    access,
    [span(l.chain, 'title')],
    ...chainRows.slice(0, chainBudget),
    ...narration.map((t) => [span(t, 'notice')]),
    ...outputRows,
  ].map((line) => fit(line, width));

  const paneRows = Math.max(3, height - 2 - bottom.length);
  if (state.help) {
    const help = helpLines(l).slice(0, paneRows).map((line) => fit(line, width));
    return { width, header, left: help, right: [], bottom, status };
  }
  const leftWidth = Math.min(Math.max(36, Math.floor(width * 0.5)), 72);
  const rightWidth = width - leftWidth - 1;
  const left = codePane(model, state, paneRows, l).map((line) => fit(line, leftWidth));
  const right = registerPane(model, state, paneRows, rightWidth, l).map((line) => fit(line, rightWidth));
  while (right.length < left.length) right.push(fit([], rightWidth));
  while (left.length < right.length) left.push(fit([], leftWidth));
  return { width, header, left, right, bottom, status };
}

function headerLine(model: TraceModel, state: TuiState, l: Labels): Line {
  const assumed = state.assumptions.length > 0 ? `  assume ${state.assumptions.join(', ')}` : '';
  return [
    span(` ${l.step} ${state.step + 1}/${model.steps.length} `, 'current'),
    span(` ${state.mode === 'concrete' ? l.concrete : l.symbolic}${assumed} `, 'key'),
    span(` ${model.headline}`, 'title'),
  ];
}

/** The keys in table order as far as they fit; help and quit always stay, so every other key can be found. */
function statusLine(state: TuiState, width: number, l: Labels): Line {
  if (state.command !== null) return [span('Enter', 'key'), span(' run  '), span('Esc', 'key'), span(' cancel  '), span('x/4wx ADDR  p $REG  assume REG=VAL  step N  goto +0xOFF', 'dim')];
  const items = KEY_TABLE.filter((b) => b.status).map((b) => ({ command: b.command, keys: b.keys.split(' ')[0]!, label: b.label(l) }));
  const size = (i: { keys: string; label: string }): number => displayWidth(`${i.keys} ${i.label}  `);
  const always = new Set(['toggle-help', 'quit']);
  let room = width - items.filter((i) => always.has(i.command)).reduce((n, i) => n + size(i), 0);
  const shown = items.filter((i) => {
    if (always.has(i.command)) return true;
    if (size(i) > room) return false;
    room -= size(i);
    return true;
  });
  return shown.flatMap((i) => [span(i.keys, 'key'), span(` ${i.label}  `)]);
}

function helpLines(l: Labels): Line[] {
  return [
    [span(`${l.help} — ${l.helpClose}`, 'title')],
    ...KEY_TABLE.map((b) => [span(`  ${b.keys.padEnd(8)}`, 'key'), span(b.label(l))]),
    [span(':', 'title')],
    ...l.commandsHelp.map((t) => [span(`  ${t}`)]),
    [span(l.legend, 'dim')],
  ];
}

/** The function's lines around the cursor, with the current instruction, fault, origin and chain marked. */
function codePane(model: TraceModel, state: TuiState, rows: number, l: Labels): Line[] {
  const title: Line = [span(`${l.code}: ${model.functionName}`, state.focus === 'code' ? 'selected' : 'title')];
  const body = rows - 1;
  const cursor = model.lineOfStep[state.step] ?? 0;
  const unitEnd = model.steps[state.step]?.slot === true ? cursor + 1 : cursor;
  const first = Math.max(0, Math.min(cursor - Math.floor(body / 2), model.lines.length - body));
  const out: Line[] = [title];
  for (let i = first; i < Math.min(model.lines.length, first + body); i++) {
    const line = model.lines[i]!;
    const here = i >= cursor && i <= unitEnd;
    const mark = line.marks.includes('fault') ? 'F' : line.marks.includes('origin') ? 'O' : line.marks.includes('chain') ? '*' : ' ';
    const markStyle = line.marks.includes('fault') ? 'fault' : line.marks.includes('origin') ? 'origin' : line.marks.includes('chain') ? 'chain' : 'plain';
    out.push([
      span(here ? '>' : ' ', here ? 'current' : 'plain'),
      span(mark, markStyle),
      span(` ${offsetText(line.offset).padStart(6)}  `, here ? 'current' : 'dim'),
      span(line.text, here ? 'current' : line.gap ? 'dim' : markStyle),
    ]);
  }
  return out;
}

/** Register names up to this long line up in the grid. */
const CELL_NAME = 3;

/** Not letters: a, b, c, d, e, f would read as one more hex digit. */
export const SOURCE_TAG: Record<RegisterRow['source'], string> = { dump: '=', reconstructed: '~', unknown: '?' };

/** Registers at the cursor: a grid of values (concrete) or one expression per line (symbolic). */
function registerPane(model: TraceModel, state: TuiState, rows: number, width: number, l: Labels): Line[] {
  const all = model.registersAt(state.step);
  const focused = state.focus === 'registers';
  const title: Line = [span(`${l.registers} (${state.mode === 'concrete' ? l.concrete : l.symbolic})`, focused ? 'selected' : 'title'), span(` ${l.legendShort}`, 'dim')];
  const body = rows - 1;
  const selected = focused ? all[state.selected] : undefined;
  const valueText = (r: RegisterRow): string => (r.value === null ? '?'.repeat(model.wordBits / 4) : hexValue(r.value, model.wordBits).slice(2));
  const tag = (r: RegisterRow): string => SOURCE_TAG[r.source];
  const valueStyle = (r: RegisterRow): Span['style'] => (r === selected ? 'selected' : r.changed ? 'changed' : r.source);

  if (state.mode === 'symbolic') {
    const shown = pick(all, body, model, state.step, selected);
    return [title, ...shown.map((r) => [
      span(`${r.name.padEnd(CELL_NAME)} `, r === selected ? 'selected' : 'title'),
      span(r.changed ? '*' : ' ', 'changed'),
      span(r.expr, valueStyle(r)),
    ])];
  }
  // Cells packed greedily, one space apart: the general registers line up; long names (badvaddr) take wider cells.
  const cellOf = (r: RegisterRow): Span[] => [
    span(`${r.name.padEnd(CELL_NAME)} `, r === selected ? 'selected' : 'title'), span(valueText(r), valueStyle(r)),
    span(tag(r), r.source === 'unknown' ? 'unknown' : 'dim'), span(r.changed ? '*' : ' ', 'changed'),
  ];
  const widthOf = (r: RegisterRow): number => Math.max(CELL_NAME, r.name.length) + 1 + model.wordBits / 4 + 2;
  const perRow = Math.max(1, Math.floor((width + 1) / (widthOf({ ...all[0]!, name: '' }) + 1)));
  const shown = pick(all, body * perRow, model, state.step, selected);
  const out: Line[] = [title];
  let row: Span[] = [];
  let used = 0;
  for (const r of shown) {
    const need = (row.length > 0 ? 1 : 0) + widthOf(r);
    if (used + need > width && row.length > 0) {
      out.push(row);
      row = [];
      used = 0;
    }
    if (row.length > 0) row.push(span(' '));
    row.push(...cellOf(r));
    used += (used > 0 ? 1 : 0) + widthOf(r);
  }
  if (row.length > 0) out.push(row);
  if (selected !== undefined && out.length < rows) out.push([span(`${selected.name}: ${selected.why}`, 'notice')]);
  return out;
}

/**
 * When not every register fits, the ones that matter here stay: the selected one, those the instruction
 * names, the chain's, the changed ones, then known values; the rest keep the ISA's order.
 */
function pick(all: readonly RegisterRow[], room: number, model: TraceModel, step: number, selected: RegisterRow | undefined): RegisterRow[] {
  if (all.length <= room) return [...all];
  const text = model.steps[step]?.text ?? '';
  const named = new Set(text.split(/[^a-z0-9]+/i));
  const chainRegs = new Set(model.chain.map((c) => c.register));
  const rank = (r: RegisterRow): number =>
    r === selected ? 0 : named.has(r.name) ? 1 : chainRegs.has(r.name) ? 2 : r.changed ? 3 : r.source !== 'unknown' ? 4 : 5;
  const keep = new Set([...all].sort((x, y) => rank(x) - rank(y)).slice(0, room));
  return all.filter((r) => keep.has(r));
}

function accessLine(model: TraceModel, step: number, l: Labels): Line {
  const s = model.steps[step];
  const head = span(`${l.accesses}: `, 'title');
  if (s === undefined || s.accesses.length === 0) return [head, span(l.noAccesses, 'dim')];
  const parts: Span[] = [head];
  for (const a of s.accesses) {
    const where = a.address === null ? '?' : hexValue(a.address, model.wordBits);
    const value = a.value === null ? '?' : hexValue(a.value, a.size * 8);
    parts.push(span(`${a.kind} ${a.size}B @ `), span(where, a.address === null ? 'unknown' : 'reconstructed'),
      span(' = '), span(value, a.value === null ? 'unknown' : 'reconstructed'), span('   '));
  }
  return parts;
}

/** The chain in trace order, one line per step; the row at the cursor is highlighted. */
function chainLines(model: TraceModel, step: number, l: Labels): Line[] {
  if (model.chain.length === 0) return [[span(l.noChain, 'dim')]];
  return [...model.chain].reverse().map((c) => {
    const here = c.step === step;
    const mark = c.kind === 'fault' ? 'F' : c.step !== null && c.step === model.originStep ? 'O' : '*';
    const style = c.kind === 'fault' ? 'fault' : mark === 'O' ? 'origin' : 'chain';
    const value = c.value === null ? '?' : hexValue(c.value, model.wordBits);
    return [
      span(here ? '>' : ' ', 'current'),
      span(mark, style),
      span(` ${c.offset === null ? '   ?' : offsetText(c.offset).padStart(6)}  `, 'dim'),
      span(`${c.kind.padEnd(7)} `, style),
      span(`${c.register ?? ''}=${value} `, here ? 'current' : 'plain'),
      span(c.expression, 'dim'),
    ];
  });
}
