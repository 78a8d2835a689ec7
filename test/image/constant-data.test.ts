/**
 * Constant data of the MIPS fixture kernel (fixtures/kernels/mips/vmlinux). `readelf -SW`: .rodata
 * at 0x80392000, file offset 0x293000, 0xb4a30 bytes, flagged WA; .data at 0x8046a000. System.map:
 * __start_ro_after_init 0x80446800, __end_ro_after_init 0x80446a30 (inside .rodata, at its end).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSymbolSpec } from '../../src/image/query.js';
import { memorySource } from '../../src/image/source.js';
import { loadVmlinux, loadVmlinuxFrom } from '../../src/image/vmlinux.js';

const VMLINUX = new URL('../../fixtures/kernels/mips/vmlinux', import.meta.url).pathname;
const query = { pc: null, symbol: parseSymbolSpec('do_syslog') };

function fileBytes(offset: number, length: number): Uint8Array {
  const fd = openSync(VMLINUX, 'r');
  try {
    const out = new Uint8Array(length);
    readSync(fd, out, 0, length, offset);
    return out;
  } finally {
    closeSync(fd);
  }
}

describe('constant data of a vmlinux', () => {
  const read = loadVmlinux(VMLINUX, query).readData!;

  it('reads .rodata at link addresses, after the file was closed, across its chunk boundaries', () => {
    // do_syslog's jump table (lui v0,0x8039; addiu v0,v0,14464): 11 words.
    expect(read(0x80393880n, 44)).toEqual(fileBytes(0x293000 + 0x1880, 44));
    expect(read(0x80392ffen, 8)).toEqual(fileBytes(0x293000 + 0xffe, 8));
  });

  it('reads no data written at run time: ro_after_init inside .rodata, .data, .bss', () => {
    expect(read(0x80446800n, 4)).toBeNull();
    expect(read(0x80446a2cn, 4)).toBeNull();
    expect(read(0x804467fcn, 8)).toBeNull();
    expect(read(0x804467fcn, 4)).toEqual(fileBytes(0x293000 + (0x804467fc - 0x80392000), 4));
    expect(read(0x8046a000n, 4)).toBeNull();
    expect(read(0x80520000n, 4)).toBeNull();
  });

  it('is absent for a relocated (KASLR) kernel, whose code reaches its data elsewhere', () => {
    // do_syslog is at 0x80149400: a pc 0x10000 above its +0x60 says the kernel was moved.
    const slid = loadVmlinux(VMLINUX, { pc: 0x80159460n, symbol: parseSymbolSpec('do_syslog+0x60/0x334') });
    expect(slid.warnings.join(' ')).toMatch(/relocated/);
    expect(slid.readData).toBeUndefined();
  });

  it('is absent when the file cannot be opened again', () => {
    const image = loadVmlinuxFrom(memorySource('v', readFileSync(VMLINUX)), query);
    expect(image.readData).toBeUndefined();
  });
});
