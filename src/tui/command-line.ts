/**
 * The `:` command line: gdb-like commands over what the trace knows. Pure: `x` and `p` answer from
 * the model; `assume` and moves are returned as requests for the reducer and the app to carry out.
 */
import { hexValue, type MemoryRegion, type TraceModel } from './model.js';

export type CommandResult =
  | { readonly kind: 'output'; readonly lines: readonly string[] }
  | { readonly kind: 'goto'; readonly step: number }
  | { readonly kind: 'assume'; readonly assumption: string };

const USAGE = 'commands: x/NFU ADDR (F = x d, U = b h w g), p $REG, assume REG=VALUE | memN[ADDR]=VALUE, step N, goto +0xOFF';

export function runCommandLine(text: string, model: TraceModel, step: number): CommandResult {
  const line = text.trim();
  const [word = '', ...rest] = line.split(/\s+/);
  const arg = rest.join(' ');
  if (word === '' || word === 'help' || word === 'h') return output(USAGE);
  if (/^x(\/|$)/.test(word)) return examine(word, arg, model);
  if (word === 'p' || word === 'print' || word.startsWith('p/')) return printRegister(arg, model, step);
  if (word === 'assume') {
    if (arg === '') return output('assume needs REG=VALUE (a1=0x87690000) or memN[ADDR]=VALUE (mem32[0x87690114]=0)');
    return { kind: 'assume', assumption: arg };
  }
  if (word === 'step' || word === 's') {
    const n = Number(arg);
    if (!Number.isInteger(n) || n < 0 || n >= model.steps.length) return output(`step needs a number from 0 to ${model.steps.length - 1}`);
    return { kind: 'goto', step: n };
  }
  if (word === 'goto' || word === 'g') return gotoOffset(arg, model, step);
  return output(`unknown command '${word}'; ${USAGE}`);
}

const output = (...lines: string[]): CommandResult => ({ kind: 'output', lines });

/** `goto +0xb4` or `goto 0x80260e58`: the path step at that place nearest after the cursor, else the last one. */
function gotoOffset(arg: string, model: TraceModel, step: number): CommandResult {
  const m = /^([+-]?)(0x[0-9a-f]+|\d+)$/i.exec(arg);
  if (m === null) return output('goto needs +OFFSET in the function or an address, e.g. goto +0xb4');
  const n = BigInt(m[2]!);
  const matches = (s: { pc: bigint; offset: number }): boolean => (m[1] === '' ? s.pc === n : BigInt(s.offset) === (m[1] === '-' ? -n : n));
  const hits = model.steps.map((s, i) => (matches(s) ? i : -1)).filter((i) => i >= 0);
  if (hits.length === 0) return output(`${arg} is not on the reconstructed path`);
  return { kind: 'goto', step: hits.find((i) => i > step) ?? hits[hits.length - 1]! };
}

function printRegister(arg: string, model: TraceModel, step: number): CommandResult {
  const name = model.canonicalRegister(arg.trim());
  if (name === undefined) return output(`no register '${arg.trim()}' on ${model.arch}; write p $v0 or p x0`);
  const row = model.registersAt(step).find((r) => r.name === name);
  if (row === undefined) return output(`${name} is not followed at this step`);
  const value = row.value === null ? 'unknown' : `${hexValue(row.value, model.wordBits)} (${row.value})`;
  return output(`$${name} = ${value}  [${row.source}]`, `  = ${row.expr}`, `  ${row.why}`);
}

const UNIT: Record<string, number> = { b: 1, h: 2, w: 4, g: 8 };

/** `x/4wx 0x87c459a0`: words from the memory the reconstruction knows; bytes nobody knows print as ??. */
function examine(word: string, arg: string, model: TraceModel): CommandResult {
  const m = /^x(?:\/(\d*)([xdbhwg]*))?$/.exec(word);
  if (m === null) return output(`cannot read '${word}'; write x/4wx ADDRESS`);
  let count = m[1] !== undefined && m[1] !== '' ? Number(m[1]) : 4;
  let size = model.wordBits / 8;
  let format: 'x' | 'd' = 'x';
  for (const c of m[2] ?? '') {
    if (c in UNIT) size = UNIT[c]!;
    else format = c as 'x' | 'd';
  }
  count = Math.min(count, 64);
  const addrText = arg.trim();
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(addrText)) return output('x needs an address, e.g. x/4wx 0x87c459a0');
  const base = BigInt(addrText);
  const perLine = Math.max(1, Math.floor(16 / size));
  const lines: string[] = [];
  for (let i = 0; i < count; i += perLine) {
    const cells: string[] = [];
    for (let j = i; j < Math.min(count, i + perLine); j++) cells.push(formatUnit(readBytes(model.memory, base + BigInt(j * size), size), model.endian, format));
    lines.push(`${hexValue(base + BigInt(i * size), model.wordBits)}:  ${cells.join(' ')}`);
  }
  const sources = model.memory.filter((r) => r.provenance !== 'unknown' && overlaps(r, base, count * size)).map((r) => r.label);
  lines.push(sources.length > 0 ? `  from: ${sources.join('; ')}` : '  the reconstruction knows nothing at these addresses');
  return { kind: 'output', lines };
}

const overlaps = (r: MemoryRegion, addr: bigint, len: number): boolean => r.address < addr + BigInt(len) && addr < r.address + BigInt(r.bytes.length);

/** Later regions win: recovered loads and assumptions are laid over the stack dump; unknown regions tell nothing. */
function readBytes(memory: readonly MemoryRegion[], addr: bigint, size: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let k = 0; k < size; k++) {
    const a = addr + BigInt(k);
    let byte: number | null = null;
    for (const r of memory) if (r.provenance !== 'unknown' && a >= r.address && a < r.address + BigInt(r.bytes.length)) byte = r.bytes[Number(a - r.address)]!;
    out.push(byte);
  }
  return out;
}

function formatUnit(bytes: (number | null)[], endian: 'be' | 'le', format: 'x' | 'd'): string {
  const ordered = endian === 'le' ? [...bytes].reverse() : bytes;
  if (ordered.some((b) => b === null)) {
    return (format === 'x' ? '0x' : '') + ordered.map((b) => (b === null ? '??' : b.toString(16).padStart(2, '0'))).join('');
  }
  const value = ordered.reduce<bigint>((acc, b) => (acc << 8n) | BigInt(b!), 0n);
  return format === 'x' ? `0x${value.toString(16).padStart(bytes.length * 2, '0')}` : value.toString();
}
