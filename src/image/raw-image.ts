/**
 * System.map plus a raw kernel image (arm64 `Image`, MIPS `vmlinux.bin`): both start at `_text`,
 * so a function's bytes lie at file offset address - _text. The arm64 Image header says its byte
 * order (Documentation/arch/arm64/booting.rst: magic "ARM\x64" at 0x38, flags bit 0 = big-endian);
 * a MIPS image says nothing, so the order comes from the user or from evidence at the pc.
 */
import { UserError } from '../errors.js';
import { inferByteOrder, type WordPredicate } from './endian.js';
import { locateFunction, slideSymbols } from './locate.js';
import type { FunctionQuery } from './query.js';
import { type ByteSource, readTextFile, withFileSource } from './source.js';
import { parseSystemMap } from './system-map.js';
import { arraySymbolIndex } from './symbols.js';
import type { CodeImage, Endian, ImageArch, ImageSymbol } from './types.js';
import { hex, machineAddress } from './words.js';

export interface RawImageOptions {
  readonly arch: ImageArch;
  /** The user's `--endian`; wins over anything inferred (for arm64 it is the data order). */
  readonly endian?: Endian;
  /** Evidence for the byte order when neither the user nor the image says it. */
  readonly evidence?: WordPredicate;
}

const ARM64_MAGIC = 0x644d5241; // "ARM\x64" read little-endian

/** The arm64 Image header's (data) byte order, or null for an image without that header. */
export function arm64HeaderEndian(source: ByteSource): Endian | null {
  if (source.size < 64) return null;
  const header = source.read(0, 64, 'the arm64 Image header');
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (view.getUint32(0x38, true) !== ARM64_MAGIC) return null;
  return (view.getUint8(0x30) & 1) === 1 ? 'big' : 'little';
}

function textBase(symbols: readonly ImageSymbol[], mapName: string): bigint {
  for (const name of ['_text', '_stext']) {
    const s = symbols.find((x) => x.name === name);
    if (s !== undefined) return s.address;
  }
  throw new UserError(`${mapName}: has no _text or _stext symbol, so the image's load address is unknown`);
}

export function loadRawImage(mapPath: string, imagePath: string, query: FunctionQuery, options: RawImageOptions): CodeImage {
  const mapText = readTextFile(mapPath);
  return withFileSource(imagePath, (source) => loadRawImageFrom(mapText, mapPath, source, query, options));
}

export function loadRawImageFrom(mapText: string, mapName: string, source: ByteSource, query: FunctionQuery, options: RawImageOptions): CodeImage {
  const { arch } = options;
  const symbols = parseSystemMap(mapText, arch, mapName);
  const base = textBase(symbols, mapName);
  const located = locateFunction(arraySymbolIndex(symbols), query, arch, mapName);
  const { symbol, slide } = located;
  if (located.size === null) throw new UserError(`${mapName}: ${symbol.name} is the last symbol, so its size is unknown; give the oops's sym+off/size`);
  const offset = symbol.address - base;
  if (offset < 0n || offset + located.size > BigInt(source.size)) {
    throw new UserError(`${source.name}: ${symbol.name} (${hex(symbol.address)}, ${hex(located.size)} bytes) lies outside the image of ${hex(source.size)} bytes from _text ${hex(base)}: the image and System.map are not of one build`);
  }
  const bytes = source.read(Number(offset), Number(located.size), symbol.name);
  const runtime = machineAddress(arch, symbol.address + slide);
  const orders = rawImageEndian(source, options, bytes, runtime, query.pc);
  return {
    arch,
    ...orders,
    ranges: [{ address: runtime, bytes, provenance: 'raw-image', origin: `${source.name} with ${mapName}` }],
    gaps: [],
    symbols: arraySymbolIndex(slideSymbols(arch, symbols, slide)),
    relocations: [],
    warnings: located.warnings,
  };
}

type ByteOrders = Pick<CodeImage, 'endian' | 'dataEndian' | 'endianSource'>;

function rawImageEndian(source: ByteSource, options: RawImageOptions, bytes: Uint8Array, start: bigint, pc: bigint | null): ByteOrders {
  if (options.arch === 'aarch64') {
    const header = arm64HeaderEndian(source);
    if (header !== null && options.endian !== undefined && header !== options.endian) {
      throw new UserError(`--endian ${options.endian} contradicts ${source.name}, whose arm64 Image header says ${header}-endian`);
    }
    const data = header ?? options.endian ?? null;
    const said = header !== null ? `the Image header says ${header}-endian data` : options.endian !== undefined ? `data ${options.endian}-endian as given` : 'the data byte order is not stated (no Image header)';
    return { endian: 'little', dataEndian: data, endianSource: `A64 code is little-endian; ${said}` };
  }
  if (options.endian !== undefined) return { endian: options.endian, dataEndian: options.endian, endianSource: 'given with --endian' };
  const why = `${source.name} is a raw image, which does not state its byte order`;
  if (options.evidence === undefined || pc === null) throw new UserError(`${why}, and there is no fault to test it against; pass --endian big or --endian little`);
  const at = Number(pc - start);
  if (at < 0 || at + 4 > bytes.length) throw new UserError(`${why}, and the pc lies outside the loaded function; pass --endian big or --endian little`);
  const decision = inferByteOrder(bytes.subarray(at, at + 4), options.evidence);
  if (decision.endian === null) throw new UserError(`${why}, and the evidence does not decide (${decision.reason}); pass --endian big or --endian little`);
  return { endian: decision.endian, dataEndian: decision.endian, endianSource: `inferred: ${decision.reason}` };
}
