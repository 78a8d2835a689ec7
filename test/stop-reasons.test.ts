/** Sentences a user reads where the chain, the paths or the input stop short: they must name the real cause. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { parseOops } from '../src/oops/index.js';
import { analyse } from '../src/pipeline.js';

const FIX = new URL('../fixtures/', import.meta.url).pathname;
const CORPUS = new URL('../../shared/corpus/oops/', import.meta.url).pathname;
const oops = (path: string) => parseOops(readFileSync(path, 'utf8'));

describe('messages', () => {
  it('say which file the caller frame needs when only the faulting code is at hand', () => {
    const r = analyse(oops(`${FIX}mips-skbclone/oops.txt`), {}).report;
    expect(r.framesStop).toMatch(/the caller's code at 0x[0-9a-f]+ is not available \(no vmlinux was given\)/);
  });

  it('name a one-word gap by its offset, not as a range onto itself', () => {
    const r = analyse(oops(`${CORPUS}arm64/bpi-r4-mt7996e-wed-free-pages-interleaved.txt`), {}).report;
    const text = [r.origin.description, ...r.unknowns].join('\n');
    expect(text).toContain('+0x0');
    expect(text).not.toMatch(/\+0x0\.\.\+0x0\b/);
  });

  it('infer from the dump that code missing before the Code: words branches past them (mips-null, Code: line only)', () => {
    const r = analyse(oops(`${FIX}mips-null/oops.txt`), {}).report;
    // Falling through the shown `lw v1,16(v0)` with v0 = 0 would fault at 0x10 first: the real code's
    // NULL check branches from before the shown words straight to the faulting load.
    expect(r.warnings).toContain(
      'no path through the code shown fits the dump (the load at 0xc0006030 would access 0x10 (v0@gap+0x0 + 0x10 with the recovered values), in the never-mapped first page, and fault before the reported fault); the code the input does not show (+0x0..+0xc) must branch into it; the path used here goes from there to +0x1c',
    );
    expect(r.replay.reproduced).toBe(true);
  });

  it('read machine names with the right article', () => {
    const run = () => analyse(oops(`${CORPUS}x86_64/khugepaged-down-read-trylock-4.3.txt`), {});
    expect(run).toThrow(UserError);
    expect(run).toThrow(/^this is an x86_64 oops/);
  });
});
