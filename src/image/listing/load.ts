/**
 * A listing as a CodeImage: words where the listing prints them, bytes rebuilt by the assembler
 * where it prints only text, explicit gaps for everything it leaves out (elided lines, missing
 * addresses, instructions that cannot be rebuilt exactly, the parts of the function outside it).
 */
import { UserError } from '../../errors.js';
import { disassemble } from '../../../emu/disasm.js';
import type { FunctionQuery } from '../query.js';
import { arraySymbolIndex, didYouMean } from '../symbols.js';
import type { ByteRange, CodeImage, Endian, Gap, ImageArch, ImageSymbol, RelocationTarget } from '../types.js';
import { hex, machineAddress, writeWord } from '../words.js';
import { assembleRun, emuArch, normalizeInstruction, type Assembled } from './assemble.js';
import { parseListing, type ListingInstruction, type ParsedListing } from './parse.js';

export interface ListingOptions {
  readonly arch: ImageArch;
  /** The user's `--endian` (MIPS). */
  readonly endian?: Endian;
  /** The oops's pc and symbol: place the listing at the oops's addresses. */
  readonly query?: FunctionQuery;
  /** For messages: the file the listing came from. */
  readonly name?: string;
}

interface Placed {
  readonly address: bigint;
  readonly word: number | null;
  readonly reason: string | null;
  readonly lineNo: number;
}

export function loadListing(text: string, options: ListingOptions): CodeImage {
  const name = options.name ?? 'listing';
  const { arch } = options;
  const listing = parseListing(text);
  const orders = listingByteOrder(listing, options, name);
  const warnings: string[] = [];

  const placed = dedupe(placeInstructions(listing.instructions, arch, orders.endian), name);
  const rebuilt = listing.instructions.filter((i) => i.word === null && i.bytes === null).length;
  if (rebuilt > 0) warnings.push(`${name}: ${rebuilt} instruction(s) have no bytes in the listing; rebuilt with the assembler and checked by disassembling them again`);
  const refused = placed.filter((p) => p.word === null);
  if (refused.length > 0) warnings.push(`${name}: ${refused.length} instruction(s) could not be rebuilt exactly and are gaps (first: ${refused[0]?.reason})`);

  for (const c of listing.conflicts) {
    warnings.push(`${name}: operand notes put ${c.name} at ${hex(c.referenceAddress)} but the line addresses at ${hex(c.lineAddress)}; the line addresses are used`);
  }
  const shift = listingShift(listing, options.query, arch, name, warnings);
  const at = (a: bigint): bigint => machineAddress(arch, a + shift);
  const { ranges, gaps } = rangesAndGaps(placed, listing, orders.endian, name, at);

  const query = options.query;
  const symbols: ImageSymbol[] = listing.labels.map((l) => ({
    name: l.name,
    address: at(l.address),
    size: query?.symbol?.name === l.name ? query.symbol.size : null,
    kind: 'function',
    local: false,
  }));
  // A pasted fragment may carry no name at all (`<+8>` without gdb's header): the oops names it.
  const spec = query?.symbol;
  if (spec != null && spec.offset !== null && query?.pc != null && !symbols.some((s) => s.name === spec.name)) {
    symbols.push({ name: spec.name, address: machineAddress(arch, query.pc - spec.offset), size: spec.size, kind: 'function', local: false });
  }
  gaps.push(...outsideGaps(symbols, ranges, query, name));

  // objdump -dr --disassemble=SYM prints the section's earlier relocations too: keep those on listed words.
  const listed = new Set(listing.instructions.map((i) => i.address));
  const relocations: RelocationTarget[] = listing.relocations.filter((r) => listed.has(r.address)).map((r) => {
    const m = /^(.*?)(?:([+-])0x([0-9a-f]+))?$/i.exec(r.target) as RegExpExecArray;
    const addend = m[3] === undefined ? 0n : (m[2] === '-' ? -1n : 1n) * BigInt('0x' + m[3]);
    return {
      address: at(r.address),
      type: r.type,
      symbol: m[1] as string,
      addend,
      label: r.target,
      resolved: false,
      value: null,
      note: 'the listing shows the object file before relocation; the value at run time is unknown',
    };
  });

  return {
    arch,
    ...orders,
    ranges,
    gaps: gaps.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)),
    symbols: arraySymbolIndex(symbols),
    relocations: relocations.sort((a, b) => (a.address < b.address ? -1 : 1)),
    warnings,
  };
}

