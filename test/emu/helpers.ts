import type { Arch } from '../../emu/arch.js';
import { ARCH_INFO } from '../../emu/arch.js';
import { disassemble } from '../../emu/disasm.js';

/** Instruction words -> bytes in the machine's order. */
export function code(arch: Arch, words: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((word, i) => view.setUint32(i * 4, word >>> 0, ARCH_INFO[arch].littleEndian));
  return bytes;
}

/** `mnemonic operands` per word, to check hand-encoded programs say what their comments claim. */
export function listing(arch: Arch, words: readonly number[]): string[] {
  return disassemble(arch, code(arch, words), 0n).map((i) => `${i.mnemonic} ${i.operands}`.trim());
}
