/**
 * Words under relocations the module's placement does not resolve (its own .rodata, .data) hold the
 * object file's placeholder: the analysis must treat what they compute as unknown, not as zero.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { underUnresolvedRelocation } from '../../src/analysis/relocated.js';
import { isaFor } from '../../src/isa/index.js';
import { parseOops } from '../../src/oops/index.js';
import { analyse } from '../../src/pipeline.js';

const FIX = new URL('../../fixtures/', import.meta.url).pathname;

describe('unresolved relocations', () => {
  it('make the register a relocated `lui` writes unknown, with the reason', () => {
    // oopsreplay_path.ko +0xe8 (objdump -dr): 3c050000 lui a1,0x0, R_MIPS_HI16 .rodata
    const isa = isaFor('mips', 'be');
    const plain = isa.decode(0x3c050000, 0xc0007168n);
    expect(plain.lifted.stmts.some((s) => s.kind === 'assign' && s.dst === 'a1')).toBe(true);
    const relocated = underUnresolvedRelocation(plain, '.rodata');
    expect(relocated.lifted.precise).toBe(false);
    expect(relocated.lifted.stmts).toEqual([expect.objectContaining({ kind: 'opaque', clobbers: ['a1'], memory: false, reason: expect.stringContaining('.rodata') })]);
  });

  it('leave no false contradiction in the caller of the mips-path fixture', () => {
    const dir = `${FIX}mips-path/`;
    const r = analyse(parseOops(readFileSync(`${dir}oops.txt`, 'utf8')), {
      vmlinux: `${FIX}kernels/mips/vmlinux`, modules: [`${dir}oopsreplay_path.ko`],
    }).report;
    const init = r.frames.find((f) => f.function === 'oopsreplay_path_init');
    expect(init).toBeDefined();
    expect(init!.unknowns.join('\n')).not.toMatch(/never-mapped first page/);
  });
});
