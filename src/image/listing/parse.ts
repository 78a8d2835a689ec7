/**
 * Disassembly listings as users paste them: `objdump -d` (with or without -r), gdb `disassemble`
 * (plain, /r words, /b bytes) and `x/i`, with source lines, `=>` markers and comments in any
 * language mixed in. Lines that are none of these are skipped; a line of `...` (objdump's mark
 * for a run of zero bytes, or a user's `...//省略部分`) is an elision: its bytes are not given.
 */
import { UserError } from '../../errors.js';

export interface ListingInstruction {
  readonly address: bigint;
  /** The instruction word as printed (a value: objdump -d, gdb /r). */
  readonly word: number | null;
  /** Bytes in memory order (gdb /b). */
  readonly bytes: readonly number[] | null;
  /** Mnemonic and operands, comments removed, `<sym+off>` annotations kept. */
  readonly text: string;
  readonly lineNo: number;
}

export interface ListingLabel {
  readonly name: string;
  readonly address: bigint;
}

export interface ListingRelocation {
  readonly address: bigint;
  readonly type: string;
  readonly target: string;
}

export interface ParsedListing {
  readonly format: 'objdump' | 'gdb';
  readonly instructions: readonly ListingInstruction[];
  /** Line numbers of elision marks, to explain the gaps they cause. */
  readonly elisions: readonly { readonly lineNo: number; readonly text: string }[];
  /** Function starts: objdump headers, gdb `Dump ... for function` and `<sym+off>` on each line, then operand references. */
  readonly labels: readonly ListingLabel[];
  /** Operand references `<sym+off>` that disagree with the line addresses about where sym starts. */
  readonly conflicts: readonly { readonly name: string; readonly lineAddress: bigint; readonly referenceAddress: bigint }[];
  /** objdump -r lines: which symbol a word's relocation names. */
  readonly relocations: readonly ListingRelocation[];
}

const OBJDUMP_HEADER = /^([0-9a-f]+) <([^>]+)>:\s*$/i;
const OBJDUMP_INSN = /^\s*([0-9a-f]+):\s+([0-9a-f]{8}|(?:[0-9a-f]{2} ){3}[0-9a-f]{2})\s+(.*)$/i;
const OBJDUMP_RELOC = /^\s*([0-9a-f]+):\s+(R_[A-Z0-9_]+)\s+(\S+)\s*$/;
const GDB_DUMP_HEADER = /^Dump of assembler code for function ([^\s:]+)/;
const GDB_INSN = /^(?:=>)?\s*0x([0-9a-f]+)(?:\s+<([^>+]*)(?:\+(0x[0-9a-f]+|\d+))?>)?:\s+(.*)$/i;
const GDB_WORD = /^([0-9a-f]{8})\s+(.*)$/i;
const GDB_BYTES = /^((?:[0-9a-f]{2} ){3}[0-9a-f]{2})\s+(.*)$/i;
const ELISION = /^\s*(?:\.\.\.|…)/;
/** `0x80100058 <link_all+52>` in gdb operands, `d4 <__copy_skb_header+0xd4>` in objdump's. */
const REFERENCE = /(?:0x)?([0-9a-f]+) <([^>+\s]+)(?:\+(0x[0-9a-f]+|\d+))?>/gi;

