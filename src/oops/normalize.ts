/**
 * Turns a raw log (dmesg, syslog, serial capture, pstore dump, a mail quoting one) into logical
 * kernel lines: transport encodings undone, per-line prefixes removed, wrapped lines rejoined.
 */

export interface LogLine {
  /** The kernel's text, prefixes removed, trailing whitespace kept trimmed. */
  readonly text: string;
  /** The line carried a printk timestamp, level or syslog prefix. */
  readonly stamped: boolean;
  /** 1-based physical line number in the input where this logical line starts. */
  readonly lineNo: number;
}

const MAX_LINE = 4096;
const TERMINAL_WIDTHS = new Set([80, 100, 120, 132, 160, 200]);

/** Quoted-printable shows itself by encoded `=` signs or by soft line breaks. */
function looksQuotedPrintable(lines: string[]): boolean {
  let encoded = 0;
  let soft = 0;
  for (const l of lines) {
    if (/=(3D|20|2E|09)/.test(l)) encoded++;
    if (/[^=\s]=$/.test(l)) soft++;
  }
  return encoded >= 1 && (encoded + soft >= 2);
}

function decodeQuotedPrintable(lines: string[]): string[] {
  const joined: string[] = [];
  let carry = '';
  for (const l of lines) {
    if (/=$/.test(l) && !/==$/.test(l)) {
      carry += l.slice(0, -1);
      continue;
    }
    joined.push(carry + l);
    carry = '';
  }
  if (carry !== '') joined.push(carry);
  return joined.map((l) =>
    l.replace(/(?:=[0-9A-F]{2})+/g, (run) => {
      const bytes = Buffer.from(run.split('=').slice(1).map((h) => parseInt(h, 16)));
      const text = bytes.toString('utf8');
      return text.includes('\uFFFD') ? bytes.toString('latin1') : text;
    }),
  );
}

/** E-mail quoting (`> `, `>> `, `> >>> `) and pipe quoting (`| `) when most lines carry it. */
function stripQuoting(lines: string[]): string[] {
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  const pipe = nonEmpty.filter((l) => /^\|(?: |$)/.test(l)).length;
  const pipeQuoted = nonEmpty.length > 0 && pipe / nonEmpty.length > 0.5;
  return lines.map((l) => {
    let s = l.replace(/^[ \t]{0,2}(?:>[ \t]?)+/, '');
    if (pipeQuoted) s = s.replace(/^\|[ \t]?/, '');
    return s;
  });
}

const SYSLOG = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[T ][\d:.]+(?:[+-]\d\d:?\d\d|Z)?) +\S+ +kernel(?:\[\d+\])?: ?/;
const CAPTURE_DATE = /^\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? +/;
const LEVEL = /^<[0-7c]>/;
const TIMESTAMP = /^\[ *\d+\.\d+\](?:\[ *[TC]\d+\])? ?/;
const TRUNCATED_TIMESTAMP = /^\d+\.\d{6}\] ?/;
const CALLER_ID = /^\[ *[TC]\d+\] ?/;
const MTK_CONTEXT = /^ ?-?\(\d+\)\[\d+:[^\]]*\]/;
const JOURNAL_KERNEL = /^kernel(?:\[\d+\])?: /;

interface Stripped {
  text: string;
  stamped: boolean;
}

