import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findFunction, loadListing, loadModule, parseListing, parseSymbolSpec, parseSystemMap, relocationAt, wordAt } from '../../src/image/index.js';
import { arm64HeaderEndian } from '../../src/image/raw-image.js';
import { ElfFile } from '../../src/image/elf/file.js';
import { memorySource } from '../../src/image/source.js';
import { fixture, fixtureText, objdumpWords } from './helpers.js';

/** The factory's arm64 6.1 vmlinux, through its System.map and listings (fixtures/image/README.md). */
describe('factory arm64 kernel: main.o against the linked vmlinux', () => {
  const systemMap = parseSystemMap(gunzipSync(readFileSync(fixture('arm64-System.map.gz'))).toString('latin1'), 'aarch64');
  const byName = new Map(systemMap.filter((s) => !s.local).map((s) => [s.name, s.address]));
  const linked = objdumpWords(fixtureText('arm64-vmlinux.load_module.objdump.txt'), 'load_module');

  // main.o defines weak fallbacks (module_alloc, module_memfree, ...) that arch/arm64 overrides:
  // an object of vmlinux (no .modinfo) lets the global definitions win, as the linker did.
  const weak = new Set(
    new ElfFile(memorySource('main.o', readFileSync(fixture('arm64-module-main.o'))))
      .symbols()
      .filter((s) => s.bind === 2 && s.shndx !== 0)
      .map((s) => s.name),
  );

  it('main.o placed where the vmlinux has load_module equals it wherever its relocations resolve', () => {
    const pc = linked.address + 0x9d8n;
    const image = loadModule(fixture('arm64-module-main.o'), { pc, symbol: parseSymbolSpec('load_module+0x9d8') }, { resolveExternal: (n) => byName.get(n) ?? null });
    const fn = findFunction(image, pc);
    expect(fn.address).toBe(linked.address);
    let resolved = 0;
    let weakCalls = 0;
    const differing: string[] = [];
    linked.words.forEach((word, i) => {
      const at = linked.address + BigInt(i * 4);
      const reloc = relocationAt(image, at);
      if (reloc !== null && !reloc.resolved) return;
      if (reloc !== null) resolved++;
      if (reloc !== null && weak.has(reloc.symbol)) weakCalls++;
      if (wordAt(image, at) !== word) differing.push(`+0x${(i * 4).toString(16)} ${reloc?.type ?? ''}`);
    });
    expect(differing).toEqual([]);
    expect(resolved).toBeGreaterThan(100);
    expect(weakCalls).toBeGreaterThanOrEqual(3); // module_alloc twice and module_finalize are the overridden ones
  });

  it("gdb's plain listing of the vmlinux rebuilds to its /r words", () => {
    const text = fixtureText('arm64-vmlinux.load_module.gdb.txt').split('\n').slice(0, 301).join('\n');
    const image = loadListing(text, { arch: 'aarch64' });
    expect(image.gaps).toEqual([]);
    const truth = parseListing(fixtureText('arm64-vmlinux.load_module.gdb-r.txt')).instructions.slice(0, 300);
    expect(truth.filter((t) => wordAt(image, t.address) !== t.word)).toEqual([]);
  });

  it('the real Image header says little-endian', () => {
    expect(arm64HeaderEndian(memorySource('Image', readFileSync(fixture('arm64-Image-header.bin'))))).toBe('little');
  });
});
