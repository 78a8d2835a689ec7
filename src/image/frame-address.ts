/**
 * The address of a frame the oops names only as `func+off/size` (arm64 6.x prints its lr and call
 * trace that way). A -Os kernel has many local functions with one name; the copy meant is the one
 * whose call just before `off` goes to the function one frame down the trace.
 */
import { callDistance, frameCalls } from './call-word.js';
import { ElfFile } from './elf/file.js';
import { elfArch } from './elf/symbols.js';
import { elfSymbolIndex } from './elf/symbol-index.js';
import type { SymbolSpec } from './query.js';
import { withFileSource } from './source.js';
import { elfWordsAt } from './vmlinux.js';
import { hex } from './words.js';

export type FrameAddress = { readonly address: bigint; readonly why: string } | { readonly address: null; readonly why: string };

/** `spec` (a frame of the vmlinux, not of a module) resolved to a link address in the vmlinux at `path`. */
export function vmlinuxFrameAddress(path: string, spec: SymbolSpec, callee: bigint): FrameAddress {
  const offset = spec.offset;
  if (offset === null) return { address: null, why: `${spec.name} is named without an offset` };
  const what = `${spec.name}+${hex(offset)}`;
  return withFileSource(path, (source) => {
    const elf = new ElfFile(source);
    const arch = elfArch(elf);
    const symbols = elfSymbolIndex(elf, arch);
    if (symbols === null) return { address: null, why: `${path} has no symbol table` };
    const copies = frameCalls(symbols, spec, arch, elfWordsAt(elf, arch));
    if (copies.length === 0) return { address: null, why: `${path} has no function ${spec.name}${spec.size === null ? '' : ` of ${hex(spec.size)} bytes`}` };
    const calling = copies.filter((c) => c.target === callee).map((c) => c.copy);
    const at = (c: { address: bigint }): bigint => c.address + offset;
    if (calling.length === 1) {
      const why = copies.length === 1 ? `${what} in ${path}` : `${what}: of ${copies.length} functions named ${spec.name}, the one at ${hex(calling[0]!.address)} calls ${hex(callee)} there`;
      return { address: at(calling[0]!), why };
    }
    // The call may go to a function that tail-called the callee: then only a unique name decides.
    if (calling.length === 0 && copies.length === 1) return { address: at(copies[0]!.copy), why: `${what} in ${path} (its call there goes elsewhere: a tail call?)` };
    return { address: null, why: `${copies.length} functions are named ${spec.name} in ${path} and ${calling.length === 0 ? 'none' : calling.length} call${calling.length === 1 ? 's' : ''} ${hex(callee)} at +${hex(offset - callDistance(arch))}` };
  });
}
