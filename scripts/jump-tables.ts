/**
 * How many of a kernel's indirect jumps the control-flow graph resolves through jump tables: every
 * sized function of every executable section is decoded and its graph built as the analysis builds
 * it (constant data read from the same file). Usage:
 *   node dist/scripts/jump-tables.js [VMLINUX...]   (default: the committed fixture kernels)
 * Prints the jumps left unresolved, one JSON line per kernel, then one JSON object on the last line.
 * An indirect jump is an unconditional jump to a register the graph cannot follow without a table:
 * tail calls through a register (`jr t9`) count too, which is why `byInstruction` splits the figures
 * by instruction text. Undecodable words (which the graph cannot follow either) are counted apart.
 */
import { buildCfg } from '../src/analysis/cfg.js';
import { functionCode } from '../src/analysis/function-code.js';
import { UserError } from '../src/errors.js';
import { elfConstantData } from '../src/image/constant-data.js';
import { ElfFile, SHF_EXECINSTR, STT_FUNC } from '../src/image/elf/file.js';
import { elfSymbolIndex } from '../src/image/elf/symbol-index.js';
import { elfArch, elfByteOrders } from '../src/image/elf/symbols.js';
import { openFileSource } from '../src/image/source.js';
import type { CodeImage } from '../src/image/types.js';
import { machineAddress } from '../src/image/words.js';
import { isaFor } from '../src/isa/index.js';

interface Tally { total: number; resolved: number }

function measure(path: string): Record<string, unknown> {
  const started = performance.now();
  const source = openFileSource(path);
  try {
    const elf = new ElfFile(source);
    const arch = elfArch(elf);
    const symbols = elfSymbolIndex(elf, arch);
    if (symbols === null) throw new UserError(`${path}: no symbol table`);
    const orders = elfByteOrders(elf, arch);
    const isa = isaFor(arch, orders.endian === 'big' ? 'be' : 'le');
    const readData = elfConstantData(elf.sections, arch, symbols, (body) => body(source));
    const image: CodeImage = { arch, ...orders, ranges: [], gaps: [], symbols, relocations: [], warnings: [], readData };
    const seen = new Set<bigint>();
    const byInstruction = new Map<string, Tally>();
    let functions = 0;
    let undecodable = 0;
    let total = 0;
    let resolved = 0;
    for (const s of elf.symbols()) {
      const section = elf.sections[s.shndx];
      if (s.type !== STT_FUNC || s.size === 0n || section === undefined || (section.flags & SHF_EXECINSTR) === 0n) continue;
      const address = machineAddress(arch, s.value);
      if (seen.has(address)) continue;
      seen.add(address);
      const bytes = elf.sectionBytes(section, Number(address - machineAddress(arch, section.addr)), Number(s.size));
      const range = { address, bytes, provenance: 'vmlinux' as const, origin: path };
      const code = functionCode(image, { name: s.name, address, size: s.size, provenance: 'vmlinux', bytes: [range], gaps: [] }, isa);
      functions++;
      const cfg = buildCfg(code);
      const count = (pc: bigint, ok: boolean): void => {
        const text = code.instructions.get(pc)?.text ?? '?';
        const t = byInstruction.get(text) ?? { total: 0, resolved: 0 };
        t.total++;
        if (ok) t.resolved++;
        byInstruction.set(text, t);
        total++;
        if (ok) resolved++;
        else console.log(`unresolved ${arch} ${s.name}+0x${(pc - address).toString(16)} ${text}`);
      };
      for (const pc of cfg.unresolved) {
        const exit = code.instructions.get(pc)?.lifted.stmts.find((x) => x.kind === 'exit');
        if (exit?.kind === 'exit' && exit.target.kind === 'undef') undecodable++;
        else count(pc, false);
      }
      for (const pc of cfg.jumpTables.keys()) count(pc, true);
    }
    const sorted = Object.fromEntries([...byInstruction].sort((a, b) => b[1].total - a[1].total));
    return { arch, file: path, functions, indirectJumps: total, resolved, undecodable, byInstruction: sorted, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
  } finally {
    source.close();
  }
}

const given = process.argv.slice(2);
const files = given.length > 0 ? given : ['fixtures/kernels/mips/vmlinux', 'fixtures/kernels/arm64/vmlinux'];
const kernels = files.map((f) => {
  const r = measure(f);
  console.log(JSON.stringify(r));
  return r;
});
console.log(JSON.stringify({ kernels: kernels.map(({ arch, indirectJumps, resolved }) => ({ arch, indirectJumps, resolved })) }));
