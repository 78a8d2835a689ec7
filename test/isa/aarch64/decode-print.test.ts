import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode } from '../../../src/isa/aarch64/decode.js';
import { formatInsn } from '../../../src/isa/aarch64/print.js';
import { decodeBitMask } from '../../../src/isa/aarch64/bitmask.js';

/** Rows of a fixture made by fixtures/make-fixtures.sh: pc, word, reference text. */
function rows(name: string): { pc: bigint; word: number; text: string }[] {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8').trim().split('\n').map((line) => {
    const [pc, word, ...text] = line.split('\t');
    return { pc: BigInt(`0x${pc}`), word: parseInt(word!, 16), text: text.join('\t') };
  });
}

describe('AArch64 printer against real disassemblers', () => {
  it('matches the gdb listing of the arm64 seed, word for word', () => {
    const seed = rows('seed-listing.tsv');
    expect(seed.length).toBe(17);
    for (const { pc, word, text } of seed) expect(formatInsn(decode(word, pc)), text).toBe(text.replace(/\s{2,}/g, '\t'));
  });

  it('matches aarch64-linux-gnu-objdump on gcc -O2 kernel-like code with LSE, PAC and BTI', () => {
    const listing = rows('kernel-like.tsv');
    expect(listing.length).toBeGreaterThan(400);
    // objdump prints pc-relative targets in a relocatable object as bare hex.
    const bare = (s: string) => s.replace(/^((?:b|bl|b\.\w+|cbn?z|tbn?z|adrp?|ldr|ldrsw|prfm)\t.*)0x([0-9a-f]+)$/, '$1$2');
    // A call still to be relocated (imm26 = 0) is printed by objdump as its relocation's value.
    const checked = listing.filter(({ word }) => word !== 0x94000000);
    // SIMD&FP data processing is decoded only to its class; everything else must print exactly.
    const integer = checked.filter(({ pc, word }) => decode(word, pc).kind !== 'simd');
    expect(checked.length - integer.length).toBeLessThan(12);
    const mismatches = integer.filter(({ pc, word, text }) => bare(formatInsn(decode(word, pc))) !== text)
      .map(({ pc, word, text }) => `${pc.toString(16)} ${word.toString(16)}: ours '${formatInsn(decode(word, pc))}' objdump '${text}'`);
    expect(mismatches).toEqual([]);
  });
});

describe('AArch64 decoder records', () => {
  it('names forms after the manual headings and keeps fields plain', () => {
    const ldr = decode(0xf9401420, 0x1000n);
    expect(ldr).toMatchObject({ kind: 'loadStore', form: 'LDR_imm', op: 'ldr', load: true, size: 8, rt: 0, addr: { mode: 'offset', rn: 1, imm: 40 } });
    const post = decode(0xf8408420, 0x1000n); // ldr x0, [x1], #8
    expect(post).toMatchObject({ form: 'LDR_imm', addr: { mode: 'post', rn: 1, imm: 8 } });
    expect(decode(0xeb00035f, 0n)).toMatchObject({ kind: 'addSubShifted', form: 'SUBS_shift', rd: 31, rn: 26, rm: 0 });
    expect(decode(0x910003fd, 0n)).toMatchObject({ kind: 'addSubImm', form: 'ADD_imm', rd: 29, rn: 32 });
    expect(decode(0xf8e00020, 0n)).toMatchObject({ kind: 'atomic', op: 'add', acquire: true, release: true, size: 8 });
    expect(decode(0x00000000, 0n)).toMatchObject({ kind: 'exception', form: 'UDF', imm16: 0 });
    expect(decode(0x00010000, 0n).kind).toBe('unknown');
    expect(decode(0xd503233f, 0n)).toMatchObject({ kind: 'hint', name: 'paciasp' });
  });

  it('computes pc-relative targets with full 64-bit addresses', () => {
    expect(decode(0x540000c1, 0xffffd44ebe81f09cn)).toMatchObject({ kind: 'branchCond', cond: 1, target: 0xffffd44ebe81f0b4n });
    expect(decode(0x90000000 | (1 << 29), 0xffffd44ebe81f09cn)).toMatchObject({ kind: 'pcRel', target: 0xffffd44ebe820000n });
    expect(decode(0x17ffffff, 0n)).toMatchObject({ target: 0xfffffffffffffffcn });
  });

  it('decodes bitmask immediates as DecodeBitMasks does', () => {
    expect(decodeBitMask(1, 0, 0, 64)).toBe(1n);
    expect(decodeBitMask(0, 0, 0b111100, 32)).toBe(0x55555555n);
    expect(decodeBitMask(1, 1, 0, 64)).toBe(0x8000000000000000n);
    expect(decodeBitMask(0, 0, 0b111111, 64)).toBeNull();
    expect(decodeBitMask(1, 0, 0b111111, 64)).toBeNull();
  });
});
