import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadRawImage, loadRawImageFrom } from '../../src/image/raw-image.js';
import { memorySource } from '../../src/image/source.js';
import { loadVmlinux } from '../../src/image/vmlinux.js';
import { findFunction, wordAt } from '../../src/image/image.js';
import { faultAccessPredicate } from '../../src/image/fault-access.js';
import { parseSystemMap } from '../../src/image/system-map.js';
import { parseSymbolSpec, queryFromCrash } from '../../src/image/query.js';
import { crashReport, fixture, fixtureText } from './helpers.js';

// At link_all+0x48 the MIPS fixture has `lw v0,20(s0)` (objdump: 8e020014); s0 + 20 is the bad address.
const mipsCrash = crashReport({
  arch: 'mips',
  pc: '0x8010006c',
  faultAddress: '0x78ddc304',
  pcSymbol: { function: 'link_all', offset: '0x48', size: '0xbc', module: null },
  registers: { s0: '0x78ddc2f0', v0: '0x0' },
});

describe('parseSystemMap', () => {
  it('reduces sign-extended MIPS addresses to 32 bits and sizes symbols up to the next one', () => {
    const symbols = parseSystemMap(fixtureText('System.map-mips'), 'mips');
    const bump = symbols.find((s) => s.name === 'bump');
    expect(bump?.address).toBe(0x80100000n);
    expect(bump?.size).toBe(0x24n);
  });
  it('rejects text that is not a System.map', () => {
    expect(() => parseSystemMap('hello world\n', 'mips', 'map')).toThrow(/map:1: not a System.map line/);
  });
});

describe('loadRawImage', () => {
  it('mips: infers big-endian from the load at pc and returns the same bytes as the vmlinux', () => {
    const image = loadRawImage(fixture('System.map-mips'), fixture('Image-mips'), queryFromCrash(mipsCrash, 'mips'), {
      arch: 'mips',
      evidence: faultAccessPredicate('mips', mipsCrash),
    });
    expect(image.endian).toBe('big');
    expect(image.endianSource).toMatch(/^inferred: read big-endian, the word at pc \(0x8e020014\) accesses s0\+20 = 0x78ddc304, the bad address/);
    const kernel = loadVmlinux(fixture('vmlinux-mips'), { pc: 0x8010006cn, symbol: null });
    const fn = findFunction(image, 0x8010006cn);
    expect(fn.name).toBe('link_all');
    for (let a = fn.address; a < fn.address + 0xb4n; a += 4n) expect(wordAt(image, a)).toBe(wordAt(kernel, a));
  });

  it('mips: asks for --endian, saying why, when the registers cannot decide', () => {
    const blind = { ...mipsCrash, registers: {} };
    expect(() =>
      loadRawImage(fixture('System.map-mips'), fixture('Image-mips'), queryFromCrash(blind, 'mips'), { arch: 'mips', evidence: faultAccessPredicate('mips', blind) }),
    ).toThrow(/does not state its byte order, and the evidence does not decide \(neither byte order is shown to fit the fault: big-endian 0x8e020014 is a load or store based on s0, which the register dump does not show.*pass --endian big or --endian little$/);
  });

  it('mips: --endian wins', () => {
    const image = loadRawImage(fixture('System.map-mips'), fixture('Image-mips'), { pc: null, symbol: parseSymbolSpec('link_all+0x48') }, { arch: 'mips', endian: 'big' });
    expect(image.endianSource).toBe('given with --endian');
  });

  it('arm64: code is little-endian; the data order is unknown without an Image header', () => {
    const image = loadRawImage(fixture('System.map-arm64'), fixture('Image-arm64'), { pc: null, symbol: parseSymbolSpec('link_all+0x8') }, { arch: 'aarch64' });
    expect(image.endian).toBe('little');
    expect(image.dataEndian).toBeNull();
    const kernel = loadVmlinux(fixture('vmlinux-arm64'), { pc: null, symbol: parseSymbolSpec('link_all') });
    const fn = findFunction(kernel, 'link_all');
    for (let a = fn.address; a < fn.address + (fn.size as bigint); a += 4n) expect(wordAt(image, a)).toBe(wordAt(kernel, a));
  });

  it('rejects an image that does not reach the function', () => {
    const truncated = memorySource('vmlinux.bin', readFileSync(fixture('Image-mips')).subarray(0, 0x40));
    expect(() =>
      loadRawImageFrom(fixtureText('System.map-mips'), 'System.map', truncated, { pc: null, symbol: parseSymbolSpec('use_helper+0x4') }, { arch: 'mips', endian: 'big' }),
    ).toThrow(/^vmlinux.bin: use_helper \(0x80100140, 0x20 bytes\) lies outside the image of 0x40 bytes from _text 0x80100000: the image and System.map are not of one build$/);
  });
});
