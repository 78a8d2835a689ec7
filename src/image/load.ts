/**
 * From an oops and whatever the user's build left behind to the CodeImage of the faulting
 * function. The most exact source wins: the module named in the oops, else the vmlinux, else
 * System.map with the raw image, else a listing, else the Code: words. Whatever was loaded is
 * then checked against the Code: words, when the oops has them, and its gaps filled from them.
 */
import { UserError } from '../errors.js';
import type { CrashReport } from '../oops/types.js';
import { checkCodeLine, codeLineWords, loadCodeLine, NOMINAL_FUNCTION_BASE } from './code-line.js';
import { ElfFile, ET_REL } from './elf/file.js';
import { elfSymbolIndex } from './elf/symbol-index.js';
import { faultAccessPredicate } from './fault-access.js';
import { loadListing } from './listing/load.js';
import { loadModule, moduleName } from './module.js';
import { imageArchOf, queryFromCrash } from './query.js';
import { loadRawImage } from './raw-image.js';
import { readTextFile, withFileSource } from './source.js';
import { parseSystemMap } from './system-map.js';
import type { ByteRange, CodeImage, Endian, Gap, ImageArch } from './types.js';
import { loadVmlinux } from './vmlinux.js';
import { hex, parseHex, wordsToBytes } from './words.js';

export interface ImageInputs {
  readonly vmlinux?: string;
  readonly modules?: readonly string[];
  readonly systemMap?: string;
  /** A raw kernel image (arm64 `Image`, MIPS `vmlinux.bin`); needs systemMap. */
  readonly rawImage?: string;
  readonly listing?: { readonly text: string; readonly name: string };
  /** Load addresses of the faulting module's other sections (from /sys/module/NAME/sections/). */
  readonly moduleSections?: ReadonlyMap<string, bigint>;
  /** The user's `--endian`. */
  readonly endian?: Endian;
}

export function loadCodeImage(crash: CrashReport, inputs: ImageInputs): CodeImage {
  const arch = imageArchOf(crash);
  if (crash.access === 'fetch' && crash.pc !== null && crash.pc === crash.faultAddress) {
    throw new UserError(`the CPU faulted fetching its next instruction at ${crash.pc} (a call or jump through a bad pointer): there is no code at the pc to reconstruct; the caller that jumped there is the return address or the next call trace frame`);
  }
  const image = chooseSource(crash, arch, withElfByteOrder(checkedFileKinds(inputs)));
  if (crash.code === null || image.ranges.every((r) => r.provenance === 'code-line')) return image;
  const placed = withPlacedPc(image, crash);
  return filledFromCodeLine(verifiedByCodeLine(image, placed), placed);
}

/**
 * An oops that prints the pc only as sym+offset has its Code: words placed where the image put
 * that function (a vmlinux copy the call trace chose, say), not at the nominal address.
 */
function withPlacedPc(image: CodeImage, crash: CrashReport): CrashReport {
  const s = crash.pcSymbol;
  if (crash.pc !== null || s === null || s.offset === null) return crash;
  const inImage = (a: bigint): boolean => image.ranges.some((r) => r.address <= a && a < r.address + BigInt(r.bytes.length));
  const start = image.symbols.named(s.function).find((c) => inImage(c.address));
  return start === undefined ? crash : { ...crash, pc: hex(start.address + parseHex(s.offset, 'oops pc offset')) };
}

/** A module given as the vmlinux, or the vmlinux as a module, is a mix-up of options: say which. */
function checkedFileKinds(inputs: ImageInputs): ImageInputs {
  const relocatable = (path: string): boolean => withFileSource(path, (s) => new ElfFile(s).header.type === ET_REL);
  if (inputs.vmlinux !== undefined && relocatable(inputs.vmlinux)) {
    throw new UserError(`${inputs.vmlinux}: a relocatable object (a module?), not a linked vmlinux; pass it with --module`);
  }
  for (const path of inputs.modules ?? []) {
    if (!relocatable(path)) throw new UserError(`${path}: a linked executable (a vmlinux?), not a module .ko; pass it with --vmlinux`);
  }
  return inputs;
}

