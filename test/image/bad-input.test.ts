import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { ElfFile } from '../../src/image/elf/file.js';
import { loadModuleFrom } from '../../src/image/module.js';
import { memorySource } from '../../src/image/source.js';
import { loadVmlinux, loadVmlinuxFrom } from '../../src/image/vmlinux.js';
import { parseSymbolSpec } from '../../src/image/query.js';
import { fixture } from './helpers.js';

const vmlinux = readFileSync(fixture('vmlinux-arm64'));
const module = readFileSync(fixture('testmod-mips.ko'));
const query = { pc: null, symbol: parseSymbolSpec('link_all+0x8') };
const moduleQuery = { pc: 0x80000028n, symbol: parseSymbolSpec('link_all+0x4') };

function oneLine(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UserError');
}

describe('bad ELF input', () => {
  it('an empty or non-ELF file', () => {
    expect(oneLine(() => new ElfFile(memorySource('x', new Uint8Array(0))))).toBe('x: not an ELF file (no \\x7fELF magic); give a vmlinux or a .ko');
    expect(oneLine(() => loadVmlinux(fixture('System.map-mips'), query))).toMatch(/not an ELF file/);
  });

  it('a header cut short', () => {
    expect(oneLine(() => new ElfFile(memorySource('v', vmlinux.subarray(0, 40))))).toMatch(/^v: truncated or corrupt file: the ELF header lies at 0x0\.\.0x40 but the file has 0x28 bytes; give the complete file$/);
  });

  it('a file cut in half', () => {
    expect(oneLine(() => loadVmlinuxFrom(memorySource('v', vmlinux.subarray(0, vmlinux.length >> 1)), query))).toMatch(/^v: truncated or corrupt file: section header 0 lies at 0x[0-9a-f.x]+ but the file has 0x[0-9a-f]+ bytes; give the complete file$/);
  });

  it('an ELF for another machine', () => {
    expect(oneLine(() => loadVmlinux('/bin/sh', query))).toMatch(/an ELF file for x86-64; oopsreplay reads MIPS and AArch64 kernels/);
  });

  it('a missing file', () => {
    expect(oneLine(() => loadVmlinux('/nonexistent/vmlinux', query))).toBe('/nonexistent/vmlinux: no such file');
  });

  // Cuts at every 97th byte and seeded single-byte corruptions: each load either works or is a one-line UserError.
  it('survives truncation and corruption anywhere', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const attempts: [string, Uint8Array, boolean][] = [];
    for (let cut = 0; cut < module.length; cut += 97) attempts.push([`cut ${cut}`, module.subarray(0, cut), true]);
    for (let cut = 0; cut < vmlinux.length; cut += 4093) attempts.push([`cut ${cut}`, vmlinux.subarray(0, cut), false]);
    for (let i = 0; i < 300; i++) {
      const isModule = i % 2 === 0;
      const bytes = Uint8Array.from(isModule ? module : vmlinux);
      const limit = isModule ? bytes.length : 0x2000;
      const at = random(limit) + (isModule ? 0 : bytes.length - limit);
      bytes[at] = random(256);
      attempts.push([`flip ${at}`, bytes, isModule]);
    }
    for (const [what, bytes, isModule] of attempts) {
      try {
        if (isModule) loadModuleFrom(memorySource(what, bytes), moduleQuery);
        else loadVmlinuxFrom(memorySource(what, bytes), query);
      } catch (err) {
        if (!(err instanceof UserError)) throw new Error(`${what}: ${(err as Error).stack}`);
        expect((err as Error).message).not.toContain('\n');
      }
    }
  });
});
