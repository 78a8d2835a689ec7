/**
 * The code image: the bytes of the faulting function (and whatever else the input held), each
 * range tagged with where it came from, the holes stated, and the symbols that name addresses.
 * Addresses are bigint throughout: arm64 kernel addresses do not fit a double.
 */

/** The machines whose code images oopsreplay loads. */
export type ImageArch = 'mips' | 'aarch64';

export type Endian = 'big' | 'little';

/**
 * Where a range's bytes came from. `raw-image` is System.map plus a raw kernel image
 * (arm64 `Image`, MIPS `vmlinux.bin`); the report contract's `source` maps it to `vmlinux`.
 */
export type Provenance = 'vmlinux' | 'module' | 'raw-image' | 'listing' | 'code-line';

/** Bytes in CPU (memory) order at `address`. */
export interface ByteRange {
  readonly address: bigint;
  readonly bytes: Uint8Array;
  readonly provenance: Provenance;
  /** The file or text the bytes came from, for messages. */
  readonly origin: string;
}

/** A region of a function whose bytes the input does not give, and why. */
export interface Gap {
  readonly start: bigint;
  /** Exclusive. */
  readonly end: bigint;
  readonly reason: string;
}

export type SymbolKind = 'function' | 'object' | 'other';

export interface ImageSymbol {
  readonly name: string;
  readonly address: bigint;
  /** Null when the input gives no size (System.map, listings). */
  readonly size: bigint | null;
  readonly kind: SymbolKind;
  readonly local: boolean;
}

/**
 * The symbols of an image, by address first: a -Os kernel has many local symbols with one name,
 * so a name gives every candidate and the caller chooses by address. A vmlinux's table (over
 * 100,000 symbols) is kept compact and decoded only where asked.
 */
export interface SymbolIndex {
  readonly count: number;
  /** Every symbol with this name (functions and data). */
  named(name: string): ImageSymbol[];
  /** The smallest sized function symbol whose extent holds `address`. */
  functionContaining(address: bigint): ImageSymbol | null;
  /** The symbol with the greatest address <= `address`. */
  atOrBelow(address: bigint): ImageSymbol | null;
  /** The first symbol with an address > `address`. */
  after(address: bigint): ImageSymbol | null;
  /** Names of function symbols, for "nearest names" suggestions. */
  functionNames(): Iterable<string>;
}

/**
 * What a relocated field of an instruction or data word refers to: "this instruction's target
 * is symbol X+addend". `resolved` says whether the field's bytes in the image hold the final
 * value; an unresolved field still holds the object file's placeholder, so its value is unknown.
 */
export interface RelocationTarget {
  /** Address of the relocated word. */
  readonly address: bigint;
  /** ELF name without the `R_` prefix, e.g. `MIPS_HI16`, `AARCH64_CALL26`. */
  readonly type: string;
  /** The ELF symbol (a section name for section-relative relocations). */
  readonly symbol: string;
  readonly addend: bigint;
  /** What a reader wants to see: `sysfs_create_link`, `local_counter`, `label+0x4`. */
  readonly label: string;
  readonly resolved: boolean;
  /** The final address of symbol+addend when known. */
  readonly value: bigint | null;
  /** Why it stays unresolved (external symbol, section not placed, ...). */
  readonly note: string | null;
}

export interface CodeImage {
  readonly arch: ImageArch;
  /**
   * Byte order of the code bytes in memory. On MIPS the CPU's one byte order; A64 instructions
   * are little-endian whatever the data order (Arm ARM: instruction fetches are little-endian).
   */
  readonly endian: Endian;
  /** Byte order of data loads; null when the input does not tell (see endianSource). */
  readonly dataEndian: Endian | null;
  /** How the byte orders were established: ELF header, image header, inferred (with the evidence), or given. */
  readonly endianSource: string;
  /** Sorted by address, never overlapping. */
  readonly ranges: readonly ByteRange[];
  /** Sorted by start: regions inside the described functions that the input leaves out. */
  readonly gaps: readonly Gap[];
  readonly symbols: SymbolIndex;
  /** Sorted by address. */
  readonly relocations: readonly RelocationTarget[];
  /** Things the user should know: size mismatches, unresolved relocations, assumptions. */
  readonly warnings: readonly string[];
  /**
   * Constant data (the file's allocated, read-only sections) at run-time addresses: `size` bytes in
   * memory order, or null where no such section holds them all. Absent when the input has no
   * constant data that is final as it stands (listings, the Code: line, modules before relocation).
   */
  readonly readData?: ReadData;
}

export type ReadData = (address: bigint, size: number) => Uint8Array | null;

/** A function located in an image: `name+0/size`, its bytes and the holes inside it. */
export interface FunctionView {
  readonly name: string;
  readonly address: bigint;
  /** Null when neither a symbol size nor a listing end tells it. */
  readonly size: bigint | null;
  readonly provenance: Provenance;
  readonly bytes: readonly ByteRange[];
  readonly gaps: readonly Gap[];
}
