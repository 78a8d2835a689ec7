/** Lines as styled spans, and terminal display width (CJK characters take two columns). */

export type Style =
  | 'plain' | 'title' | 'dim' | 'current' | 'fault' | 'origin' | 'chain' | 'changed'
  | 'dump' | 'reconstructed' | 'unknown' | 'key' | 'notice' | 'selected';

export interface Span {
  readonly text: string;
  readonly style: Style;
}

export type Line = readonly Span[];

export const span = (text: string, style: Style = 'plain'): Span => ({ text, style });

function isWide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6);
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

/** Cuts a line to `width` columns (marking the cut with …) and pads it to exactly `width`. */
export function fit(line: Line, width: number): Line {
  const out: Span[] = [];
  let used = 0;
  for (const s of line) {
    const w = displayWidth(s.text);
    if (used + w <= width) {
      out.push(s);
      used += w;
      continue;
    }
    let cut = '';
    let cw = 0;
    for (const ch of s.text) {
      const chw = isWide(ch.codePointAt(0)!) ? 2 : 1;
      if (used + cw + chw > width - 1) break;
      cut += ch;
      cw += chw;
    }
    out.push(span(cut + '…', s.style));
    used += cw + 1;
    break;
  }
  if (used < width) out.push(span(' '.repeat(width - used)));
  return merge(out);
}

/** Neighbouring spans of one style become one: fewer Ink nodes to lay out and paint per frame. */
function merge(line: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of line) {
    const last = out[out.length - 1];
    if (last !== undefined && last.style === s.style) out[out.length - 1] = span(last.text + s.text, s.style);
    else if (s.text !== '') out.push(s);
  }
  return out;
}

/** Splits text into lines of at most `width` columns, breaking at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/(\s+)/)) {
    if (displayWidth(current + word) <= width) {
      current += word;
      continue;
    }
    if (current.trim() !== '') lines.push(current.trimEnd());
    current = word.trimStart();
    while (displayWidth(current) > width) {
      let head = '';
      for (const ch of current) {
        if (displayWidth(head + ch) > width) break;
        head += ch;
      }
      lines.push(head);
      current = current.slice(head.length);
    }
  }
  if (current.trim() !== '') lines.push(current.trimEnd());
  return lines;
}
