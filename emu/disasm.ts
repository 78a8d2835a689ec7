/**
 * Disassembly text through Capstone 5 (`@alexaltea/capstone-js`, WASM), printed the way
 * `objdump -d` prints it. Capstone structs never leave this file.
 *
 * Traps of this build (DESIGN.md, checked here): the address must be passed as a BigInt (a
 * Number loses precision above 2^53); the address it hands back is a signed 64-bit value, so we
 * compute every address ourselves; `cs_disasm` stops at the first undecodable word and throws
 * when that is the very first one, so undecodable words are printed as data and decoding resumes
 * after them; its instruction detail uses Capstone 4 offsets, so detail stays off.
 */
import { ARCHES, ARCH_INFO, type Arch, isArch, readWord, wrapAddress } from './arch.js';
import { UserError } from '../src/errors.js';
import { type CapstoneInstruction, textHandle } from './capstone.js';

export interface DisassembledInstruction {
  readonly address: bigint;
  /** The instruction word as the CPU reads it (byte order applied). */
  readonly word: number;
  /** `.word` (MIPS) or `.inst` (AArch64) for an undecodable word, as objdump prints it. */
  readonly mnemonic: string;
  readonly operands: string;
  /** One `objdump -d` line: `ffffffc010123456:\tf9400000 \tldr\tx0, [x0]`. */
  readonly text: string;
  /** False for a word Capstone cannot decode. */
  readonly valid: boolean;
}

/**
 * Capstone prints MIPS registers as `$v0` and r30 as `$fp`; objdump and our canonical names say
 * `v0` and `s8`. Only `$` before a letter is a register sigil (`$29` in rdhwr stays a number).
 */
function objdumpOperands(arch: Arch, operands: string): string {
  if (arch === 'aarch64') return operands;
  return operands.replace(/\$([a-z][a-z0-9.]*)/g, (_all, name: string) => (name === 'fp' ? 's8' : name));
}

/** objdump's MIPS `li` alias, which Capstone does not print: addiu/ori rt, zero, imm. */
function objdumpAlias(arch: Arch, mnemonic: string, operands: string): [string, string] {
  if (arch === 'aarch64' || (mnemonic !== 'addiu' && mnemonic !== 'ori')) return [mnemonic, operands];
  const li = /^(\w+), zero, (.+)$/.exec(operands);
  return li === null ? [mnemonic, operands] : ['li', `${li[1]}, ${li[2]}`];
}

function formatLine(arch: Arch, address: bigint, word: number, mnemonic: string, operands: string): string {
  const width = ARCH_INFO[arch].addressBits / 4;
  const head = `${address.toString(16).padStart(width, '0')}:\t${word.toString(16).padStart(8, '0')} \t${mnemonic}`;
  return operands === '' ? head : `${head}\t${operands}`;
}

function undecodable(arch: Arch, address: bigint, word: number): DisassembledInstruction {
  const literal = '0x' + word.toString(16).padStart(8, '0');
  const [mnemonic, operands] = arch === 'aarch64' ? ['.inst', `${literal} ; undefined`] : ['.word', literal];
  return { address, word, mnemonic, operands, text: formatLine(arch, address, word, mnemonic, operands), valid: false };
}

/**
 * Disassemble `bytes` as if loaded at `address` (MIPS addresses are reduced to 32 bits, so a
 * sign-extended System.map address works). A trailing partial word is ignored.
 */
export function disassemble(arch: Arch, bytes: Uint8Array, address: bigint): DisassembledInstruction[] {
  if (!isArch(arch)) throw new UserError(`unknown machine "${String(arch)}": expected one of ${ARCHES.join(', ')}`);
  const handle = textHandle(arch);
  const words = Math.floor(bytes.length / 4);
  const start = wrapAddress(arch, address);
  const out: DisassembledInstruction[] = [];
  let index = 0;
  while (index < words) {
    const at = wrapAddress(arch, start + BigInt(index * 4));
    let decoded: CapstoneInstruction[] = [];
    try {
      decoded = handle.disasm(Array.from(bytes.subarray(index * 4, words * 4)), at);
    } catch {
      // Capstone throws when the first word is undecodable; that word is handled below.
    }
    for (const insn of decoded) {
      if (insn.size !== 4) throw new Error(`Capstone returned a ${insn.size}-byte instruction for ${arch}`);
      const word = readWord(arch, bytes, index * 4);
      const insnAddress = wrapAddress(arch, start + BigInt(index * 4));
      const [mnemonic, operands] = objdumpAlias(arch, insn.mnemonic, objdumpOperands(arch, insn.op_str));
      out.push({ address: insnAddress, word, mnemonic, operands, text: formatLine(arch, insnAddress, word, mnemonic, operands), valid: true });
      index += 1;
    }
    if (index < words) {
      out.push(undecodable(arch, wrapAddress(arch, start + BigInt(index * 4)), readWord(arch, bytes, index * 4)));
      index += 1;
    }
  }
  return out;
}

/** Disassemble one instruction word (in CPU order) at `address`. */
export function disassembleWord(arch: Arch, word: number, address: bigint): DisassembledInstruction {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, word >>> 0, ARCH_INFO[arch].littleEndian);
  const [insn] = disassemble(arch, bytes, address);
  if (insn === undefined) throw new Error('disassemble returned nothing for one word');
  return insn;
}