/**
 * Printed words (Code: line, listing) do not show MIPS byte order, but a vmlinux or module given
 * for the same machine does in its ELF header, even when the faulting function is not in it.
 */
function withElfByteOrder(inputs: ImageInputs): ImageInputs & { readonly endianSource?: string } {
  const path = inputs.vmlinux ?? inputs.modules?.[0];
  if (path === undefined) return inputs;
  const endian = withFileSource(path, (s) => new ElfFile(s).header.endian);
  if (inputs.endian !== undefined && inputs.endian !== endian) {
    throw new UserError(`--endian ${inputs.endian} contradicts ${path}, which is ${endian}-endian; drop --endian, or give the files of the machine that crashed`);
  }
  return { ...inputs, endian, endianSource: `${path}: ELF header (${endian}-endian)` };
}

function chooseSource(crash: CrashReport, arch: ImageArch, inputs: ImageInputs & { readonly endianSource?: string }): CodeImage {
  const query = queryFromCrash(crash, arch);
  const module = query.symbol?.module ?? null;
  if (module !== null && inputs.modules !== undefined && inputs.modules.length > 0) {
    const names = inputs.modules.map((path) => ({ path, name: withFileSource(path, (s) => moduleName(new ElfFile(s))) }));
    const match = names.find((m) => m.name === module);
    if (match === undefined) throw new UserError(`the oops faulted in module '${module}', but the modules given are ${names.map((m) => `'${m.name}'`).join(', ')}; give ${module}.ko`);
    const kernel = kernelSymbols(crash, arch, inputs);
    const sections = inputs.moduleSections;
    // arm64 6.x prints the pc only as func+off: the module is then placed with the faulting function
    // at the nominal address the Code: line placement uses, and the report says so.
    const nominal = query.pc === null && query.symbol !== null && query.symbol.offset !== null;
    const image = loadModule(match.path, nominal ? { ...query, pc: NOMINAL_FUNCTION_BASE + query.symbol!.offset! } : query, {
      ...(kernel.resolve === null ? {} : { resolveExternal: kernel.resolve }),
      ...(sections === undefined ? {} : { sectionBase: (name: string) => sections.get(name) ?? null }),
    });
    const notes = [
      ...(nominal ? [`the oops prints no pc address, only ${query.symbol!.name}+${hex(query.symbol!.offset!)}: the module is placed with ${query.symbol!.name} at the nominal address ${hex(NOMINAL_FUNCTION_BASE)}; offsets are exact, code addresses are not`] : []),
      ...(kernel.note === null ? [] : [kernel.note]),
    ];
    return notes.length === 0 ? image : { ...image, warnings: [...image.warnings, ...notes] };
  }
  if (module === null) {
    if (inputs.vmlinux !== undefined) return loadVmlinux(inputs.vmlinux, query);
    if (inputs.rawImage !== undefined) {
      if (inputs.systemMap === undefined) throw new UserError('a raw kernel image needs its System.map (--system-map) to find functions in it');
      return loadRawImage(inputs.systemMap, inputs.rawImage, query, { arch, evidence: faultAccessPredicate(arch, crash), ...(inputs.endian === undefined ? {} : { endian: inputs.endian }) });
    }
  }
  const fallback = withUnusedSystemMap(inputs, arch);
  if (inputs.listing !== undefined) {
    return fallback(loadListing(inputs.listing.text, { arch, query, name: inputs.listing.name, ...(inputs.endian === undefined ? {} : { endian: inputs.endian }) }));
  }
  if (crash.code !== null) {
    const named = crash.pcSymbol;
    if (named !== null && named.offset === null) {
      const give = named.module !== null ? `${named.module}.ko (--module)` : 'the vmlinux';
      throw new UserError(`the oops names ${named.function} without an offset (a log rewritten by decode_stacktrace.sh?), so its Code: words cannot be placed in the function; give the log as the kernel printed it, or ${give}`);
    }
    const image = loadCodeLine(crash, {
      ...(inputs.endian === undefined ? {} : { endian: inputs.endian }),
      ...(inputs.endianSource === undefined ? {} : { endianSource: inputs.endianSource }),
    });
    const missing = module !== null ? ` (the fault is in module '${module}': give ${module}.ko for the whole function)` : '';
    return fallback(missing === '' ? image : { ...image, warnings: [...image.warnings, `only the Code: words are known${missing}`] });
  }
  const what = module !== null ? `${module}.ko (--module)` : 'a vmlinux, System.map with the raw image, or a listing';
  throw new UserError(`nothing to take the faulting function's code from: the oops has no Code: line; give ${what}`);
}

