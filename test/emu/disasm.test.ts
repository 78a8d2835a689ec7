import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { disassemble, disassembleWord } from '../../emu/disasm.js';
import { FIXTURES, fixtureFunctions } from './fixtures.js';

const be = (...words: number[]) => {
  const b = new Uint8Array(words.length * 4);
  words.forEach((w, i) => new DataView(b.buffer).setUint32(i * 4, w, false));
  return b;
};
const le = (...words: number[]) => {
  const b = new Uint8Array(words.length * 4);
  words.forEach((w, i) => new DataView(b.buffer).setUint32(i * 4, w, true));
  return b;
};

describe('disassemble', () => {
  it('prints an AArch64 kernel address exactly, objdump style', () => {
    const [insn] = disassemble('aarch64', le(0xf9400000), 0xffffffc010123456n);
    expect(insn).toEqual({
      address: 0xffffffc010123456n,
      word: 0xf9400000,
      mnemonic: 'ldr',
      operands: 'x0, [x0]',
      text: 'ffffffc010123456:\tf9400000 \tldr\tx0, [x0]',
      valid: true,
    });
  });

  it('relocates AArch64 branch targets to 64-bit addresses', () => {
    // b .+8 ; bl .-4 ; cbz x0, .+12  (encodings from the Arm ARM: B imm26, BL imm26, CBZ imm19)
    const out = disassemble('aarch64', le(0x14000002, 0x97ffffff, 0xb4000060), 0xffff800008a1b2c0n);
    expect(out.map((i) => `${i.address.toString(16)} ${i.mnemonic} ${i.operands}`)).toEqual([
      'ffff800008a1b2c0 b #0xffff800008a1b2c8',
      'ffff800008a1b2c4 bl #0xffff800008a1b2c0',
      'ffff800008a1b2c8 cbz x0, #0xffff800008a1b2d4',
    ]);
  });

  it('decodes the LSE and RCpc instructions current arm64 kernels use', () => {
    const out = disassemble('aarch64', le(0xb8200020, 0x38bfc020, 0xd503233f), 0x1000n);
    expect(out.map((i) => `${i.mnemonic} ${i.operands}`.trim())).toEqual([
      'ldadd w0, w0, [x1]',
      'ldaprb w0, [x1]',
      'paciasp',
    ]);
  });

  it('reads MIPS words in either byte order and names registers without $', () => {
    const words = [0x8c820010, 0x03a0f025, 0x10400003, 0x00000000];
    for (const [arch, bytes] of [['mips32be', be(...words)], ['mips32le', le(...words)]] as const) {
      const out = disassemble(arch, bytes, 0xffffffff80001000n);
      expect(out.map((i) => i.text)).toEqual([
        '80001000:\t8c820010 \tlw\tv0, 0x10(a0)',
        '80001004:\t03a0f025 \tmove\ts8, sp',
        '80001008:\t10400003 \tbeqz\tv0, 0x80001018',
        '8000100c:\t00000000 \tnop',
      ]);
    }
  });

  it('prints undecodable words as data and resumes after them', () => {
    const out = disassemble('aarch64', le(0xffffffff, 0xd65f03c0), 0x4000n);
    expect(out.map((i) => i.text)).toEqual([
      '0000000000004000:\tffffffff \t.inst\t0xffffffff ; undefined',
      '0000000000004004:\td65f03c0 \tret',
    ]);
    expect(out[0]?.valid).toBe(false);
    const mips = disassembleWord('mips32be', 0x7c0bd825, 0x80000000n);
    expect(mips.text).toBe('80000000:\t7c0bd825 \t.word\t0x7c0bd825');
  });

  it('rejects an unknown machine with a UserError', () => {
    expect(() => disassemble('x86' as 'aarch64', new Uint8Array(4), 0n)).toThrow(/unknown machine "x86"/);
  });

  it('ignores a trailing partial word', () => {
    expect(disassemble('mips32be', new Uint8Array([0, 0, 0, 0, 1, 2]), 0n)).toHaveLength(1);
    expect(disassemble('mips32be', new Uint8Array([]), 0n)).toEqual([]);
  });
});

describe('disassemble agrees with objdump -d on compiled code', () => {
  // fixtures/emu/funcs-<arch>.objdump: binutils 2.40's listing of the fixture programs.
  it.each(['mips32be', 'mips32le', 'aarch64'] as const)('%s: every address, word and mnemonic', (arch) => {
    const lines = readFileSync(new URL(`funcs-${arch}.objdump`, FIXTURES), 'utf8').split('\n').filter((l) => l !== '');
    const objdump = new Map<bigint, { word: string; mnemonic: string }>();
    for (const line of lines) {
      const [address, word, mnemonic] = line.trim().split('\t');
      if (address === undefined || word === undefined || mnemonic === undefined) continue;
      objdump.set(BigInt(`0x${address.replace(':', '')}`), { word: word.trim(), mnemonic: mnemonic.trim() });
    }
    let compared = 0;
    for (const fn of Object.values(fixtureFunctions(arch))) {
      for (const insn of disassemble(arch, fn.bytes, fn.address)) {
        expect({ word: insn.word.toString(16).padStart(8, '0'), mnemonic: insn.mnemonic }).toEqual(objdump.get(insn.address));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
