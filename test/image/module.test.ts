import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadModule, relocatedSection } from '../../src/image/module.js';
import { ElfFile } from '../../src/image/elf/file.js';
import { memorySource } from '../../src/image/source.js';
import { loadVmlinux } from '../../src/image/vmlinux.js';
import { findFunction, relocationAt, wordAt } from '../../src/image/image.js';
import { parseSymbolSpec } from '../../src/image/query.js';
import { fixture, fixtureText } from './helpers.js';

/** Addresses of System.map, as the resolver of a module's external symbols. */
function systemMap(name: string): (symbol: string) => bigint | null {
  const map = new Map<string, bigint>();
  for (const line of fixtureText(name).split('\n')) {
    const [addr, , sym] = line.split(' ');
    if (sym !== undefined && addr !== undefined) map.set(sym, BigInt.asUintN(32 + (addr.length > 8 && !addr.startsWith('ffffffff8') ? 32 : 0), BigInt('0x' + addr)));
  }
  return (s) => map.get(s) ?? null;
}

/**
 * The module and the vmlinux fixtures are built from the same testmod.c with the same flags, the
 * vmlinux by a real linker: placed where the vmlinux has it, the module's relocated words must
 * equal the linker's output wherever oopsreplay could resolve the relocation.
 */
for (const [arch, ko, map, mod] of [
  ['arm64', 'testmod-arm64.ko', 'System.map-arm64', 'testmod_arm64'],
  ['mips', 'testmod-mips-jal.ko', 'System.map-mips', 'testmod_mips_jal'],
] as const) {
  describe(`loadModule ${arch}`, () => {
    const kernel = loadVmlinux(fixture(`vmlinux-${arch}`), { pc: null, symbol: parseSymbolSpec('link_all') });
    const linked = findFunction(kernel, 'link_all');
    const pc = linked.address + 0x20n;
    const query = { pc, symbol: { ...parseSymbolSpec(`link_all+0x20 [${mod}]`), size: linked.size } };

    it('places the function so that the oops pc falls on it, and matches the linker where resolved', () => {
      const image = loadModule(fixture(ko), query, { resolveExternal: systemMap(map) });
      const fn = findFunction(image, pc);
      expect(fn.name).toBe('link_all');
      expect(fn.address).toBe(linked.address);
      let compared = 0;
      for (let a = fn.address; a < fn.address + (fn.size as bigint); a += 4n) {
        const reloc = relocationAt(image, a);
        if (reloc !== null && !reloc.resolved) continue;
        expect(wordAt(image, a), `word at 0x${a.toString(16)}`).toBe(wordAt(kernel, a));
        compared++;
      }
      expect(compared).toBeGreaterThan(Number(fn.size) / 4 - 4);
    });

    it('names the targets of calls and globals, resolved or not', () => {
      const image = loadModule(fixture(ko), query);
      const labels = image.relocations.filter((r) => r.address >= linked.address && r.address < linked.address + (linked.size as bigint));
      const byLabel = new Map(labels.map((r) => [r.label, r]));
      expect([...byLabel.keys()]).toEqual(expect.arrayContaining(['lock_it', 'sysfs_link', 'unlock_it', 'item_list', 'label', 'bump']));
      expect(byLabel.get('bump')?.resolved).toBe(true);
      expect(byLabel.get('bump')?.value).toBe(findFunction(image, 'bump').address);
      expect(byLabel.get('sysfs_link')?.resolved).toBe(false);
      expect(byLabel.get('sysfs_link')?.note).toMatch(/outside the module/);
      expect(byLabel.get('label')?.note).toMatch(/rodata, whose load address the oops does not give/);
      expect(image.warnings.join('\n')).toMatch(/keep the object file's placeholder/);
    });

    it('rejects a module that is not the one in the oops', () => {
      expect(() => loadModule(fixture(ko), { pc, symbol: parseSymbolSpec('link_all+0x20 [other_mod]') })).toThrow(
        new RegExp(`is module '${mod}' but the oops faulted in module 'other_mod'; give other_mod.ko`),
      );
    });

    it('suggests names for a function the module lacks', () => {
      expect(() => loadModule(fixture(ko), { pc, symbol: parseSymbolSpec('linkall+0x20') })).toThrow(/has no function 'linkall'; nearest names: link_all/);
    });

    it('rejects an offset past the function', () => {
      expect(() => loadModule(fixture(ko), { pc, symbol: parseSymbolSpec('bump+0x400') })).toThrow(/does not match the oops/);
    });
  });
}

describe('loadModule mips -mlong-calls', () => {
  // The second resolver puts the callee where the low half is negative, so %hi must carry.
  it.each([
    ['System.map', systemMap('System.map-mips')],
    ['a high low half', (s: string) => (s === 'lock_it' ? 0x8012f00cn : null)],
  ])('pairs R_MIPS_HI16 with R_MIPS_LO16 so lui/addiu load the callee address (%s)', (_name, resolve) => {
    const pc = 0xc0100044n;
    const image = loadModule(fixture('testmod-mips.ko'), { pc, symbol: parseSymbolSpec('link_all+0x20') }, { resolveExternal: resolve });
    const hi = image.relocations.filter((r) => r.type === 'MIPS_HI16' && r.symbol === 'lock_it');
    const lo = image.relocations.filter((r) => r.type === 'MIPS_LO16' && r.symbol === 'lock_it');
    expect(hi).toHaveLength(1);
    expect(lo).toHaveLength(1);
    const lui = wordAt(image, hi[0]!.address) as number;
    const addiu = wordAt(image, lo[0]!.address) as number;
    const built = BigInt.asUintN(32, (BigInt(lui & 0xffff) << 16n) + BigInt.asIntN(16, BigInt(addiu & 0xffff)));
    expect(built).toBe(resolve('lock_it'));
  });

  it('reads little-endian modules', () => {
    const image = loadModule(fixture('testmod-mipsel.ko'), { pc: 0xc0100044n, symbol: parseSymbolSpec('link_all+0x20') });
    expect(image.endian).toBe('little');
    const listing = fixtureText('testmod-mipsel.objdump.txt');
    const m = /\n\s+44:\s+([0-9a-f]{8})/.exec(listing);
    expect(wordAt(image, 0xc0100044n)).toBe(parseInt(m![1]!, 16));
  });
});

/** Where the linker put each section of the module's object in the vmlinux fixture, by a symbol in it. */
function linkedSectionBases(ko: string, map: string): (section: string) => bigint | null {
  const elf = new ElfFile(memorySource(ko, readFileSync(fixture(ko))));
  const resolve = systemMap(map);
  return (section) => {
    const index = elf.sections.findIndex((s) => s.name === section);
    const named = elf.symbols().find((s) => s.shndx === index && s.name !== '' && s.type !== 3 && !s.name.startsWith('$') && resolve(s.name) !== null);
    return named === undefined ? null : (resolve(named.name) as bigint) - named.value;
  };
}

/** The linked bytes at `address`, from the vmlinux fixture's section that holds it. */
function linkedBytes(vmlinux: string, address: bigint, length: number): Uint8Array {
  const elf = new ElfFile(memorySource(vmlinux, readFileSync(fixture(vmlinux))));
  const width = elf.header.is64 ? 64 : 32;
  const s = elf.sections.find((x) => x.size > 0 && BigInt.asUintN(width, x.addr) <= address && address < BigInt.asUintN(width, x.addr) + BigInt(x.size));
  if (s === undefined) throw new Error(`no section at ${address.toString(16)}`);
  return elf.sectionBytes(s, Number(address - s.addr), length);
}

describe('relocation arithmetic against the real linker', () => {
  for (const [ko, map, vmlinux, sections] of [
    ['testmod-arm64.ko', 'System.map-arm64', 'vmlinux-arm64', ['.rodata', '.rodata.prel', '.data']],
    ['testmod-mips-jal.ko', 'System.map-mips', 'vmlinux-mips', ['.rodata', '.data']],
  ] as const) {
    it(`${ko}: with every section's address known, link_all is exactly the linked one`, () => {
      const bases = linkedSectionBases(ko, map);
      const textBase = bases('.text') as bigint;
      const fnValue = new ElfFile(memorySource(ko, readFileSync(fixture(ko)))).symbols().find((s) => s.name === 'link_all')!.value;
      const pc = textBase + fnValue + 0x20n;
      const image = loadModule(fixture(ko), { pc, symbol: parseSymbolSpec('link_all+0x20') }, { resolveExternal: systemMap(map), sectionBase: bases });
      expect(image.relocations.filter((r) => !r.resolved)).toEqual([]);
      const range = image.ranges[0]!;
      expect(Array.from(range.bytes)).toEqual(Array.from(linkedBytes(vmlinux, range.address, range.bytes.length)));
    });

    for (const name of sections) {
      it(`${ko}: data relocations in ${name} (ABS64/PREL32/R_MIPS_32) give the linked bytes`, () => {
        const elf = new ElfFile(memorySource(ko, readFileSync(fixture(ko))));
        const section = elf.section(name)!;
        const bases = linkedSectionBases(ko, map);
        const base = bases(name) as bigint;
        const { bytes, relocations } = relocatedSection(elf, section, base, { resolveExternal: systemMap(map), sectionBase: bases });
        expect(relocations.length).toBeGreaterThan(0);
        expect(relocations.every((r) => r.resolved)).toBe(true);
        expect(Array.from(bytes)).toEqual(Array.from(linkedBytes(vmlinux, base, bytes.length)));
      });
    }
  }
});