/**
 * A System.map alone names functions but holds no code: when neither a raw image nor a module uses
 * it, it is still checked (a wrong file is a mix-up) and the report says it gave nothing.
 */
function withUnusedSystemMap(inputs: ImageInputs, arch: ImageArch): (image: CodeImage) => CodeImage {
  const map = inputs.systemMap;
  if (map === undefined) return (image) => image;
  parseSystemMap(readTextFile(map), arch, map);
  const note = `${map}: a System.map names functions but holds no code; give --image (the raw kernel image) with it, or the vmlinux`;
  return (image) => ({ ...image, warnings: [...image.warnings, note] });
}

/**
 * Run-time addresses of kernel symbols for a module's external relocations. The files give link
 * addresses; a relocated (KASLR) kernel runs them shifted, so they are used only once the shift is
 * measured from a kernel address the oops prints (call trace `[<addr>] sym+off`, or ra/pc).
 */
function kernelSymbols(crash: CrashReport, arch: ImageArch, inputs: ImageInputs): { resolve: ((name: string) => bigint | null) | null; note: string | null } {
  const link = linkAddresses(arch, inputs);
  if (link === undefined) return { resolve: null, note: null };
  const samples: { function: string; offset: string | null; module: string | null; address: string | null }[] = [
    ...crash.callTrace,
    ...(crash.raSymbol === null ? [] : [{ ...crash.raSymbol, address: crash.ra }]),
  ];
  const slides = new Set<bigint>();
  for (const e of samples) {
    if (e.module !== null || e.address === null || e.offset === null) continue;
    const at = link(e.function);
    if (at === null) continue;
    slides.add(BigInt.asIntN(arch === 'mips' ? 32 : 64, parseHex(e.address, 'call trace address') - at - parseHex(e.offset, 'call trace offset')));
  }
  if (slides.size !== 1) {
    const why = slides.size === 0 ? 'the oops prints no kernel address to measure a relocation (KASLR) by' : 'the kernel addresses in the oops disagree about the relocation';
    return { resolve: null, note: `kernel symbols left unapplied to the module: ${why}` };
  }
  const [slide] = [...slides] as [bigint];
  const note = slide === 0n ? null : `kernel symbols shifted by ${hex(slide)}: the kernel was relocated (KASLR), measured from the call trace`;
  return { resolve: (name) => { const at = link(name); return at === null ? null : at + slide; }, note };
}

/** Link addresses of global kernel symbols: System.map, else the vmlinux's symbol table (a module cannot link against a local). */
function linkAddresses(arch: ImageArch, inputs: ImageInputs): ((name: string) => bigint | null) | undefined {
  if (inputs.systemMap !== undefined) {
    const byName = new Map<string, bigint>();
    for (const s of parseSystemMap(readTextFile(inputs.systemMap), arch, inputs.systemMap)) if (!s.local && !byName.has(s.name)) byName.set(s.name, s.address);
    return (name) => byName.get(name) ?? null;
  }
  if (inputs.vmlinux === undefined) return undefined;
  const index = withFileSource(inputs.vmlinux, (source) => elfSymbolIndex(new ElfFile(source), arch));
  if (index === null) return undefined;
  const cache = new Map<string, bigint | null>();
  return (name) => {
    if (!cache.has(name)) cache.set(name, index.named(name).find((s) => !s.local)?.address ?? null);
    return cache.get(name) ?? null;
  };
}

