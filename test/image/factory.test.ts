import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findFunction, loadListing, loadModule, parseSymbolSpec, parseSystemMap, relocationAt, wordAt } from '../../src/image/index.js';
import { fixture, fixtureText, objdumpWords } from './helpers.js';

/**
 * Real kernel objects from the fixture factory's Linux 6.1 builds (fixtures/image/README.md):
 * MIPS 24Kc big-endian -Os net/core/skbuff.o and the vmlinux it was linked into.
 */
describe('factory MIPS kernel: net/core/skbuff.o and its vmlinux', () => {
  const systemMap = parseSystemMap(gunzipSync(readFileSync(fixture('mips-be-System.map.gz'))).toString('latin1'), 'mips');
  const linked = objdumpWords(fixtureText('mips-be-vmlinux.copy_skb_header.objdump.txt'), '__copy_skb_header');
  const byName = new Map(systemMap.filter((s) => !s.local).map((s) => [s.name, s.address]));

  it('System.map sizes __copy_skb_header as the vmlinux lays it out', () => {
    const s = systemMap.find((x) => x.name === '__copy_skb_header');
    expect(s?.address).toBe(linked.address);
    expect(s?.size).toBe(BigInt(linked.words.length * 4));
  });

  it('skbuff.o placed at the oops pc matches the linked kernel wherever its relocations resolve', () => {
    const pc = linked.address + 0xc0n;
    const image = loadModule(fixture('mips-be-skbuff.o'), { pc, symbol: { ...parseSymbolSpec('__copy_skb_header+0xc0'), size: BigInt(linked.words.length * 4) } }, { resolveExternal: (n) => byName.get(n) ?? null });
    const fn = findFunction(image, pc);
    expect(fn.name).toBe('__copy_skb_header');
    expect(fn.address).toBe(linked.address);
    let compared = 0;
    let relocated = 0;
    linked.words.forEach((word, i) => {
      const at = linked.address + BigInt(i * 4);
      const reloc = relocationAt(image, at);
      if (reloc !== null && !reloc.resolved) return;
      if (reloc !== null) relocated++;
      expect(wordAt(image, at), `+0x${(i * 4).toString(16)}`).toBe(word);
      compared++;
    });
    expect(relocated).toBeGreaterThanOrEqual(3); // jal refcount_inc (.text), jal memcpy and friends
    expect(compared).toBeGreaterThan(linked.words.length - 6);
    const unresolved = image.relocations.filter((r) => r.address >= fn.address && r.address < fn.address + (fn.size as bigint) && !r.resolved);
    for (const r of unresolved) expect(r.note).toMatch(/whose load address the oops does not give|outside the module/);
  });

  it("gdb's listing without bytes of the -Os function rebuilds to the linked words", () => {
    const image = loadListing(fixtureText('mips-be-vmlinux.copy_skb_header.gdb.txt'), { arch: 'mips', endian: 'big' });
    expect(image.gaps).toEqual([]);
    linked.words.forEach((word, i) => expect(wordAt(image, linked.address + BigInt(i * 4))).toBe(word));
  });

  it('objdump -dr of the object: its relocation lines name the targets of the listed words', () => {
    const image = loadListing(fixtureText('mips-be-skbuff.copy_skb_header.objdump-r.txt'), {
      arch: 'mips',
      endian: 'big',
      query: { pc: linked.address + 0xc0n, symbol: parseSymbolSpec('__copy_skb_header+0xc0') },
    });
    const labels = image.relocations.map((r) => r.label);
    expect(labels).toEqual(expect.arrayContaining(['warn_slowpath_fmt', '$LC14']));
    expect(image.relocations.every((r) => r.address >= linked.address && r.address < linked.address + BigInt(linked.words.length * 4))).toBe(true);
  });
});

/** arm64 6.1 tinyconfig kernel/module/main.o from the factory (fixtures/image/README.md). */
describe('factory arm64 kernel: kernel/module/main.o', () => {
  const truth = objdumpWords(fixtureText('arm64-module-main.load_module.objdump.txt'), 'load_module');

  it("gdb's listing without bytes of load_module rebuilds to the compiler's words (first 400 lines)", () => {
    const lines = fixtureText('arm64-module-main.load_module.gdb.txt').split('\n').slice(0, 401);
    const image = loadListing(lines.join('\n'), { arch: 'aarch64' });
    expect(image.gaps).toEqual([]);
    for (let i = 0; i < 400; i++) expect(wordAt(image, truth.address + BigInt(i * 4)), `+0x${(i * 4).toString(16)}`).toBe(truth.words[i]);
  });

  it('placed at an oops pc, calls within .text resolve and everything else is named', () => {
    const pc = 0xffff800008123000n + 0x9d8n;
    const image = loadModule(fixture('arm64-module-main.o'), { pc, symbol: parseSymbolSpec('load_module+0x9d8') });
    const fn = findFunction(image, pc);
    expect(fn.address).toBe(0xffff800008123000n);
    const inside = image.relocations.filter((r) => r.address >= fn.address && r.address < fn.address + (fn.size as bigint));
    const types = new Set(inside.map((r) => r.type));
    expect([...types]).toEqual(expect.arrayContaining(['AARCH64_CALL26', 'AARCH64_ADR_PREL_PG_HI21', 'AARCH64_ADD_ABS_LO12_NC']));
    for (const r of inside) {
      if (r.resolved) expect(r.value).not.toBeNull();
      else expect(r.note).toMatch(/outside the module|whose load address the oops does not give/);
    }
    // Unrelocated words are the compiler's.
    const differing = truth.words.filter((w, i) => {
      const at = fn.address + BigInt(i * 4);
      return relocationAt(image, at) === null && wordAt(image, at) !== w;
    });
    expect(differing).toEqual([]);
  });
});
