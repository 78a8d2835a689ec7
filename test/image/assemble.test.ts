import { describe, expect, it } from 'vitest';
import { assembleInstruction, normalizeInstruction } from '../../src/image/listing/assemble.js';
import { parseListing } from '../../src/image/listing/parse.js';
import { fixtureText } from './helpers.js';

/**
 * gdb's plain `disassemble` of a fixture, assembled back, must give the words gdb's `/r` shows
 * for the same function (the real compiler's output).
 */
describe('assembleInstruction', () => {
  for (const [arch, file] of [
    ['mips', 'vmlinux-mips'],
    ['aarch64', 'vmlinux-arm64'],
  ] as const) {
    it(`${arch}: rebuilds every word of gdb's listing of link_all`, () => {
      const text = parseListing(fixtureText(`${file}.gdb.txt`));
      const truth = parseListing(fixtureText(`${file}.gdb-r.txt`));
      const endian = arch === 'mips' ? 'big' : 'little';
      const failures: string[] = [];
      text.instructions.forEach((insn, i) => {
        const got = assembleInstruction(arch, endian, insn.text, insn.address);
        const want = truth.instructions[i]?.word;
        if (!got.ok) failures.push(`${insn.address.toString(16)}: ${got.reason}`);
        else if (got.word !== want) failures.push(`${insn.address.toString(16)}: ${insn.text} -> ${got.word.toString(16)}, want ${want?.toString(16)}`);
      });
      expect(failures).toEqual([]);
      expect(text.instructions.length).toBeGreaterThan(30);
    });
  }

  it('refuses text that does not assemble', () => {
    const got = assembleInstruction('aarch64', 'little', 'frobnicate x0, x1', 0xffff800008010000n);
    expect(got.ok).toBe(false);
  });

  it('normalizes number bases, register sigils and annotations', () => {
    expect(normalizeInstruction('ldr x0, [x21, #40]')).toBe(normalizeInstruction('ldr\tx0, [x21, #0x28]'));
    expect(normalizeInstruction('lw $v0, 0x54($s0)')).toBe(normalizeInstruction('lw v0,84(s0)'));
    expect(normalizeInstruction('bl 0xffffd44ebeb72a80 <sysfs_create_link>')).toBe(normalizeInstruction('bl #0xffffd44ebeb72a80'));
  });
});