/**
 * The Code: words are what the CPU held. A few may differ from the file legitimately (the kernel
 * patches alternatives, jump labels and ftrace call sites at run time); most differing means the
 * file is another build.
 */
function verifiedByCodeLine(image: CodeImage, crash: CrashReport): CodeImage {
  const { compared, mismatches } = checkCodeLine(image, crash);
  if (compared === 0) return image;
  const origin = image.ranges[0]?.origin ?? 'the image';
  if (mismatches.length * 2 > compared) {
    throw new UserError(`the oops's Code: words do not match ${origin} (${mismatches.length} of ${compared} differ, first at ${hex(mismatches[0]!.address)}): give the files of the build that crashed`);
  }
  const notes = mismatches.map(
    (m) => `the word at ${hex(m.address)} is 0x${m.image.toString(16).padStart(8, '0')} in ${origin} but 0x${m.oops.toString(16).padStart(8, '0')} in the oops's Code: line (patched at run time?); the oops's word is the one that ran`,
  );
  return { ...image, warnings: [...image.warnings, ...notes], ranges: mismatches.length === 0 ? image.ranges : patched(image, mismatches) };
}

/** Code: words where the image has a gap (a listing's elided part, say) fill it, marked as such. */
function filledFromCodeLine(image: CodeImage, crash: CrashReport): CodeImage {
  const covered = (a: bigint): boolean => image.ranges.some((r) => r.address <= a && a + 4n <= r.address + BigInt(r.bytes.length));
  const missing = codeLineWords(crash).filter((w) => !covered(w.address));
  if (missing.length === 0) return image;
  const added: ByteRange[] = [];
  for (const w of missing) {
    const last = added.at(-1);
    const bytes = wordsToBytes([w.word], image.endian);
    if (last !== undefined && last.address + BigInt(last.bytes.length) === w.address) {
      added[added.length - 1] = { ...last, bytes: Uint8Array.from([...last.bytes, ...bytes]) };
    } else added.push({ address: w.address, bytes, provenance: 'code-line', origin: 'the oops Code: line' });
  }
  const gaps = image.gaps.flatMap((g) => subtract(g, added));
  const ranges = [...image.ranges, ...added].sort((a, b) => (a.address < b.address ? -1 : 1));
  return { ...image, ranges, gaps, warnings: [...image.warnings, `${missing.length} word(s) the ${image.ranges[0]?.provenance ?? 'input'} lacks are taken from the oops's Code: line`] };
}

/** What is left of a gap once the ranges are cut out of it. */
function subtract(gap: Gap, ranges: readonly ByteRange[]): Gap[] {
  let parts: Gap[] = [gap];
  for (const r of ranges) {
    const end = r.address + BigInt(r.bytes.length);
    parts = parts.flatMap((p) =>
      end <= p.start || r.address >= p.end
        ? [p]
        : [...(r.address > p.start ? [{ ...p, end: r.address }] : []), ...(end < p.end ? [{ ...p, start: end }] : [])],
    );
  }
  return parts;
}

/** The running kernel's words replace the file's where the Code: line shows them. */
function patched(image: CodeImage, mismatches: readonly { address: bigint; oops: number }[]): CodeImage['ranges'] {
  return image.ranges.map((r) => {
    const inside = mismatches.filter((m) => m.address >= r.address && m.address + 4n <= r.address + BigInt(r.bytes.length));
    if (inside.length === 0) return r;
    const bytes = r.bytes.slice();
    const view = new DataView(bytes.buffer);
    for (const m of inside) view.setUint32(Number(m.address - r.address), m.oops, image.endian === 'little');
    return { ...r, bytes };
  });
}
