import { describe, expect, it } from 'vitest';
import { loadCodeImage, loadCodeLine, findFunction, wordAt, loadVmlinux, parseSymbolSpec } from '../../src/image/index.js';
import type { CrashReport } from '../../src/oops/types.js';
import { crashReport, fixture, fixtureText } from './helpers.js';

const kernel = loadVmlinux(fixture('vmlinux-mips'), { pc: null, symbol: parseSymbolSpec('link_all') });
const fn = findFunction(kernel, 'link_all');
const pc = fn.address + 0x48n; // lw v0,20(s0)
const hex8 = (w: number): string => w.toString(16).padStart(8, '0');
/** The words show_code prints around epc (-3..+5), taken from the real vmlinux. */
const codeWords = Array.from({ length: 9 }, (_, i) => hex8(wordAt(kernel, pc + BigInt((i - 3) * 4)) as number));

function mipsCrash(fields: Partial<CrashReport> = {}): CrashReport {
  return crashReport({
    arch: 'mips',
    pc: '0x' + pc.toString(16),
    faultAddress: '0x78ddc304',
    registers: { s0: '0x78ddc2f0' },
    pcSymbol: { function: 'link_all', offset: '0x48', size: '0x' + (fn.size as bigint).toString(16), module: null },
    code: { words: codeWords, faultIndex: 3 },
    ...fields,
  });
}

describe('loadCodeLine', () => {
  it('places the words around the pc and states what lies outside them', () => {
    const image = loadCodeLine(mipsCrash(), { endian: 'big' });
    expect(wordAt(image, pc)).toBe(0x8e020014);
    expect(wordAt(image, pc - 12n)).toBe(wordAt(kernel, pc - 12n));
    expect(wordAt(image, pc + 20n)).toBe(wordAt(kernel, pc + 20n));
    expect(wordAt(image, pc + 24n)).toBeNull();
    const f = findFunction(image, 'link_all');
    expect(f.gaps.map((g) => g.reason)).toEqual(['before the first Code: word (+0x3c)', 'after the last Code: word (+0x60): the Code: line ends there']);
  });

  it('MIPS without --endian: says why it cannot tell', () => {
    expect(() => loadCodeLine(mipsCrash())).toThrow(/prints instruction words as values, which read the same in either byte order.*pass --endian big or --endian little$/);
  });

  it('arm64: the words before pc and the faulting one; nothing after', () => {
    const crash = crashReport({ arch: 'aarch64', pc: '0xffff800008010060', pcSymbol: { function: 'link_all', offset: '0x3c', size: '0x94', module: null }, code: { words: ['aa1403e0', '97fffff9', 'f9400294', 'b4000214', 'f9400e82'], faultIndex: 4 } });
    const image = loadCodeLine(crash);
    expect(image.endian).toBe('little');
    expect(image.dataEndian).toBeNull();
    expect(wordAt(image, 0xffff800008010060n)).toBe(0xf9400e82);
    expect(findFunction(image, 'link_all').gaps.at(-1)?.reason).toMatch(/arm64 prints no words after the faulting one/);
  });

  it('rejects a Code: line without a marked word', () => {
    expect(() => loadCodeLine(mipsCrash({ code: { words: codeWords, faultIndex: null } }), { endian: 'big' })).toThrow(/marks no faulting word/);
  });
});

