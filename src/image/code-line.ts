/**
 * The oops's `Code:` words alone, placed around the pc. The kernel prints them as values
 * (arch/mips/kernel/traps.c show_code: words -3..+5 around epc, the faulting one in `<...>`;
 * arch/arm64/kernel/traps.c dump_kernel_instr: the words before pc and the faulting one in
 * `(...)`), so the word at faultIndex is the one at pc.
 */
import { UserError } from '../errors.js';
import type { CrashReport } from '../oops/types.js';
import { imageArchOf, queryFromCrash } from './query.js';
import { arraySymbolIndex } from './symbols.js';
import type { CodeImage, Endian, Gap, ImageSymbol } from './types.js';
import { hex, machineAddress, parseHex, readWord, wordsToBytes } from './words.js';

/** KIMAGE_VADDR of arm64 kernels 5.x-6.x; used only when the oops prints no pc address. */
export const NOMINAL_FUNCTION_BASE = 0xffff800008000000n;

export interface CodeLineOptions {
  /** The user's `--endian`: needed on MIPS, where printed words do not reveal the byte order. */
  readonly endian?: Endian;
  /** Where `endian` came from, when not from `--endian`. */
  readonly endianSource?: string;
}

/** The Code: words with the address of each, from the oops alone. */
export function codeLineWords(crash: CrashReport): { address: bigint; word: number }[] {
  const arch = imageArchOf(crash);
  const code = crash.code;
  if (code === null || code.words.length === 0) throw new UserError('the oops has no Code: line to take the instructions from; give a vmlinux, module or listing');
  if (code.faultIndex === null) throw new UserError('the Code: line marks no faulting word (<...> or (...)), so its words cannot be placed');
  const offset = crash.pcSymbol?.offset ?? null;
  if (crash.pc === null && offset === null) throw new UserError('the oops gives neither a pc nor sym+offset, so the Code: words cannot be placed');
  // Newer arm64 kernels print the pc only as sym+offset: the function is then placed at a nominal
  // address, arm64's default kernel image base, which no low data address can collide with.
  const pc = machineAddress(arch, crash.pc !== null ? parseHex(crash.pc, 'oops pc') : NOMINAL_FUNCTION_BASE + parseHex(offset!, 'oops pc offset'));
  if (code.words.some((w) => w === null)) throw new UserError('the kernel could not read the code around the pc (the Code: line shows ????????), so it gives no instructions; give a vmlinux, module or listing');
  return code.words.map((word, i) => {
    const w = word!;
    if (parseHex(w, 'Code: word') >> 32n !== 0n) throw new UserError(`Code: word '${w}' is wider than 32 bits; MIPS32 and AArch64 instructions are 32-bit words`);
    return { address: machineAddress(arch, pc + BigInt((i - (code.faultIndex as number)) * 4)), word: Number(parseHex(w, 'Code: word')) };
  });
}

export function loadCodeLine(crash: CrashReport, options: CodeLineOptions = {}): CodeImage {
  const arch = imageArchOf(crash);
  const placed = codeLineWords(crash);
  let orders: Pick<CodeImage, 'endian' | 'dataEndian' | 'endianSource'>;
  if (arch === 'aarch64') {
    orders = { endian: 'little', dataEndian: options.endian ?? null, endianSource: `A64 code is little-endian; ${options.endian === undefined ? 'the oops does not state the data byte order' : `data ${options.endian}-endian as given`}` };
  } else if (options.endian !== undefined) {
    orders = { endian: options.endian, dataEndian: options.endian, endianSource: options.endianSource ?? 'given with --endian' };
  } else {
    throw new UserError('the Code: line prints instruction words as values, which read the same in either byte order, and a MIPS oops does not state it; pass --endian big or --endian little');
  }

  const first = (placed[0] as { address: bigint }).address;
  const end = first + BigInt(placed.length * 4);
  const symbols: ImageSymbol[] = [];
  const gaps: Gap[] = [];
  const { symbol } = queryFromCrash(crash, arch);
  if (symbol !== null && symbol.offset !== null) {
    const pc = (placed[crash.code?.faultIndex as number] as { address: bigint }).address;
    const start = machineAddress(arch, pc - symbol.offset);
    symbols.push({ name: symbol.name, address: start, size: symbol.size, kind: 'function', local: false });
    if (first > start) gaps.push({ start, end: first, reason: `before the first Code: word (+${hex(first - start)})` });
    if (symbol.size !== null && end < start + symbol.size) {
      const after = arch === 'aarch64' ? 'arm64 prints no words after the faulting one' : 'the Code: line ends there';
      gaps.push({ start: end, end: start + symbol.size, reason: `after the last Code: word (+${hex(end - start)}): ${after}` });
    }
  }
  return {
    arch,
    ...orders,
    ranges: [{ address: first, bytes: wordsToBytes(placed.map((p) => p.word), orders.endian), provenance: 'code-line', origin: 'the oops Code: line' }],
    gaps,
    symbols: arraySymbolIndex(symbols),
    relocations: [],
    warnings: crash.pc === null ? [`the oops prints no pc address, only ${symbol !== null && symbol.offset !== null ? `${symbol.name}+${hex(symbol.offset)}` : 'sym+offset'}: the function is placed at the nominal address ${hex(NOMINAL_FUNCTION_BASE)}: offsets are exact, addresses are not`] : [],
  };
}

export interface CodeLineCheck {
  /** Words of the Code: line the image also has (and holds final bytes for). */
  readonly compared: number;
  readonly mismatches: readonly { readonly address: bigint; readonly image: number; readonly oops: number }[];
}

/** Compare an image with the oops's Code: words; words under unresolved relocations are skipped. */
export function checkCodeLine(image: CodeImage, crash: CrashReport): CodeLineCheck {
  const unresolved = new Set(image.relocations.filter((r) => !r.resolved).map((r) => r.address));
  let compared = 0;
  const mismatches: { address: bigint; image: number; oops: number }[] = [];
  for (const { address, word } of codeLineWords(crash)) {
    if (unresolved.has(address)) continue;
    const range = image.ranges.find((r) => r.address <= address && address + 4n <= r.address + BigInt(r.bytes.length));
    if (range === undefined) continue;
    compared++;
    const have = readWord(range.bytes, Number(address - range.address), image.endian);
    if (have !== word) mismatches.push({ address, image: have, oops: word });
  }
  return { compared, mismatches };
}