/** Words as listed, or rebuilt by the assembler, run by run of consecutive text-only lines. */
function placeInstructions(instructions: readonly ListingInstruction[], arch: ImageArch, endian: Endian): Placed[] {
  const out: Placed[] = [];
  let run: ListingInstruction[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    const built = assembleRun(arch, endian, run.map((i) => i.text), (run[0] as ListingInstruction).address);
    run.forEach((insn, i) => {
      const got = built[i] as Assembled;
      out.push({ address: insn.address, word: got.ok ? got.word : null, reason: got.ok ? null : got.reason, lineNo: insn.lineNo });
    });
    run = [];
  };
  for (const insn of instructions) {
    if (insn.word !== null || insn.bytes !== null) {
      flush();
      const word = insn.word ?? new DataView(Uint8Array.from(insn.bytes as number[]).buffer).getUint32(0, endian === 'little');
      out.push({ address: insn.address, word, reason: null, lineNo: insn.lineNo });
      continue;
    }
    const last = run.at(-1);
    if (last !== undefined && (insn.address !== last.address + 4n || run.length >= RUN_LIMIT)) flush();
    run.push(insn);
  }
  flush();
  return out;
}

/** Instructions per assembler call: large enough to amortize the call, small enough that a refused program costs little. */
const RUN_LIMIT = 256;

