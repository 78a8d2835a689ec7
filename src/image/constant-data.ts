/**
 * Constant data out of a linked kernel: the bytes of its allocated, non-writable sections, read
 * when asked. The kernel's `.rodata` (where jump tables are) is flagged writable in the ELF because
 * the linker script (include/asm-generic/vmlinux.lds.h, RO_DATA) places the data that is written
 * until the end of boot, `__start_ro_after_init`..`__end_ro_after_init`, inside it: `.rodata` counts
 * as constant without that range, and only when those symbols say where it is. The file is opened
 * again for each read that the small cache does not answer, because the loader closes it once the
 * function is loaded.
 */
import { type ElfSection, SHF_ALLOC, SHF_WRITE, SHT_NOBITS } from './elf/file.js';
import type { ByteSource } from './source.js';
import type { ImageArch, ReadData, SymbolIndex } from './types.js';
import { machineAddress } from './words.js';

/** Runs `body` with the file open again (and closes it after). */
export type Reopen = <T>(body: (source: ByteSource) => T) => T;

const CHUNK = 4096;

interface Region {
  readonly section: ElfSection;
  readonly start: bigint;
  readonly end: bigint;
}

/** Where constant data lies: address ranges, each inside one section. */
function constantRegions(sections: readonly ElfSection[], arch: ImageArch, symbols: SymbolIndex): Region[] {
  const at = (name: string): bigint | null => {
    const s = symbols.named(name);
    return s.length === 1 ? machineAddress(arch, s[0]!.address) : null;
  };
  const roAfterInit = { start: at('__start_ro_after_init'), end: at('__end_ro_after_init') };
  const out: Region[] = [];
  for (const s of sections) {
    if (s.index === 0 || s.type === SHT_NOBITS || s.size === 0 || (s.flags & SHF_ALLOC) === 0n) continue;
    const start = machineAddress(arch, s.addr);
    const end = start + BigInt(s.size);
    if ((s.flags & SHF_WRITE) === 0n) out.push({ section: s, start, end });
    else if (s.name === '.rodata' && roAfterInit.start !== null && roAfterInit.end !== null && roAfterInit.start <= roAfterInit.end) {
      const cut = { start: roAfterInit.start < start ? start : roAfterInit.start, end: roAfterInit.end > end ? end : roAfterInit.end };
      if (cut.start >= end || cut.end <= start) out.push({ section: s, start, end });
      else {
        if (start < cut.start) out.push({ section: s, start, end: cut.start });
        if (cut.end < end) out.push({ section: s, start: cut.end, end });
      }
    }
  }
  return out;
}

export function elfConstantData(sections: readonly ElfSection[], arch: ImageArch, symbols: SymbolIndex, reopen: Reopen): ReadData {
  const constant = constantRegions(sections, arch, symbols);
  // Chunks by section and offset: a jump table is read one entry at a time.
  const chunks = new Map<string, Uint8Array>();
  const chunk = (s: ElfSection, index: number): Uint8Array => {
    const key = `${s.index}:${index}`;
    let bytes = chunks.get(key);
    if (bytes === undefined) {
      const from = index * CHUNK;
      const length = Math.min(CHUNK, s.size - from);
      bytes = reopen((source) => source.read(s.offset + from, length, `section ${s.name}`));
      chunks.set(key, bytes);
    }
    return bytes;
  };
  return (address, size) => {
    const hit = constant.find((c) => c.start <= address && address + BigInt(size) <= c.end);
    if (hit === undefined || size <= 0) return null;
    const offset = Number(address - machineAddress(arch, hit.section.addr));
    const out = new Uint8Array(size);
    for (let done = 0; done < size; ) {
      const at = offset + done;
      const piece = chunk(hit.section, Math.floor(at / CHUNK));
      const from = at % CHUNK;
      const n = Math.min(size - done, piece.length - from);
      out.set(piece.subarray(from, from + n), done);
      done += n;
    }
    return out;
  };
}
