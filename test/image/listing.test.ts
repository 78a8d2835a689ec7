import { describe, expect, it } from 'vitest';
import { loadListing } from '../../src/image/listing/load.js';
import { parseListing } from '../../src/image/listing/parse.js';
import { loadVmlinux } from '../../src/image/vmlinux.js';
import { findFunction, wordAt } from '../../src/image/image.js';
import { parseSymbolSpec } from '../../src/image/query.js';
import { fixture, fixtureText } from './helpers.js';

function sameWords(a: Parameters<typeof wordAt>[0], b: Parameters<typeof wordAt>[0], start: bigint, size: bigint): void {
  for (let x = start; x < start + size; x += 4n) expect(wordAt(a, x), `0x${x.toString(16)}`).toBe(wordAt(b, x));
}

describe('loadListing on fixture listings', () => {
  const kernels = {
    mips: loadVmlinux(fixture('vmlinux-mips'), { pc: null, symbol: parseSymbolSpec('link_all') }),
    aarch64: loadVmlinux(fixture('vmlinux-arm64'), { pc: null, symbol: parseSymbolSpec('link_all') }),
  };
  const files = { mips: 'vmlinux-mips', aarch64: 'vmlinux-arm64' } as const;

  for (const arch of ['mips', 'aarch64'] as const) {
    const kernel = kernels[arch];
    const fn = findFunction(kernel, 'link_all');
    for (const kind of ['objdump', 'gdb', 'gdb-r', 'gdb-b'] as const) {
      it(`${arch} ${kind}: gives the vmlinux's words for link_all`, () => {
        const image = loadListing(fixtureText(`${files[arch]}.${kind}.txt`), { arch, endian: kind === 'gdb-b' ? undefined : 'big' });
        expect(image.endian).toBe(arch === 'mips' ? 'big' : 'little');
        const listed = findFunction(image, 'link_all');
        expect(listed.address).toBe(fn.address);
        sameWords(image, kernel, fn.address, fn.size as bigint);
        if (kind === 'gdb') expect(image.warnings.join('\n')).toMatch(/rebuilt with the assembler/);
      });
    }

    it(`${arch} x/i: a listing that starts inside the function`, () => {
      const image = loadListing(fixtureText(`${files[arch]}.gdb-xi.txt`), { arch, endian: 'big', query: { pc: null, symbol: { ...parseSymbolSpec('link_all+0x10'), size: fn.size } } });
      const listed = findFunction(image, 'link_all');
      expect(listed.gaps[0]).toEqual({ start: fn.address, end: fn.address + 8n, reason: 'before the first line of listing (+0x8)' });
      const last = parseListing(fixtureText(`${files[arch]}.gdb-xi.txt`)).instructions.at(-1)!.address + 4n;
      expect(listed.gaps.at(-1)).toEqual({ start: last, end: fn.address + fn.size!, reason: `after the last line of listing (+0x${(last - fn.address).toString(16)})` });
      sameWords(image, kernel, fn.address + 8n, 48n);
    });
  }

  it("mips objdump: the '...' after a function is a gap, not zeros", () => {
    const image = loadListing(fixtureText('vmlinux-mips.objdump.txt'), { arch: 'mips', endian: 'big' });
    const gap = image.gaps.find((g) => g.start === 0x801000d8n);
    expect(gap?.reason).toMatch(/elided in the listing \(line \d+: '...': objdump's mark for zero bytes, or an omission\)/);
  });

  it('mips gdb /b: infers the byte order from the listed bytes', () => {
    const image = loadListing(fixtureText('vmlinux-mips.gdb-b.txt'), { arch: 'mips' });
    expect(image.endianSource).toMatch(/^inferred: the listed bytes read as the listed instructions 16\/16 times big-endian, [0-7]\/16 little-endian/);
  });

  it('mips words: asks for --endian, saying why', () => {
    expect(() => loadListing(fixtureText('vmlinux-mips.gdb-r.txt'), { arch: 'mips', name: 'l.txt' })).toThrow(
      /^l.txt: a MIPS listing does not say its byte order \(it prints instruction words as values, which read the same in either byte order\); pass --endian big or --endian little$/,
    );
  });

  it('mips little-endian module listing: objdump prints values there too', () => {
    const image = loadListing(fixtureText('testmod-mipsel.objdump.txt'), { arch: 'mips', endian: 'little' });
    expect(wordAt(image, 0x24n)).toBe(parseListing(fixtureText('testmod-mipsel.objdump.txt')).instructions.find((i) => i.address === 0x24n)?.word);
  });

  it('rejects text with no instructions', () => {
    expect(() => loadListing('hello\nworld\n', { arch: 'mips', endian: 'big' })).toThrow(/no instruction lines/);
  });
});

describe('loadListing on the seed listings', () => {
  it('MIPS objdump with ...//省略部分: placed at the oops pc, the elided part a gap', () => {
    const image = loadListing(fixtureText('../seed-mips-copy-skb-header/listing.txt'), {
      arch: 'mips',
      endian: 'big',
      query: { pc: 0x80260e64n, symbol: parseSymbolSpec('__copy_skb_header+0xc0/0xfc') },
    });
    expect(wordAt(image, 0x80260e64n)).toBe(0xc0430000);
    const fn = findFunction(image, 0x80260e64n);
    expect(fn.name).toBe('__copy_skb_header');
    expect(fn.address).toBe(0x80260da4n);
    expect(fn.size).toBe(0xfcn);
    expect(fn.gaps).toEqual([{ start: 0x80260da4n + 0x2cn, end: 0x80260da4n + 0xacn, reason: "elided in the listing (line 13: '...//省略部分')" }]);
    expect(image.warnings.join('\n')).toMatch(/unlinked object/);
  });

  it('arm64 gdb without bytes, source lines and Chinese comments: rebuilt, gaps stated', () => {
    const image = loadListing(fixtureText('../seed-arm64-mod-sysfs-setup/listing.txt'), {
      arch: 'aarch64',
      query: { pc: null, symbol: parseSymbolSpec('mod_sysfs_setup+0x240/0x3c0') },
    });
    const start = 0xffffd44ebe81f09cn - 0x21cn;
    const fn = findFunction(image, 'mod_sysfs_setup');
    expect(fn.address).toBe(start);
    expect(wordAt(image, start + 0x240n)).toBe(0xf9406400); // ldr x0, [x0, #200]
    expect(fn.gaps).toEqual([
      { start, end: start + 0x21cn, reason: 'before the first line of listing (+0x21c)' },
      { start: start + 0x260n, end: start + 0x3c0n, reason: 'after the last line of listing (+0x260)' },
    ]);
    expect(image.gaps.filter((g) => /gives no bytes/.test(g.reason))).toEqual([]);
    expect(image.symbols.named('sysfs_create_link')[0]?.address).toBe(0xffffd44ebeb72a80n);
    expect(image.symbols.named('mutex_unlock')).toHaveLength(1);
    // The seed's operand notes (`<mod_sysfs_setup+556>` at +0x234) are 8 bytes off its line addresses.
    expect(image.warnings.join('\n')).toMatch(/operand notes put mod_sysfs_setup at 0xffffd44ebe81ee88 but the line addresses at 0xffffd44ebe81ee80/);
  });
});

describe('loadListing on a nameless fragment', () => {
  it('takes the function name and start from the oops', () => {
    const lines = fixtureText('vmlinux-arm64.gdb.txt').split('\n').filter((l) => /<\+(1[0-9]|2[0-9]|3[0-9])>/.test(l));
    const image = loadListing(lines.join('\n'), { arch: 'aarch64', query: { pc: 0xffff800008010048n, symbol: parseSymbolSpec('link_all+0x24/0x94') } });
    const fn = findFunction(image, 0xffff800008010048n);
    expect(fn.name).toBe('link_all');
    expect(fn.address).toBe(0xffff800008010024n);
    expect(fn.gaps[0]?.reason).toMatch(/^before the first line of listing/);
  });
});
