/**
 * Turning listing text without bytes back into machine code, one instruction at its own address,
 * with Keystone (`@alexaltea/keystone-js`, WASM), and checking the result by disassembling it
 * again with Capstone (emu/disasm.ts): an instruction whose bytes do not read back as the listed
 * text is refused, not guessed.
 *
 * Keystone facts measured here (0.9.2): MIPS wants `$` before register names, `.set noreorder`
 * (else it appends a delay-slot nop) and `.set mips32r2` (else `ext`/`ins`/`seb` give no bytes); a MIPS branch or jump to a numeric target of 0x10000 or more
 * is rejected as an invalid operand, while a target written as `label+delta` from a label on the
 * instruction itself encodes correctly at any address, so targets are rewritten that way.
 * AArch64 takes 64-bit addresses as they are.
 */
import { createRequire } from 'node:module';
import { disassemble } from '../../../emu/disasm.js';
import type { Arch as EmuArch } from '../../../emu/arch.js';
import type { Endian, ImageArch } from '../types.js';

interface KeystoneHandle {
  asm(text: string, address: bigint | number): { mc: Uint8Array; count: number; failed: boolean };
  errno(): number;
}
interface KeystoneModule {
  Keystone: new (arch: number, mode: number) => KeystoneHandle;
  strerror(code: number): string;
  ARCH_ARM64: number;
  ARCH_MIPS: number;
  MODE_LITTLE_ENDIAN: number;
  MODE_BIG_ENDIAN: number;
  MODE_MIPS32: number;
}

const require = createRequire(import.meta.url);
const keystone = await (require('@alexaltea/keystone-js') as () => Promise<KeystoneModule>)();

const handles = new Map<string, KeystoneHandle>();
function handleFor(arch: ImageArch, endian: Endian): KeystoneHandle {
  const key = `${arch}-${endian}`;
  let h = handles.get(key);
  if (h === undefined) {
    h =
      arch === 'aarch64'
        ? new keystone.Keystone(keystone.ARCH_ARM64, keystone.MODE_LITTLE_ENDIAN)
        : new keystone.Keystone(keystone.ARCH_MIPS, keystone.MODE_MIPS32 | (endian === 'big' ? keystone.MODE_BIG_ENDIAN : keystone.MODE_LITTLE_ENDIAN));
    handles.set(key, h);
  }
  return h;
}

export function emuArch(arch: ImageArch, endian: Endian): EmuArch {
  return arch === 'aarch64' ? 'aarch64' : endian === 'big' ? 'mips32be' : 'mips32le';
}

const MIPS_REGISTER = /\b(zero|at|v[01]|a[0-3]|t[0-9]|s[0-8]|k[01]|gp|sp|fp|ra)\b/g;
const PRELUDE: Record<ImageArch, string> = { aarch64: '', mips: '.set mips32r2\n.set noreorder\n' };

/** One listing instruction as a Keystone line labelled `label`: no `<sym>` notes; MIPS registers with `$`, targets relative to the label. */
function keystoneLine(arch: ImageArch, text: string, address: bigint, label: string): string {
  const plain = text.replace(/\s*<[^>]*>/g, '').trim();
  if (arch === 'aarch64') return plain;
  const space = plain.search(/\s/);
  if (space < 0) return `${label}: ${plain}`;
  const mnemonic = plain.slice(0, space);
  let operands = plain.slice(space).replace(MIPS_REGISTER, (r) => '$' + r);
  if (/^(b|j)/.test(mnemonic) && mnemonic !== 'break') {
    operands = operands.replace(/(0x[0-9a-f]+|\b[0-9a-f]+)\s*$/i, (t) => {
      const delta = BigInt.asIntN(32, BigInt(t.startsWith('0x') ? t : '0x' + t) - address);
      return delta < 0n ? `${label}-0x${(-delta).toString(16)}` : `${label}+0x${delta.toString(16)}`;
    });
  }
  return `${label}: ${mnemonic}${operands}`;
}

