/**
 * Reconstruction of every fixture whose expected.json pins it. The real-kernel fixtures state the
 * ground truth (from the modules' own printk of their objects); the reconstruction must agree with it
 * wherever it determines a value, and may leave a value unknown only where the dump and the code do
 * not determine it: a value different from the truth is a failure, an unknown one is not.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOops } from '../../src/oops/index.js';
import { analyse } from '../../src/pipeline.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

interface Step { pc: string | null; kind: string; register: string | null; value: string | null; loadAddress: string | null }
interface Expected {
  function?: { address: string };
  inputs?: { listing?: string; vmlinux?: string; module?: string | string[]; systemMap?: string; endian?: 'big' | 'little' };
  fault?: { pc: string; instruction: string; access: string; address: string; base: string | null; offset: number };
  chain?: Step[];
  origin?: { kind: string; pc: string | null; loadAddress: string | null; callerLoad?: { function: string; pc: string; loadAddress: string } };
  replay?: { reproduced: boolean };
  /** Present on fixtures from real kernels: the objects' addresses as the module printed them. */
  truth?: Record<string, string>;
}

const cases = readdirSync(FIXTURES).filter((d) => {
  const f = join(FIXTURES, d, 'expected.json');
  return existsSync(f) && (JSON.parse(readFileSync(f, 'utf8')) as Expected).origin !== undefined;
});

/** Without `inputs`, a fixture gives its modules beside the oops and its kernel under fixtures/kernels. */
function inputsOf(dir: string, exp: Expected, arch: string) {
  const at = (p: string): string => join(dir, p);
  const i = exp.inputs ?? {};
  const kos = readdirSync(dir).filter((f) => f.endsWith('.ko'));
  const modules = i.module !== undefined ? (Array.isArray(i.module) ? i.module : [i.module]).map(at) : kos.map(at);
  const vmlinux = i.vmlinux !== undefined ? at(i.vmlinux) : join(FIXTURES, 'kernels', arch, 'vmlinux');
  return {
    ...(i.listing !== undefined ? { listing: { text: readFileSync(at(i.listing), 'utf8'), name: i.listing } } : {}),
    ...(existsSync(vmlinux) && i.listing === undefined ? { vmlinux } : {}),
    ...(modules.length > 0 ? { modules } : {}),
    ...(i.systemMap !== undefined ? { systemMap: at(i.systemMap) } : {}),
    ...(i.endian !== undefined ? { endian: i.endian } : {}),
  };
}

/** Known and equal, or unknown: never known and different. */
const agrees = (ours: string | null, truth: string | null): boolean => ours === null || ours === truth;

