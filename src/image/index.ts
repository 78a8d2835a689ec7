/** Code images: the faulting function's bytes from vmlinux, modules, System.map + raw image, listings or the Code: line. */
export type { ByteRange, CodeImage, Endian, FunctionView, Gap, ImageArch, ImageSymbol, Provenance, ReadData, RelocationTarget, SymbolIndex, SymbolKind } from './types.js';
export { loadCodeImage, type ImageInputs } from './load.js';
export { loadVmlinux } from './vmlinux.js';
export { loadModule, moduleName, type ModuleOptions } from './module.js';
export { loadRawImage, type RawImageOptions } from './raw-image.js';
export { parseSystemMap } from './system-map.js';
export { loadListing, type ListingOptions } from './listing/load.js';
export { parseListing, type ParsedListing, type ListingInstruction } from './listing/parse.js';
export { assembleInstruction } from './listing/assemble.js';
export { loadCodeLine, checkCodeLine, codeLineWords, type CodeLineCheck } from './code-line.js';
export { findFunction, wordAt, readBytes, gapAt, gapsWithin, relocationAt, symbolize } from './image.js';
export { inferByteOrder, type WordPredicate, type Plausibility, type EndianDecision } from './endian.js';
export { faultAccessPredicate } from './fault-access.js';
export { parseSymbolSpec, queryFromCrash, imageArchOf, specOf, type FunctionQuery, type SymbolSpec } from './query.js';
export { vmlinuxFrameAddress, type FrameAddress } from './frame-address.js';
