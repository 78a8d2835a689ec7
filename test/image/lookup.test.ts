import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfFile } from '../../src/image/elf/file.js';
import { locateFunction } from '../../src/image/locate.js';
import { memorySource } from '../../src/image/source.js';
import { arraySymbolIndex } from '../../src/image/symbols.js';
import { faultAccessPredicate, findFunction, inferByteOrder, loadVmlinux, parseSymbolSpec, parseSystemMap, symbolize } from '../../src/image/index.js';
import { crashReport, fixture } from './helpers.js';

describe('ELF64 big-endian', () => {
  it('reads the class, byte order, sections and sized symbols of a MIPS64 object', () => {
    const elf = new ElfFile(memorySource('k', readFileSync(fixture('kstubs-mips64.o'))));
    expect(elf.header).toMatchObject({ is64: true, endian: 'big', machine: 8, type: 1 });
    expect(elf.section('.text')?.size).toBeGreaterThan(0);
    const fn = elf.symbols().find((s) => s.name === 'use_helper');
    expect(fn?.type).toBe(2);
    expect(fn?.size).toBeGreaterThan(0n);
  });
});

describe('same-named local functions of a -Os kernel (real System.map)', () => {
  const symbols = parseSystemMap(gunzipSync(readFileSync(fixture('mips-be-System.map.gz'))).toString('latin1'), 'mips');
  const index = arraySymbolIndex(symbols);
  const copies = index.named('arch_local_irq_save');

  it('picks the copy the pc is in', () => {
    expect(copies.length).toBeGreaterThan(50);
    const third = copies[2]!;
    const located = locateFunction(index, { pc: third.address + 4n, symbol: parseSymbolSpec('arch_local_irq_save+0x4') }, 'mips', 'System.map');
    expect(located.symbol.address).toBe(third.address);
    expect(located.slide).toBe(0n);
  });

  it('refuses to choose by name alone', () => {
    expect(() => locateFunction(index, { pc: null, symbol: parseSymbolSpec('arch_local_irq_save+0x4') }, 'mips', 'System.map')).toThrow(
      /System.map: \d+ functions are named 'arch_local_irq_save' \(at 0x8[0-9a-f]+, .*\) and no pc says which; give the pc too$/,
    );
  });
});

describe('symbolize and findFunction', () => {
  const image = loadVmlinux(fixture('vmlinux-arm64'), { pc: null, symbol: parseSymbolSpec('link_all') });
  it('names addresses as sym+off and accepts sym+off/size', () => {
    const fn = findFunction(image, 'link_all+0x8/0x94');
    expect(symbolize(image, fn.address + 0x10n)).toBe('link_all+0x10');
    expect(symbolize(image, fn.address)).toBe('link_all');
    expect(() => findFunction(image, 'nosuch')).toThrow(/no function named 'nosuch' in the image/);
  });
});

describe('faultAccessPredicate with real encodings', () => {
  // From vmlinux-arm64.objdump.txt: f9400e82 ldr x2, [x20, #24]; a94153f3 ldp x19, x20, [sp, #16].
  const crash = crashReport({ arch: 'aarch64', faultAddress: '0x232bfa8c17cc5', registers: { x20: '0x232bfa8c17cad', sp: '0xffff80000a003e50' } });
  const judge = faultAccessPredicate('aarch64', crash);

  it('ldr (unsigned immediate): base + scaled offset is the bad address', () => {
    expect(judge(0xf9400e82, 'little').verdict).toBe('yes');
    const bytes = Uint8Array.of(0x82, 0x0e, 0x40, 0xf9);
    expect(inferByteOrder(bytes, judge)).toMatchObject({ endian: 'little' });
  });

  it('ldp from sp: a load, but at another address', () => {
    expect(judge(0xa94153f3, 'little')).toEqual({ verdict: 'no', why: 'accesses 0xffff80000a003e60, not the bad address' });
  });

  it('a base register the dump lacks leaves it unknown', () => {
    expect(judge(0xf9400c40, 'little').verdict).toBe('unknown'); // ldr x0, [x2, #24]
  });

  it('ldr (register offset, lsl #3)', () => {
    // f8637841 = ldr x1, [x2, x3, lsl #3] (Arm ARM C6.2.132, option=011, S=1)
    const c = crashReport({ arch: 'aarch64', faultAddress: '0x1018', registers: { x2: '0x1000', x3: '0x3' } });
    expect(faultAccessPredicate('aarch64', c)(0xf8637841, 'little').verdict).toBe('yes');
  });
});