/** Text compared for "reads back the same": case, spacing, `$`, `#`, number bases and `<sym>` notes ignored. */
export function normalizeInstruction(text: string): string {
  // On 32-bit (w) registers an immediate's 32-bit pattern and its signed value are one operand.
  const width = /\bw(?:\d+|zr|sp)\b/i.test(text) ? 32 : 64;
  const plain = text
    .toLowerCase()
    .replace(/\s*(?:\/\/|;).*$/, '')
    .replace(/<[^>]*>/g, '')
    .replace(/\$(?=[a-z])/g, '')
    .replace(/\bfp\b/g, 's8')
    .replace(/#/g, '')
    // AArch64 condition synonyms (Arm ARM C1.2.4): cs is hs, cc is lo.
    .replace(/\bcs\b/g, 'hs')
    .replace(/\bcc\b/g, 'lo')
    .replace(/-?(?:0x[0-9a-f]+|\b\d+\b)/g, (n) => {
      const neg = n.startsWith('-');
      const v = BigInt(neg ? n.slice(1) : n);
      // A pattern with the top bit set is printed either way; compare it as signed.
      const signed = !neg && v >= 1n << BigInt(width - 1) && v < 1n << BigInt(width) ? BigInt.asIntN(width, v) : neg ? -v : v;
      return signed.toString(10);
    })
    .replace(/\s+/g, ' ')
    .replace(/\s*,\s*/g, ',')
    .trim();
  return MIPS_ALIASES.reduce((t, [pattern, canonical]) => t.replace(pattern, canonical), plain).replace(/\s+/g, '');
}

/**
 * Spellings binutils and Capstone choose differently for one MIPS encoding (MIPS32 Vol. II
 * lists these as assembler idioms): the base form is rewritten to the idiom.
 */
const MIPS_ALIASES: readonly [RegExp, string][] = [
  [/,\(/g, ',0('],
  [/^(?:addiu|ori) (\w+),zero,(-?\d+)$/, 'li $1,$2'],
  [/^(?:or|addu) (\w+),(\w+),zero$/, 'move $1,$2'],
  [/^beq zero,zero,(\S+)$/, 'b $1'],
  [/^beq (\w+),zero,(\S+)$/, 'beqz $1,$2'],
  [/^bne (\w+),zero,(\S+)$/, 'bnez $1,$2'],
  [/^bgezal zero,(\S+)$/, 'bal $1'],
  [/^subu (\w+),zero,(\w+)$/, 'negu $1,$2'],
  [/^nor (\w+),(\w+),zero$/, 'not $1,$2'],
  [/^sll zero,zero,0$/, 'nop'],
];

export type Assembled = { ok: true; word: number } | { ok: false; reason: string };

/** The word `text` assembles to at `address`, verified by disassembling it again. */
export function assembleInstruction(arch: ImageArch, endian: Endian, text: string, address: bigint): Assembled {
  const handle = handleFor(arch, endian);
  const result = handle.asm(PRELUDE[arch] + keystoneLine(arch, text, address, 'here'), address);
  if (result.failed) return { ok: false, reason: `the assembler rejects '${text}' (${keystone.strerror(handle.errno())})` };
  if (result.mc.length !== 4) return { ok: false, reason: `'${text}' assembles to ${result.mc.length} bytes, not one instruction` };
  return verified(arch, endian, [text], result.mc, address)[0] as Assembled;
}

/** Each instruction's word, checked by reading the bytes back and comparing with the listed text. */
function verified(arch: ImageArch, endian: Endian, texts: readonly string[], mc: Uint8Array, start: bigint): Assembled[] {
  const decoded = disassemble(emuArch(arch, endian), mc, start);
  const view = new DataView(mc.buffer, mc.byteOffset, mc.byteLength);
  return texts.map((text, i) => {
    const word = view.getUint32(i * 4, endian === 'little');
    const insn = decoded[i];
    const hex8 = '0x' + word.toString(16).padStart(8, '0');
    if (insn === undefined || !insn.valid) return { ok: false, reason: `'${text}' assembles to ${hex8}, which does not disassemble` };
    const readBack = `${insn.mnemonic} ${insn.operands}`;
    if (normalizeInstruction(readBack) !== normalizeInstruction(text)) return { ok: false, reason: `'${text}' assembles to ${hex8}, which reads back as '${readBack}'` };
    return { ok: true, word };
  });
}

/**
 * Consecutive instructions from `start`, assembled as one program (a Keystone call costs far
 * more than an instruction); if the program as a whole fails, each is assembled alone so that
 * only the bad ones become gaps, each with its own reason.
 */
export function assembleRun(arch: ImageArch, endian: Endian, texts: readonly string[], start: bigint): Assembled[] {
  const handle = handleFor(arch, endian);
  const program = PRELUDE[arch] + texts.map((t, i) => keystoneLine(arch, t, start + BigInt(i * 4), `L${i}`)).join('\n');
  const result = handle.asm(program, start);
  if (!result.failed && result.mc.length === texts.length * 4) {
    const checked = verified(arch, endian, texts, result.mc, start);
    return checked.map((c, i) => (c.ok ? c : assembleInstruction(arch, endian, texts[i] as string, start + BigInt(i * 4))));
  }
  return texts.map((t, i) => assembleInstruction(arch, endian, t, start + BigInt(i * 4)));
}