/** A listing pasted twice over (disassemble and x/i) repeats lines; a conflict is an error. */
function dedupe(placed: Placed[], name: string): Placed[] {
  const byAddress = new Map<bigint, Placed>();
  for (const p of placed) {
    const seen = byAddress.get(p.address);
    if (seen !== undefined && seen.word !== null && p.word !== null && seen.word !== p.word) {
      throw new UserError(`${name}: lines ${seen.lineNo} and ${p.lineNo} give different instructions at ${hex(p.address)}`);
    }
    if (seen === undefined || seen.word === null) byAddress.set(p.address, p);
  }
  return [...byAddress.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
}

/**
 * Code byte order: A64 code is little-endian; MIPS needs `--endian` unless the listing prints
 * bytes in memory order (gdb /b), which read as the listed instruction in only one order.
 * Printed words (objdump, gdb /r) are values and read the same in either order.
 */
function listingByteOrder(listing: ParsedListing, options: ListingOptions, name: string): Pick<CodeImage, 'endian' | 'dataEndian' | 'endianSource'> {
  if (options.arch === 'aarch64') {
    return { endian: 'little', dataEndian: options.endian ?? null, endianSource: `A64 code is little-endian; ${options.endian === undefined ? 'a listing does not state the data byte order' : `data ${options.endian}-endian as given`}` };
  }
  const withBytes = listing.instructions.filter((i) => i.bytes !== null).slice(0, 16);
  let evidence: Endian | null = null;
  let evidenceText = '';
  if (withBytes.length > 0) {
    const matches = (order: Endian): number =>
      withBytes.filter((i) => {
        const [d] = disassemble(emuArch('mips', order), Uint8Array.from(i.bytes as number[]), i.address);
        return d !== undefined && d.valid && normalizeInstruction(`${d.mnemonic} ${d.operands}`) === normalizeInstruction(i.text);
      }).length;
    const big = matches('big');
    const little = matches('little');
    evidenceText = `the listed bytes read as the listed instructions ${big}/${withBytes.length} times big-endian, ${little}/${withBytes.length} little-endian`;
    if (big > little && big * 2 > withBytes.length) evidence = 'big';
    else if (little > big && little * 2 > withBytes.length) evidence = 'little';
  }
  if (options.endian !== undefined) {
    if (evidence !== null && evidence !== options.endian) throw new UserError(`--endian ${options.endian} contradicts ${name}: ${evidenceText}`);
    return { endian: options.endian, dataEndian: options.endian, endianSource: 'given with --endian' };
  }
  if (evidence !== null) return { endian: evidence, dataEndian: evidence, endianSource: `inferred: ${evidenceText}` };
  const why = withBytes.length > 0 ? evidenceText : 'it prints instruction words as values, which read the same in either byte order';
  throw new UserError(`${name}: a MIPS listing does not say its byte order (${why}); pass --endian big or --endian little`);
}

/**
 * The shift that moves the listing onto the oops's addresses: a listing of an object file starts
 * at 0, and a KASLR kernel's addresses differ from another boot's.
 */
function listingShift(listing: ParsedListing, query: FunctionQuery | undefined, arch: ImageArch, name: string, warnings: string[]): bigint {
  const spec = query?.symbol ?? null;
  if (spec === null) return 0n;
  const label = listing.labels.find((l) => l.name === spec.name);
  if (label === undefined) {
    const first = listing.instructions[0] as ListingInstruction;
    const last = listing.instructions.at(-1) as ListingInstruction;
    if (query?.pc != null && query.pc >= first.address && query.pc <= last.address) return 0n;
    throw new UserError(`${name}: the listing has no function '${spec.name}'${didYouMean(listing.labels.map((l) => l.name), spec.name)}`);
  }
  if (query?.pc == null || spec.offset === null) return 0n;
  const shift = BigInt.asIntN(arch === 'mips' ? 32 : 64, query.pc - (label.address + spec.offset));
  if (shift !== 0n) {
    const objectFile = label.address === 0n ? ' (it lists an unlinked object: call and global addresses in it are placeholders)' : '';
    warnings.push(`${name}: the listing puts ${spec.name} at ${hex(label.address)}; moved to ${hex(machineAddress(arch, label.address + shift))} where the oops has it${objectFile}`);
  }
  return shift;
}

function rangesAndGaps(placed: Placed[], listing: ParsedListing, endian: Endian, name: string, at: (a: bigint) => bigint): { ranges: ByteRange[]; gaps: Gap[] } {
  const ranges: ByteRange[] = [];
  const gaps: Gap[] = [];
  let run: number[] = [];
  let runStart = 0n;
  const flush = (): void => {
    if (run.length === 0) return;
    const bytes = new Uint8Array(run.length * 4);
    run.forEach((w, i) => writeWord(bytes, i * 4, w, endian));
    ranges.push({ address: at(runStart), bytes, provenance: 'listing', origin: name });
    run = [];
  };
  let prev: Placed | null = null;
  for (const p of placed) {
    if (prev !== null && p.address > prev.address + 4n) {
      flush();
      const between = listing.elisions.find((e) => e.lineNo > prev!.lineNo && e.lineNo < p.lineNo);
      gaps.push({
        start: at(prev.address + 4n),
        end: at(p.address),
        reason: between === undefined ? 'not in the listing' : elisionReason(between),
      });
    }
    if (p.word === null) {
      flush();
      gaps.push({ start: at(p.address), end: at(p.address + 4n), reason: `the listing gives no bytes and ${p.reason}` });
    } else {
      if (run.length === 0) runStart = p.address;
      run.push(p.word);
    }
    prev = p;
  }
  flush();
  return { ranges, gaps };
}

function elisionReason(e: { lineNo: number; text: string }): string {
  const bare = e.text === '...' ? ": objdump's mark for zero bytes, or an omission" : '';
  return `elided in the listing (line ${e.lineNo}: '${e.text}'${bare})`;
}

/** The queried function's parts before and after what the listing shows, when its size is known. */
function outsideGaps(symbols: readonly ImageSymbol[], ranges: readonly ByteRange[], query: FunctionQuery | undefined, name: string): Gap[] {
  const spec = query?.symbol;
  if (spec == null || spec.size === null || ranges.length === 0) return [];
  const fn = symbols.find((s) => s.name === spec.name);
  if (fn === undefined) return [];
  const first = (ranges[0] as ByteRange).address;
  const lastRange = ranges.at(-1) as ByteRange;
  const last = lastRange.address + BigInt(lastRange.bytes.length);
  const end = fn.address + spec.size;
  const out: Gap[] = [];
  if (first > fn.address) out.push({ start: fn.address, end: first, reason: `before the first line of ${name} (+${hex(first - fn.address)})` });
  if (last < end) out.push({ start: last, end, reason: `after the last line of ${name} (+${hex(last - fn.address)})` });
  return out;
}