/** Comments: `//` (gdb/objdump on AArch64, and users), `;` objdump notes, `#` after MIPS operands. */
function stripComment(text: string): string {
  return text.replace(/\s*(?:\/\/|;|\s#(?!\d|-|0x)).*$/, '').trim();
}

function offsetValue(text: string | undefined): bigint {
  if (text === undefined) return 0n;
  return text.toLowerCase().startsWith('0x') ? BigInt(text) : BigInt(text);
}

function detectFormat(lines: readonly string[]): 'objdump' | 'gdb' {
  let gdb = 0;
  let objdump = 0;
  for (const line of lines) {
    if (GDB_DUMP_HEADER.test(line) || /^(?:=>)?\s*0x[0-9a-f]+/i.test(line)) gdb++;
    else if (OBJDUMP_INSN.test(line) || OBJDUMP_HEADER.test(line)) objdump++;
  }
  if (gdb === 0 && objdump === 0) throw new UserError('the listing has no instruction lines; give `objdump -d` or gdb `disassemble` output');
  return gdb >= objdump ? 'gdb' : 'objdump';
}

export function parseListing(text: string): ParsedListing {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const format = detectFormat(lines);
  const instructions: ListingInstruction[] = [];
  const elisions: { lineNo: number; text: string }[] = [];
  const labels = new Map<string, ListingLabel>();
  const relocations: ListingRelocation[] = [];
  let dumpFunction: string | null = null;
  const addLabel = (name: string, address: bigint): void => {
    const key = `${name}@${address}`;
    if (!labels.has(key)) labels.set(key, { name, address });
  };

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.replace(/\t/g, '    ');
    if (ELISION.test(line)) {
      elisions.push({ lineNo, text: raw.trim() });
      return;
    }
    if (format === 'objdump') {
      const header = OBJDUMP_HEADER.exec(raw.trim());
      if (header !== null) return addLabel(header[2] as string, BigInt('0x' + header[1]));
      const reloc = OBJDUMP_RELOC.exec(raw);
      if (reloc !== null) {
        relocations.push({ address: BigInt('0x' + reloc[1]), type: (reloc[2] as string).slice(2), target: reloc[3] as string });
        return;
      }
      const m = OBJDUMP_INSN.exec(raw);
      if (m === null) return;
      const raw2 = m[2] as string;
      const isWord = raw2.length === 8;
      instructions.push({
        address: BigInt('0x' + m[1]),
        word: isWord ? parseInt(raw2, 16) : null,
        bytes: isWord ? null : raw2.split(' ').map((b) => parseInt(b, 16)),
        text: stripComment(m[3] as string),
        lineNo,
      });
      return;
    }
    const header = GDB_DUMP_HEADER.exec(raw);
    if (header !== null) {
      dumpFunction = header[1] as string;
      return;
    }
    const m = GDB_INSN.exec(raw.trim());
    if (m === null) return;
    const address = BigInt('0x' + m[1]);
    const symbol = m[2] === undefined || m[2] === '' ? dumpFunction : m[2];
    if (symbol !== null && m[2] !== undefined) addLabel(symbol, address - offsetValue(m[3]));
    let rest = m[4] as string;
    let word: number | null = null;
    let bytes: number[] | null = null;
    const w = GDB_WORD.exec(rest);
    const b = GDB_BYTES.exec(rest);
    if (b !== null) {
      bytes = (b[1] as string).split(' ').map((x) => parseInt(x, 16));
      rest = b[2] as string;
    } else if (w !== null && /^[a-z]/i.test(w[2] as string)) {
      word = parseInt(w[1] as string, 16);
      rest = w[2] as string;
    }
    instructions.push({ address, word, bytes, text: stripComment(rest), lineNo });
  });

  // Line addresses are what the tool printed for each instruction; operand notes only add names
  // (a pasted listing can disagree with itself: the arm64 seed's `<mod_sysfs_setup+556>` is 8 short).
  const lineNames = new Map([...labels.values()].map((l) => [l.name, l.address]));
  const conflicts: ParsedListing['conflicts'][number][] = [];
  for (const insn of instructions) {
    for (const ref of insn.text.matchAll(REFERENCE)) {
      const name = ref[2] as string;
      const address = BigInt('0x' + ref[1]) - offsetValue(ref[3]);
      const lineAddress = lineNames.get(name);
      if (lineAddress === undefined) addLabel(name, address);
      else if (lineAddress !== address && !conflicts.some((c) => c.name === name && c.referenceAddress === address)) {
        conflicts.push({ name, lineAddress, referenceAddress: address });
      }
    }
  }
  if (instructions.length === 0) throw new UserError('the listing has no instruction lines; give `objdump -d` or gdb `disassemble` output');
  return { format, instructions, elisions, labels: [...labels.values()], conflicts, relocations };
}
