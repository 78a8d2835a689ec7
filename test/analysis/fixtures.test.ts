/**
 * Reconstruction on every fixture whose expected.json pins it: the faulting instruction, the chain
 * (pc, kind, register, value, load address of each step) and the origin, from the real code and the
 * real oops, plus the replay's verdict where the fixture states it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOops } from '../../src/oops/index.js';
import { analyse } from '../../src/pipeline.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

interface Expected {
  inputs?: { listing?: string; vmlinux?: string; module?: string | string[]; systemMap?: string; endian?: 'big' | 'little' };
  fault?: { pc: string; instruction: string; access: string; address: string; base: string | null; offset: number };
  chain?: { pc: string | null; kind: string; register: string | null; value: string | null; loadAddress: string | null }[];
  origin?: { kind: string; pc: string | null; loadAddress: string | null };
  replay?: { reproduced: boolean };
}

const cases = readdirSync(FIXTURES).filter((d) => {
  const f = join(FIXTURES, d, 'expected.json');
  return existsSync(f) && (JSON.parse(readFileSync(f, 'utf8')) as Expected).origin !== undefined;
});

describe('reconstruction of the fixtures', () => {
  it('covers the seed cases', () => {
    expect(cases).toEqual(expect.arrayContaining(['seed-mips-copy-skb-header', 'seed-arm64-mod-sysfs-setup']));
  });
  for (const c of cases) {
    it(c, () => {
      const dir = join(FIXTURES, c);
      const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const at = (p: string): string => join(dir, p);
      const i = exp.inputs ?? {};
      const modules = i.module === undefined ? undefined : (Array.isArray(i.module) ? i.module : [i.module]).map(at);
      const result = analyse(parseOops(readFileSync(at('oops.txt'), 'utf8')), {
        ...(i.listing !== undefined ? { listing: { text: readFileSync(at(i.listing), 'utf8'), name: i.listing } } : {}),
        ...(i.vmlinux !== undefined ? { vmlinux: at(i.vmlinux) } : {}),
        ...(modules !== undefined ? { modules } : {}),
        ...(i.systemMap !== undefined ? { systemMap: at(i.systemMap) } : {}),
        ...(i.endian !== undefined ? { endian: i.endian } : {}),
      });
      const r = result.report;
      if (exp.fault !== undefined) expect(r.fault).toEqual(exp.fault);
      if (exp.chain !== undefined) {
        expect(r.chain.map((s) => ({ pc: s.pc, kind: s.kind, register: s.register, value: s.value, loadAddress: s.loadAddress })))
          .toEqual(exp.chain.map((s) => ({ pc: s.pc, kind: s.kind, register: s.register, value: s.value, loadAddress: s.loadAddress })));
      }
      expect({ kind: r.origin.kind, pc: r.origin.pc, loadAddress: r.origin.loadAddress }).toEqual({ kind: exp.origin!.kind, pc: exp.origin!.pc, loadAddress: exp.origin!.loadAddress });
      if (exp.replay !== undefined) expect(r.replay.reproduced).toBe(exp.replay.reproduced);
    });
  }
});
