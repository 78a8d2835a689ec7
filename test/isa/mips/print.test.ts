import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode } from '../../../src/isa/mips/decode.js';
import { formatInsn } from '../../../src/isa/mips/print.js';

interface Line { pc: bigint; word: number; text: string }

/** Lines of `objdump -d`: address, word, mnemonic<TAB>operands; objdump's ` <symbol+off>` suffix dropped. */
function objdumpLines(text: string): Line[] {
  const out: Line[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*?)\s*$/.exec(line);
    if (!m) continue;
    out.push({ pc: BigInt(`0x${m[1]}`), word: parseInt(m[2]!, 16), text: m[3]!.replace(/ <[^>]*>$/, '') });
  }
  return out;
}

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('MIPS printer matches binutils objdump', () => {
  for (const endian of ['be', 'le']) {
    it(`prints every form in forms.S as objdump does (${endian})`, () => {
      const lines = objdumpLines(fixture(`forms.${endian}.objdump.txt`));
      expect(lines.length).toBeGreaterThan(170);
      const bad = lines.filter((l) => formatInsn(decode(l.word, l.pc)) !== l.text)
        .map((l) => `${l.word.toString(16)}: ours "${formatInsn(decode(l.word, l.pc))}" objdump "${l.text}"`);
      expect(bad).toEqual([]);
    });
  }
  it('prints the __copy_skb_header listing of the OpenWrt seed write-up', () => {
    const seed = readFileSync(new URL('../../../../shared/seeds/mips-openwrt-copy-skb-header.md', import.meta.url), 'utf8');
    const lines = objdumpLines(seed.replace(/\t\/\/.*$/gm, '').replace(/  \/\/.*$/gm, ''))
      .map((l) => ({ ...l, text: l.text.replace(/ +/, '\t') }));
    expect(lines.length).toBeGreaterThan(30);
    for (const l of lines) expect(formatInsn(decode(l.word, l.pc)), l.word.toString(16)).toBe(l.text);
  });
});
