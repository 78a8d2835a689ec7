/**
 * System.map (`nm -n vmlinux` as scripts/mksysmap writes it): `address type name` per line.
 * It has no sizes; as kallsyms does, a symbol is taken to run to the next symbol's address.
 * MIPS maps print 32-bit addresses sign-extended to 64 bits; they are reduced to 32.
 */
import { UserError } from '../errors.js';
import type { ImageArch, ImageSymbol, SymbolKind } from './types.js';
import { machineAddress } from './words.js';

function kindOf(type: string): SymbolKind | null {
  switch (type.toLowerCase()) {
    case 't':
    case 'w':
      return 'function';
    case 'd':
    case 'b':
    case 'r':
    case 'g':
    case 's':
    case 'v':
      return 'object';
    case 'a':
      return 'other';
    default:
      return null;
  }
}

export function parseSystemMap(text: string, arch: ImageArch, name = 'System.map'): ImageSymbol[] {
  // A kernel image or module given in its place: quoting its first "line" would print binary.
  if (text.startsWith('\x7fELF') || text.includes('\0')) throw new UserError(`${name}: a binary file, not a System.map (the text file the kernel build leaves beside vmlinux)`);
  const raw: ImageSymbol[] = [];
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    const t = line.trim();
    if (t === '') continue;
    const m = /^([0-9a-fA-F]{1,16})\s+([A-Za-z?])\s+(\S+)(?:\s+\[(\S+)\])?$/.exec(t);
    if (m === null) throw new UserError(`${name}:${lineNo}: not a System.map line ('${t.slice(0, 60)}'); expected 'address type name'`);
    const kind = kindOf(m[2] as string);
    if (kind === null) continue;
    raw.push({ name: m[3] as string, address: machineAddress(arch, BigInt('0x' + m[1])), size: null, kind, local: (m[2] as string) === (m[2] as string).toLowerCase() });
  }
  if (raw.length === 0) throw new UserError(`${name}: no symbols; give the System.map of the crashed kernel`);
  const sorted = raw.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  // Sizes up to the next symbol at a higher address, as kallsyms reports them.
  const out: ImageSymbol[] = [];
  let nextIndex = 0;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i] as ImageSymbol;
    if (nextIndex <= i) nextIndex = i + 1;
    while (nextIndex < sorted.length && (sorted[nextIndex] as ImageSymbol).address === s.address) nextIndex++;
    const next = sorted[nextIndex];
    out.push({ ...s, size: s.kind === 'function' && next !== undefined ? next.address - s.address : null });
  }
  return out;
}
