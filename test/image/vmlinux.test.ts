import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElfFile } from '../../src/image/elf/file.js';
import { elfSymbolIndex } from '../../src/image/elf/symbol-index.js';
import { withFileSource } from '../../src/image/source.js';
import { loadVmlinux } from '../../src/image/vmlinux.js';
import { findFunction, wordAt } from '../../src/image/image.js';
import { parseSymbolSpec } from '../../src/image/query.js';
import { UserError } from '../../src/errors.js';
import { fixture, fixtureText, objdumpWords } from './helpers.js';

function words(image: ReturnType<typeof loadVmlinux>, address: bigint, count: number): number[] {
  return Array.from({ length: count }, (_, i) => wordAt(image, address + BigInt(i * 4)) as number);
}

describe('loadVmlinux', () => {
  for (const arch of ['mips', 'arm64'] as const) {
    const truth = objdumpWords(fixtureText(`vmlinux-${arch}.objdump.txt`), 'link_all');

    it(`${arch}: finds link_all by an address inside it, with objdump's words`, () => {
      const image = loadVmlinux(fixture(`vmlinux-${arch}`), { pc: truth.address + 0x10n, symbol: null });
      const fn = findFunction(image, truth.address + 0x10n);
      expect(fn.name).toBe('link_all');
      expect(fn.address).toBe(truth.address);
      // objdump's block runs on through the alignment padding after the function.
      const size = Number(fn.size);
      expect(truth.words.length * 4 - size).toBeGreaterThanOrEqual(0);
      expect(truth.words.length * 4 - size).toBeLessThan(16);
      expect(words(image, truth.address, size / 4)).toEqual(truth.words.slice(0, size / 4));
      expect(wordAt(image, truth.address + BigInt(size))).toBeNull();
      expect(image.endian).toBe(arch === 'mips' ? 'big' : 'little');
      expect(image.warnings).toEqual([]);
    });

    it(`${arch}: a KASLR-shifted pc places the function at run-time addresses and says so`, () => {
      const slide = arch === 'mips' ? 0x10000n : 0x5448b6800000n;
      const pc = truth.address + 0x20n + slide;
      const image = loadVmlinux(fixture(`vmlinux-${arch}`), { pc, symbol: { ...parseSymbolSpec('link_all+0x20'), size: null } });
      expect(image.ranges[0]?.address).toBe(truth.address + slide);
      expect(wordAt(image, pc)).toBe(truth.words[8]);
      expect(image.warnings.join('\n')).toMatch(/relocated by 0x/);
      expect(findFunction(image, 'lock_it').address).toBeGreaterThan(truth.address + slide);
    });
  }

  it('warns when the oops size disagrees with the symbol size (wrong build)', () => {
    const size = objdumpWords(fixtureText('vmlinux-mips.objdump.txt'), 'link_all').words.length * 4;
    const image = loadVmlinux(fixture('vmlinux-mips'), { pc: null, symbol: parseSymbolSpec('link_all+0x8/0x400') });
    expect(image.warnings.join('\n')).toContain(`oops says link_all is 0x400 bytes, the file says 0x${size.toString(16)}`);
  });

  it('accepts the kallsyms size that includes alignment padding', () => {
    const map = fixtureText('System.map-mips');
    const after = /ffffffff([0-9a-f]{8}) T sysfs_link/.exec(map)?.[1] as string;
    const padded = BigInt('0x' + after) - 0x80100024n;
    const image = loadVmlinux(fixture('vmlinux-mips'), { pc: null, symbol: { name: 'link_all', offset: 8n, size: padded, module: null } });
    // No size warning; only the note that, without a pc, the function sits at its link address.
    expect(image.warnings).toEqual([expect.stringMatching(/the oops prints no pc, so link_all is shown at its link address 0x80100024; if the kernel was relocated/)]);
  });

  it('suggests the nearest names for a symbol that is not there', () => {
    expect(() => loadVmlinux(fixture('vmlinux-arm64'), { pc: null, symbol: parseSymbolSpec('link_al+0x4') })).toThrow(
      /no function named 'link_al'; nearest names: link_all/,
    );
  });

  it('rejects an offset past the end of the function', () => {
    expect(() => loadVmlinux(fixture('vmlinux-arm64'), { pc: null, symbol: parseSymbolSpec('lock_it+0x400') })).toThrow(UserError);
  });

  it('rejects a relocatable object', () => {
    expect(() => loadVmlinux(fixture('testmod-arm64.ko'), { pc: null, symbol: parseSymbolSpec('bump') })).toThrow(/pass it with --module/);
  });
});

describe('the symbol index of a vmlinux', () => {
  const index = (path: string) => withFileSource(path, (s) => elfSymbolIndex(new ElfFile(s), 'mips'));
  it('is built once per file version, however often the file is opened', () => {
    const path = fixture('vmlinux-mips');
    expect(index(path)).toBe(index(path));
  });
  it('is built again for another file, or the same path rewritten', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oopsreplay-index-'));
    const copy = join(dir, 'vmlinux');
    copyFileSync(fixture('vmlinux-mips'), copy);
    const first = index(copy);
    expect(first).not.toBe(index(fixture('vmlinux-mips')));
    copyFileSync(fixture('vmlinux-mips'), join(dir, 'other'));
    renameSync(join(dir, 'other'), copy);
    expect(index(copy)).not.toBe(first);
    rmSync(dir, { recursive: true });
  });
});