describe('reconstruction of the fixtures', () => {
  it('covers the seed cases and the real-kernel cases', () => {
    expect(cases).toEqual(expect.arrayContaining([
      'seed-mips-copy-skb-header', 'seed-arm64-mod-sysfs-setup',
      ...['chain', 'list', 'null', 'path', 'skbclone', 'stack'].flatMap((k) => [`mips-${k}`, `arm64-${k}`]), 'mipsel-chain',
    ]));
  });
  for (const c of cases) {
    it(c, () => {
      const dir = join(FIXTURES, c);
      const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const crash = parseOops(readFileSync(join(dir, 'oops.txt'), 'utf8'));
      const r = analyse(crash, inputsOf(dir, exp, c.split('-')[0]!)).report;
      // Where the oops prints no pc (arm64 6.x), code sits at a nominal address: compare offsets in the function.
      const nominal = r.warnings.some((w) => /nominal address/.test(w)) && exp.function !== undefined;
      const pcOf = (pc: string | null, base: string): string | null => (pc === null || !nominal ? pc : `+0x${(BigInt(pc) - BigInt(base)).toString(16)}`);
      const ourPc = (pc: string | null): string | null => pcOf(pc, r.function.address);
      const truePc = (pc: string | null): string | null => pcOf(pc, exp.function?.address ?? '0x0');
      if (exp.fault !== undefined) {
        const { pc, instruction, access, address, base, offset } = exp.fault;
        expect({ ...r.fault, pc: ourPc(r.fault.pc) }).toEqual({ pc: truePc(pc), instruction, access, address, base, offset });
      }
      for (const [i, step] of (exp.chain ?? []).entries()) {
        const ours = r.chain[i];
        // A chain may stop short of the truth only where it says that paths fitting the dump part there.
        if (ours === undefined) {
          expect(r.unknowns.join('\n'), `chain step ${i + 1} is missing without a stated reason`).toMatch(new RegExp(`part after step ${i}\\b`));
          break;
        }
        expect({ pc: ourPc(ours!.pc), register: ours!.register }, `chain step ${i + 1}`).toEqual({ pc: truePc(step.pc), register: step.register });
        const kind = step.kind === 'loop' ? 'arith' : step.kind;
        expect(ours!.kind, `chain step ${i + 1}`).toBe(kind);
        expect(agrees(ours!.value, step.value), `chain step ${i + 1} value ${ours!.value} vs ${step.value}`).toBe(true);
        expect(agrees(ours!.loadAddress, step.loadAddress), `chain step ${i + 1} load address ${ours!.loadAddress} vs ${step.loadAddress}`).toBe(true);
      }
      expect({ kind: r.origin.kind, pc: ourPc(r.origin.pc) }).toEqual({ kind: exp.origin!.kind, pc: truePc(exp.origin!.pc) });
      expect(agrees(r.origin.loadAddress, exp.origin!.loadAddress), `origin load address ${r.origin.loadAddress} vs ${exp.origin!.loadAddress}`).toBe(true);
      if (r.origin.loadAddress === null && exp.origin!.loadAddress !== null) {
        expect(r.unknowns.join('\n'), 'an unknown load address is stated with its reason').toMatch(/not determined/);
      }
      // Where the bad pointer came in as an argument, the truth names the caller's load; followed up
      // the frames (through tail calls), the chain must reach it or say why it stopped.
      const callerLoad = exp.origin!.callerLoad;
      if (callerLoad !== undefined) {
        const frame = r.frames.find((f) => f.function === callerLoad.function && f.origin.kind === 'load');
        if (frame === undefined) expect(r.framesStop, 'the chain stops short of the caller load without a reason').not.toBeNull();
        else {
          expect(nominal ? frame.origin.pc !== null : frame.origin.pc).toBe(nominal ? true : callerLoad.pc);
          expect(agrees(frame.origin.loadAddress, callerLoad.loadAddress), `caller load address ${frame.origin.loadAddress} vs ${callerLoad.loadAddress}`).toBe(true);
        }
      }
      if (exp.replay !== undefined) expect(r.replay.reproduced).toBe(exp.replay.reproduced);
      // A real kernel's oops must be reproduced: the replay faults at its pc on its bad address.
      if (exp.truth !== undefined) expect(r.replay.summary).toMatch(/as the oops says/);
      if (exp.truth !== undefined) expect(r.replay.reproduced).toBe(true);
    });
  }

  // The oops passes the bad conntrack pointer down as an argument; the truth is the caller's load of
  // old->_nfct. MIPS gets there through ra and a tail call, arm64 (which prints lr and the call trace
  // only as func+off) through the vmlinux: both must determine the load and its address exactly.
  for (const c of ['mips-skbclone', 'arm64-skbclone']) {
    it(`${c}: the chain reaches the caller's load of old->_nfct at its true address`, () => {
      const dir = join(FIXTURES, c);
      const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const r = analyse(parseOops(readFileSync(join(dir, 'oops.txt'), 'utf8')), inputsOf(dir, exp, c.split('-')[0]!)).report;
      const truth = exp.origin!.callerLoad!;
      const frame = r.frames.find((f) => f.function === truth.function && f.origin.kind === 'load');
      expect(frame?.origin.pc, r.framesStop ?? '').toBe(truth.pc);
      expect(frame?.origin.loadAddress).toBe(truth.loadAddress);
    });
  }

  // a lived only in a0/x0, which chain_sum overwrote with b: the caller's frame (its s0/x19 at the
  // call, in the dump) gives it back, so the load of a->b gets its true address; b itself is memory
  // the oops does not show, and the origin load's address says exactly which word that is.
  for (const c of ['mips-chain', 'mipsel-chain', 'arm64-chain']) {
    it(`${c}: the caller's frame determines a, so the load of a->b has its true address`, () => {
      const dir = join(FIXTURES, c);
      const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const r = analyse(parseOops(readFileSync(join(dir, 'oops.txt'), 'utf8')), inputsOf(dir, exp, c.split('-')[0]!)).report;
      expect(r.chain.map((s) => s.kind)).toEqual(['fault', 'load', 'load', 'argument']);
      expect(r.chain[2]!.loadAddress).toBe(exp.truth!['&a->b']);
      expect(r.chain[1]!.loadAddress).toBeNull();
      expect(r.unknowns.join('\n')).toContain(`memory the oops does not show, at ${exp.truth!['&a->b']}`);
    });
  }
  // How many times the loop ran is not in the dump: the origin load's address must not be given as
  // one path's expression.
  for (const c of ['mips-list', 'arm64-list']) {
    it(`${c}: the origin load's address is stated as depending on the loop, not as one path's`, () => {
      const dir = join(FIXTURES, c);
      const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const r = analyse(parseOops(readFileSync(join(dir, 'oops.txt'), 'utf8')), inputsOf(dir, exp, c.split('-')[0]!)).report;
      expect(r.origin.loadAddress).toBeNull();
      expect(r.origin.description).toMatch(/through different pointers/);
      expect(r.unknowns.join('\n')).not.toMatch(/needs memory the oops does not show/);
    });
  }
});