describe('loadCodeImage', () => {
  it('takes the vmlinux and finds it agrees with the Code: line', () => {
    const image = loadCodeImage(mipsCrash(), { vmlinux: fixture('vmlinux-mips') });
    expect(image.ranges[0]?.provenance).toBe('vmlinux');
    expect(image.warnings).toEqual([]);
  });

  it('a word patched at run time: warns and keeps the word that ran', () => {
    const words = [...codeWords];
    words[5] = '00000000';
    const image = loadCodeImage(mipsCrash({ code: { words, faultIndex: 3 } }), { vmlinux: fixture('vmlinux-mips') });
    expect(image.warnings.join('\n')).toMatch(/the word at 0x80100074 is 0x0c040038 in .* but 0x00000000 in the oops's Code: line/);
    expect(wordAt(image, pc + 8n)).toBe(0);
  });

  it('Code: words of another build: a one-line error', () => {
    const other = codeWords.map((w) => hex8((parseInt(w, 16) ^ 0x10000) >>> 0));
    expect(() => loadCodeImage(mipsCrash({ code: { words: other, faultIndex: 3 } }), { vmlinux: fixture('vmlinux-mips') })).toThrow(
      /^the oops's Code: words do not match .*vmlinux-mips \(9 of 9 differ, first at 0x80100060\): give the files of the build that crashed$/,
    );
  });

  // The fixture's System.map-arm64 has use_helper at 0xffff800008010124 and lock_it at 0xffff8000080100f0.
  const moduleCrash = (slide: bigint, trace: boolean): CrashReport =>
    crashReport({
      arch: 'aarch64',
      pc: '0xffff800000a10044',
      pcSymbol: { function: 'link_all', offset: '0x20', size: '0x94', module: 'testmod_arm64' },
      callTrace: trace ? [{ function: 'use_helper', offset: '0x8', size: '0x20', module: null, address: '0x' + (0xffff80000801012cn + slide).toString(16) }] : [],
    });

  it('picks the module the oops names among those given, resolving kernel symbols by System.map', () => {
    const image = loadCodeImage(moduleCrash(0n, true), { modules: [fixture('testmod-mips.ko'), fixture('testmod-arm64.ko')], systemMap: fixture('System.map-arm64') });
    expect(image.ranges[0]?.provenance).toBe('module');
    const call = image.relocations.find((r) => r.label === 'lock_it');
    expect(call?.resolved).toBe(true);
    expect(call?.value).toBe(0xffff8000080100f0n);
  });

  it('shifts kernel symbols by the KASLR offset the call trace shows', () => {
    const image = loadCodeImage(moduleCrash(0x1234000n, true), { modules: [fixture('testmod-arm64.ko')], vmlinux: fixture('vmlinux-arm64') });
    expect(image.relocations.find((r) => r.label === 'lock_it')?.value).toBe(0xffff8000080100f0n + 0x1234000n);
    expect(image.warnings.join('\n')).toMatch(/kernel symbols shifted by 0x1234000/);
  });

  it('leaves kernel symbols unapplied when nothing measures the relocation', () => {
    const image = loadCodeImage(moduleCrash(0n, false), { modules: [fixture('testmod-arm64.ko')], systemMap: fixture('System.map-arm64') });
    expect(image.relocations.find((r) => r.label === 'lock_it')?.resolved).toBe(false);
    expect(image.warnings.join('\n')).toMatch(/kernel symbols left unapplied to the module: the oops prints no kernel address to measure a relocation \(KASLR\) by/);
  });

  it('no module of that name: says which were given', () => {
    const crash = crashReport({ arch: 'aarch64', pc: '0xffff800000a10044', pcSymbol: { function: 'link_all', offset: '0x20', size: null, module: 'tramme1' } });
    expect(() => loadCodeImage(crash, { modules: [fixture('testmod-arm64.ko')] })).toThrow(/faulted in module 'tramme1', but the modules given are 'testmod_arm64'; give tramme1.ko/);
  });

  it('falls back to the Code: words, saying what is missing', () => {
    const crash = mipsCrash({ pcSymbol: { function: 'link_all', offset: '0x48', size: null, module: 'foo' } });
    const image = loadCodeImage(crash, { endian: 'big' });
    expect(image.warnings.join('\n')).toMatch(/give foo.ko for the whole function/);
  });
});

describe('loadCodeImage: a listing with a gap and a Code: line', () => {
  it("fills the listing's elided words from the Code: words and says so", () => {
    const listing = fixtureText('vmlinux-mips.objdump.txt').split('\n');
    // Elide the three lines before the faulting one, as a user pasting the listing might.
    const at = listing.findIndex((l) => l.startsWith('8010006c:'));
    const text = [...listing.slice(0, at - 3), '  ...//省略部分', ...listing.slice(at)].join('\n');
    const image = loadCodeImage(mipsCrash(), { listing: { text, name: 'pasted' }, endian: 'big' });
    for (let a = pc - 12n; a < pc; a += 4n) expect(wordAt(image, a)).toBe(wordAt(kernel, a));
    expect(image.ranges.filter((r) => r.provenance === 'code-line')).toHaveLength(1);
    expect(image.gaps.filter((g) => g.start < pc && g.end > fn.address)).toEqual([]);
    expect(image.warnings.join('\n')).toMatch(/3 word\(s\) the listing lacks are taken from the oops's Code: line/);
  });
});