function stripPrefixes(line: string, vendorMarker: boolean): Stripped {
  let s = line;
  let stamped = false;
  // RST literal blocks and serial noise indent the whole line; a kernel line itself never
  // begins with a level or timestamp after spaces, so leading blanks before them are transport.
  for (let guard = 0; guard < 8; guard++) {
    const t = s.replace(/^[ \t]+(?=<[0-7c]>|\[ *\d+\.\d+\])/, '');
    const m =
      SYSLOG.exec(t) ?? CAPTURE_DATE.exec(t) ?? LEVEL.exec(t) ?? TIMESTAMP.exec(t) ??
      CALLER_ID.exec(t) ?? JOURNAL_KERNEL.exec(t) ?? (guard === 0 ? TRUNCATED_TIMESTAMP.exec(t) : null);
    if (m === null) break;
    s = t.slice(m[0].length);
    stamped = true;
  }
  const mtk = MTK_CONTEXT.exec(s);
  if (mtk !== null) s = s.slice(mtk[0].length);
  if (vendorMarker && stamped) s = s.replace(/^ ?k(?=[A-Z\[ ]|[a-z]+ ?:|user |pc |lr |sp )/, '');
  return { text: s, stamped };
}

/**
 * Some Android vendor kernels glue a one-letter `k` marker to every message after the
 * timestamp. Recognised by many stamped lines that begin with it.
 */
function hasVendorMarker(lines: string[]): boolean {
  let count = 0;
  for (const l of lines) if (/\] {1,2}k(?:[A-Z]|\[|  |pc :|lr :|sp :)/.test(l)) count++;
  return count >= 4;
}

/** A line that begins a new kernel record even when its prefix was lost to wrapping. */
const RECORD_START = new RegExp(
  [
    String.raw`^\s*\$ ?\d+ *:`,
    String.raw`^(?:Oops|Internal error|Call [Tt]race|Code|Stack|Modules linked in|Process|Hi|Lo|epc|ra|Status|Cause|BadVA|PrId|CPU|Cpu|pc|lr|sp|pstate|Exception stack|Instruction dump|NIP|GPR\d\d|RIP|RSP|RAX)\b`,
    String.raw`^\s*x\d{1,2} *:`,
    String.raw`^\s*\[<[0-9a-f]+>\]`,
    String.raw`^---\[ end`,
    String.raw`^(?:Unable to handle|BUG:|Kernel panic|Data bus error|Kernel bug detected|Unhandled kernel)`,
  ].join('|'),
);

/** A physical line the mailer or terminal split off from the one before it. */
function isContinuation(prev: string, cur: Stripped, stampedLog: boolean): boolean {
  if (cur.text.trim() === '' || cur.stamped) return false;
  // ARM's `f from` / `[<addr>] (g+off/size)` pair is one frame however it was wrapped.
  if (/\bfrom$/.test(prev.trimEnd()) && /^\s*\[</.test(cur.text)) return true;
  if (RECORD_START.test(cur.text) || /^#/.test(cur.text)) return false;
  if (stampedLog) return true;
  // Without timestamps only a line that plainly stops mid-phrase can be joined safely.
  return /(?:\bvirtual|\baddress|\boutside|\bwithout|\bfrom|(?:^|\s)(?:[a-z]{1,3}\d{0,2}|x\d{1,2}) ?:|Tainted: [A-Z ]*|,|\()$/.test(prev.trimEnd());
}

export function normalizeLog(raw: string): LogLine[] {
  let physical = raw.replace(/\r\n?/g, '\n').split('\n');
  physical = physical.map((l) =>
    l.length > MAX_LINE ? l.slice(0, MAX_LINE) : l,
  ).map((l) => l.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '').replace(/\t/g, '    '));
  physical = stripQuoting(physical);
  if (looksQuotedPrintable(physical)) physical = decodeQuotedPrintable(physical);

  const vendorMarker = hasVendorMarker(physical);
  const stripped = physical.map((l) => stripPrefixes(l, vendorMarker));
  const nonEmpty = stripped.filter((s) => s.text.trim() !== '');
  const stampedLog = nonEmpty.length > 0 && nonEmpty.filter((s) => s.stamped).length / nonEmpty.length >= 0.5;

  const longest = physical.reduce((m, l) => Math.max(m, l.length), 0);
  const terminalWidth = TERMINAL_WIDTHS.has(longest) ? longest : null;
  const out: { text: string; stamped: boolean; lineNo: number }[] = [];
  stripped.forEach((s, i) => {
    const prev = out[out.length - 1];
    if (prev !== undefined && isContinuation(prev.text, s, stampedLog)) {
      // A terminal breaks exactly at its width, mid-word, and leaves no line longer than that;
      // a mailer breaks at a space it drops.
      const terminalWrap = terminalWidth !== null && physical[i - 1]?.length === terminalWidth;
      const glue = terminalWrap || prev.text.endsWith(' ') || s.text.startsWith(' ') ? '' : ' ';
      prev.text = (prev.text + glue + s.text).slice(0, MAX_LINE);
      return;
    }
    out.push({ text: s.text, stamped: s.stamped, lineNo: i + 1 });
  });
  return out.map((l) => ({ ...l, text: l.text.trimEnd() }));
}
