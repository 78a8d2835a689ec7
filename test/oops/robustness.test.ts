/**
 * Damaged and disguised logs: every corpus log truncated at each line, with flipped bytes, shuffled,
 * wrapped at 80 columns and prefixed. The parser either parses or says it found no oops (UserError);
 * it never throws anything else. Prefixing and wrapping must not change what is parsed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xorshift } from '../../scripts/xorshift.js';
import { UserError } from '../../src/errors.js';
import { parseOops, parseOopses, type CrashReport } from '../../src/oops/index.js';

const CORPUS = new URL('../../../shared/corpus/oops/', import.meta.url).pathname;
const logs = readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) =>
  readdirSync(join(CORPUS, d.name)).filter((f) => f.endsWith('.txt')).map((f) => ({ name: `${d.name}/${f}`, text: readFileSync(join(CORPUS, d.name, f), 'utf8') })));

/** xorshift32 scaled to [0, 1): the same damage on every run, so a failure can be replayed. */
function rng(seed: number): () => number {
  const next = xorshift(seed);
  return () => next() / 0x100000000;
}

function parsesOrRefuses(text: string): CrashReport | null {
  try {
    return parseOops(text);
  } catch (err) {
    if (err instanceof UserError) return null;
    throw err;
  }
}

function essentials(r: CrashReport): unknown {
  return { arch: r.arch, faultAddress: r.faultAddress, pc: r.pc, pcSymbol: r.pcSymbol, access: r.access, registers: r.registers, code: r.code, comm: r.comm, pid: r.pid };
}

describe('parser robustness', () => {
  it('survives truncation at every line of every corpus log', () => {
    for (const { text } of logs) {
      const lines = text.split('\n');
      for (let n = 0; n <= lines.length; n++) parsesOrRefuses(lines.slice(0, n).join('\n'));
    }
  });

  it('survives random byte flips and shuffled lines', () => {
    const rand = rng(0x5eed);
    for (const { text } of logs) {
      for (let round = 0; round < 20; round++) {
        const bytes = Buffer.from(text, 'utf8');
        for (let k = 0; k < 1 + Math.floor(rand() * 40); k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
        parsesOrRefuses(bytes.toString('latin1'));
        const lines = text.split('\n');
        for (let i = lines.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        }
        parsesOrRefuses(lines.join('\n'));
      }
    }
  });

  it('parses the same oops behind syslog, journal and serial prefixes', () => {
    const prefixes = ['Mar  3 10:00:00 router kernel: ', '2026-03-03T10:00:00.123456+00:00 host kernel: ', '<4>'];
    const record = /^(?:<\d>)?\[\s*\d+\.\d+\]/;
    let checked = 0;
    for (const { name, text } of logs) {
      const lines = text.split('\n');
      const split = lines.map((l) => /^((?:\s{0,2}[>|] ?)*)(.*)$/.exec(l)!);
      // A logger prefixes records, so only logs whose records are marked by timestamps can be
      // re-prefixed faithfully; the prefix goes inside any mail quoting, which came later.
      if (!split.some((m) => record.test(m[2]!))) continue;
      const plain = parseOops(text);
      for (const p of [...prefixes, '\r']) {
        const prefixed = split.map((m, i) => {
          if (p === '\r') return lines[i] + '\r';
          const softBroken = i > 0 && /[^=]=$/.test(lines[i - 1]!);
          return record.test(m[2]!) && !softBroken ? m[1]! + p + m[2]! : lines[i]!;
        }).join('\n');
        expect(essentials(parseOops(prefixed)), `${name} with '${p}'`).toEqual(essentials(plain));
      }
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('parses MIPS and AArch64 oopses wrapped at 80 columns by a terminal', () => {
    for (const { name, text } of logs.filter((l) => /^(?:mips|arm64)\//.test(l.name))) {
      const plain = parseOops(text);
      if (!text.split('\n').some((l) => /^\[\s*\d+\.\d+\]/.test(l))) continue; // wrapping is only recoverable where timestamps mark record starts
      const wrapped = text.split('\n').flatMap((l) => {
        const out: string[] = [];
        for (let i = 0; i < l.length; i += 80) out.push(l.slice(i, i + 80));
        return out.length > 0 ? out : [''];
      }).join('\n');
      const w = parseOops(wrapped);
      expect({ arch: w.arch, faultAddress: w.faultAddress, pc: w.pc, pcSymbol: w.pcSymbol, registers: w.registers }, name)
        .toEqual({ arch: plain.arch, faultAddress: plain.faultAddress, pc: plain.pc, pcSymbol: plain.pcSymbol, registers: plain.registers });
    }
  });

  it('finds no oops in 10 MB of random text, and says so', () => {
    const rand = rng(42);
    const chars = ' abcdefghijklmnopqrstuvwxyzABCDEF0123456789[]:.<>=-\n';
    const bytes = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = chars.charCodeAt(Math.floor(rand() * chars.length));
    const text = bytes.toString('latin1');
    expect(parseOopses(text)).toEqual([]);
    expect(() => parseOops(text)).toThrow(UserError);
  });

  it('finds every oops in a log that holds several, and the one asked for', () => {
    const a = logs.find((l) => l.name.startsWith('mips/openwrt-malta'))!.text;
    const b = logs.find((l) => l.name.startsWith('arm64/qemu-virt'))!.text;
    const all = parseOopses(`${a}\nsome other output\n${b}\n`);
    expect(all.map((r) => r.arch)).toEqual(['mips', 'aarch64']);
    expect(() => parseOops(a, 1)).toThrow(/--index 1 is out of range/);
  });
});
