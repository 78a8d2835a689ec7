/**
 * Finding the faulting function among a kernel's symbols, by address where possible: a -Os kernel
 * has many local functions with one name, so a name picks a candidate only together with the pc
 * (or, failing that, the size the oops prints). A pc that matches the named symbol only after a
 * constant shift is a relocated (KASLR) kernel: the shift is reported and applied to every symbol.
 */
import { UserError } from '../errors.js';
import type { FunctionQuery } from './query.js';
import { frameCalls } from './call-word.js';
import { NOMINAL_FUNCTION_BASE } from './code-line.js';
import { didYouMean } from './symbols.js';
import type { ImageArch, ImageSymbol, SymbolIndex } from './types.js';
import { addressBits, hex, machineAddress } from './words.js';

export interface Located {
  readonly symbol: ImageSymbol;
  /** Runtime address minus link address (non-zero for a KASLR kernel). */
  readonly slide: bigint;
  /** Size to load: the symbol's, else the oops's. */
  readonly size: bigint | null;
  readonly warnings: string[];
}

function slideBetween(arch: ImageArch, runtime: bigint, link: bigint): bigint {
  return BigInt.asIntN(addressBits(arch), runtime - link);
}

/** The words at an address in the file, for telling same-named functions apart; null where it has none. */
export type WordsAt = (address: bigint, count: number) => number[] | null;

export function locateFunction(symbols: SymbolIndex, query: FunctionQuery, arch: ImageArch, file: string, wordsAt?: WordsAt): Located {
  const { pc, symbol: spec } = query;
  let chosen: ImageSymbol;
  let slide = 0n;
  const notes: string[] = [];
  if (spec !== null) {
    const candidates = symbols.named(spec.name).filter((s) => s.kind === 'function');
    if (candidates.length === 0) {
      throw new UserError(`${file}: no function named '${spec.name}'${didYouMean(symbols.functionNames(), spec.name)}`);
    }
    const exact = pc !== null && spec.offset !== null ? candidates.filter((c) => machineAddress(arch, c.address + (spec.offset as bigint)) === pc) : [];
    if (exact.length > 0) chosen = exact[0] as ImageSymbol;
    else {
      let pool = candidates;
      if (pool.length > 1 && spec.size !== null) pool = pool.filter((c) => c.size === spec.size);
      // Without a pc, the Code: words the CPU held around it pick the one copy whose bytes they are.
      const code = query.code;
      if (pool.length !== 1 && pc === null && code !== undefined && wordsAt !== undefined && spec.offset !== null) {
        const byBytes = candidates.filter((c) => {
          const got = wordsAt(c.address + spec.offset! - BigInt(4 * code.faultIndex), code.words.length);
          return got !== null && got.every((w, i) => w === code.words[i]);
        });
        const callers = byBytes.length > 1 ? (query.callers ?? []).filter((c) => c.module === null) : [];
        const calls = callers.flatMap((caller) => frameCalls(symbols, caller, arch, wordsAt).map((c) => ({ caller, target: c.target })));
        const picked = byBytes.filter((c) => calls.some((call) => call.target === c.address));
        const by = calls.find((call) => call.target === picked[0]?.address)?.caller;
        if (byBytes.length === 1) pool = byBytes;
        else if (picked.length === 1) {
          pool = picked;
          notes.push(`${file}: ${byBytes.length} copies of ${spec.name} hold the oops's Code: words and no pc says which ran; ${by!.name}+${hex(by!.offset!)} (lr or call trace) follows a call of the one at ${hex(picked[0]!.address)}`);
        } else if (byBytes.length > 1) {
          // Identical copies (a -Os kernel's constprop clones): any of them is the code that ran, but
          // which address it ran at is not told, so it is placed at the nominal base like a pc-less module.
          const first = byBytes[0] as ImageSymbol;
          return {
            symbol: first, slide: NOMINAL_FUNCTION_BASE - first.address, size: first.size ?? spec.size ?? null,
            warnings: [`${file}: ${byBytes.length} copies of ${spec.name} (at ${byBytes.map((c) => hex(c.address)).join(', ')}) hold the oops's Code: words and no pc says which ran; the function is placed at the nominal address ${hex(NOMINAL_FUNCTION_BASE)}: offsets are exact, addresses are not`],
          };
        }
      }
      if (pool.length !== 1) {
        const at = candidates.map((c) => hex(c.address)).join(', ');
        throw new UserError(
          `${file}: ${candidates.length} functions are named '${spec.name}' (at ${at}) and ${pc === null ? 'no pc says which' : `none is at pc ${hex(pc)}`}; ` +
            (pc === null ? 'give the pc too' : 'give the vmlinux of the crashed kernel'),
        );
      }
      chosen = pool[0] as ImageSymbol;
      if (pc !== null && spec.offset !== null) slide = slideBetween(arch, pc, chosen.address + spec.offset);
    }
  } else if (pc !== null) {
    const containing = symbols.functionContaining(pc);
    if (containing === null) {
      throw new UserError(`${file}: no function contains ${hex(pc)}; give the file of the crashed kernel, or the symbol (func+0xoff) if the kernel was relocated (KASLR)`);
    }
    chosen = containing;
  } else {
    throw new UserError('nothing says which function to load: give a pc or a symbol');
  }

  const warnings: string[] = [...notes];
  if (pc === null && spec !== null) {
    warnings.push(`${file}: the oops prints no pc, so ${chosen.name} is shown at its link address ${hex(chosen.address)}; if the kernel was relocated (KASLR: a 'Kernel Offset:' line after a panic), code and global addresses here are off by that offset`);
  }
  if (slide !== 0n) {
    warnings.push(`${file}: the oops pc is ${hex(pc as bigint)} but ${chosen.name}+${hex(spec?.offset ?? 0n)} is linked at ${hex(chosen.address + (spec?.offset ?? 0n))}: the kernel was relocated by ${slide < 0n ? '-' : ''}${hex(slide < 0n ? -slide : slide)} (KASLR); addresses are shown at run time`);
  }
  // kallsyms sizes a symbol up to the next one, so alignment padding counts in the oops's size.
  const next = symbols.after(chosen.address);
  const paddedSize = next === null ? null : next.address - chosen.address;
  if (spec?.size != null && chosen.size !== null && chosen.size !== spec.size && paddedSize !== spec.size) {
    warnings.push(`${file}: the oops says ${spec.name} is ${hex(spec.size)} bytes, the file says ${hex(chosen.size)}: the file may not be the crashed kernel's build`);
  }
  const limit = chosen.size ?? spec?.size ?? null;
  if (spec?.offset != null && limit !== null && spec.offset >= limit) {
    throw new UserError(`${file}: offset ${hex(spec.offset)} lies past the end of ${spec.name} (${hex(limit)} bytes): this is not the crashed kernel's build`);
  }
  return { symbol: chosen, slide, size: chosen.size ?? spec?.size ?? null, warnings };
}

/** Symbols moved by the slide, at machine width (for the small tables of System.map). */
export function slideSymbols(arch: ImageArch, symbols: readonly ImageSymbol[], slide: bigint): ImageSymbol[] {
  if (slide === 0n) return [...symbols];
  return symbols.map((s) => ({ ...s, address: machineAddress(arch, s.address + slide) }));
}
