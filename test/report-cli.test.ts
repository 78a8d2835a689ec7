import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { main } from '../src/cli.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
  return { stream, text: () => chunks.join('') };
}

const FIX = new URL('../fixtures/', import.meta.url).pathname;
const CORPUS = new URL('../../shared/corpus/oops/', import.meta.url).pathname;
const SEED = [`${FIX}seed-mips-copy-skb-header/oops.txt`, '--listing', `${FIX}seed-mips-copy-skb-header/listing.txt`];
const REPORT_KEYS = ['crash', 'function', 'fault', 'chain', 'origin', 'replay', 'frames', 'framesStop', 'paths', 'unknowns', 'warnings', 'assumptions'];

describe('oopsreplay report', () => {
  it('--json follows the contract', async () => {
    const out = capture();
    expect(await main(['report', ...SEED, '--json'], out.stream)).toBe(0);
    const r = JSON.parse(out.text()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(r).sort()).toEqual([...REPORT_KEYS].sort());
    expect(Object.keys(r.function!).sort()).toEqual(['address', 'name', 'size', 'source']);
    expect(Object.keys(r.fault!).sort()).toEqual(['access', 'address', 'base', 'instruction', 'offset', 'pc']);
    expect(r.origin).toMatchObject({ kind: 'load', pc: '0x80260e58', loadAddress: '0x87690114' });
    expect(r.replay).toMatchObject({ engine: 'unicorn', reproduced: true, pc: '0x80260e64', address: '0x78ddc304' });
    for (const step of r.chain as unknown as Record<string, unknown>[]) {
      expect(Object.keys(step)).toEqual(expect.arrayContaining(['pc', 'instruction', 'kind', 'register', 'value', 'loadAddress', 'expression']));
    }
  });

  it('prints a text report a student can follow, and Markdown', async () => {
    const text = capture();
    expect(await main(['report', ...SEED], text.stream)).toBe(0);
    expect(text.text()).toContain('`lw v0,84(s0)` at +0xb4 loaded v0 = 0x78ddc304');
    const md = capture();
    expect(await main(['report', ...SEED, '--markdown'], md.stream)).toBe(0);
    expect(md.text()).toContain('| 2 | `0x80260e58` | `lw v0,84(s0)` |');
  });

  it('lists the caller frames in Markdown, argument steps without an empty pc', async () => {
    const md = capture();
    const dir = `${FIX}arm64-skbclone/`;
    expect(await main(['report', `${dir}oops.txt`, '--vmlinux', `${FIX}kernels/arm64/vmlinux`, '--markdown'], md.stream)).toBe(0);
    expect(md.text()).toContain('**Up one frame:** `x0` at the call in `__copy_skb_header`');
    expect(md.text()).toContain('2. `0xffffffc008194bc4` `ldr x0, [x20, #104]`: ');
    expect(md.text()).not.toMatch(/^\d+\.\s+:/m);
  });

  // Assuming the NULL stats pointer were valid, the function returns: the replay must stop there and
  // say so, not run on through the rest of the code page.
  for (const [arch, bits] of [['mips', 32], ['arm64', 64]] as const) {
    it(`${arch}-null: under a valid stats pointer the replay leaves the function without a fault`, async () => {
      const out = capture();
      const dir = `${FIX}${arch}-null/`;
      // priv->stats = priv itself, at this boot's addresses (the module printed them).
      const truth = (JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as { truth: Record<string, string> }).truth;
      const assume = `mem${bits}[${truth['&priv->stats']}]=${truth['priv']}`;
      const ko = `${dir}oopsreplay_null.ko`;
      expect(await main(['report', `${dir}oops.txt`, '--module', ko, '--vmlinux', `${FIX}kernels/${arch}/vmlinux`, '--assume', assume, '--json'], out.stream)).toBe(0);
      const r = JSON.parse(out.text()) as { replay: { reproduced: boolean; summary: string } };
      expect(r.replay.reproduced).toBe(false);
      expect(r.replay.summary).toMatch(/did not fault: it left the function's code for 0x[0-9a-f]+ \(a return to the caller/);
    });
  }

  it('says how many paths reach the fault and why the dump rules the others out', async () => {
    // classify's loop counter v0 = 2 in the dump: of the paths with 0..3 trips round the loop, one fits.
    const out = capture();
    const dir = `${FIX}mips-path/`;
    expect(await main(['report', `${dir}oops.txt`, '--module', `${dir}oopsreplay_path.ko`, '--json'], out.stream)).toBe(0);
    const r = JSON.parse(out.text()) as { paths: { examined: number; fitting: number; ruledOut: string[] } };
    expect(r.paths).toEqual({
      examined: 4, fitting: 1,
      ruledOut: ['v0 = 0x2 in the dump, but this path sets it to 0x0', 'v0 = 0x2 in the dump, but this path sets it to 0x1', 'v0 = 0x2 in the dump, but this path sets it to 0x3'],
    });
    const text = capture();
    expect(await main(['report', `${dir}oops.txt`, '--module', `${dir}oopsreplay_path.ko`], text.stream)).toBe(0);
    expect(text.text()).toContain('Paths to the fault: 4 examined, 1 fit the dump; the dump rules out the others:\n  - v0 = 0x2 in the dump, but this path sets it to 0x0\n');
  });

  it('says when an assumed register is overwritten before anything reads it', async () => {
    const out = capture();
    const dir = `${FIX}mips-path/`;
    expect(await main(['report', `${dir}oops.txt`, '--module', `${dir}oopsreplay_path.ko`, '--assume', 'a0=0', '--json'], out.stream)).toBe(0);
    const r = JSON.parse(out.text()) as { warnings: string[] };
    expect(r.warnings).toContain('--assume a0=0: `lw a0,12(a3)` at 0xc000705c overwrites a0 before anything reads it, so the assumption does not change the replay');
    const used = capture();
    expect(await main(['report', `${dir}oops.txt`, '--module', `${dir}oopsreplay_path.ko`, '--assume', 'a3=0x81585580', '--json'], used.stream)).toBe(0);
    expect((JSON.parse(used.text()) as { warnings: string[] }).warnings.join('\n')).not.toContain('--assume a3');
  });

  it('reruns the replay under an assumption and says where it faults', async () => {
    const out = capture();
    expect(await main(['report', ...SEED, '--json', '--assume', 'mem32[0x87690114]=0'], out.stream)).toBe(0);
    const r = JSON.parse(out.text()) as { replay: { reproduced: boolean; summary: string }; assumptions: string[] };
    // With nfct = NULL the `beqz v0` skips the atomic increment: no fault at +0xc0.
    expect(r.replay.reproduced).toBe(false);
    expect(r.assumptions).toEqual(['mem32[0x87690114]=0']);
  });

  it('uses the Code: line when no image is given (arm64, pc printed only as sym+offset)', async () => {
    const out = capture();
    expect(await main(['report', `${CORPUS}arm64/qemu-virt-ldd3-faulty-write.txt`, '--json'], out.stream)).toBe(0);
    const r = JSON.parse(out.text()) as { origin: { kind: string }; replay: { reproduced: boolean }; function: { source: string } };
    expect(r.function.source).toBe('code-line');
    expect(r.origin.kind).toBe('constant');
    expect(r.replay.reproduced).toBe(true);
  });

  it('refuses what it cannot analyse with one line and status 2', async () => {
    const x86 = capture();
    expect(await main(['report', `${CORPUS}x86_64/khugepaged-down-read-trylock-4.3.txt`], x86.stream)).toBe(2);
    expect(x86.text()).toBe('');
    expect(await main(['report', ...SEED, '--assume', 'nonsense'], capture().stream)).toBe(2);
    expect(await main(['report', ...SEED, '--assume', 'q9=1'], capture().stream)).toBe(2);
    expect(await main(['report', `${FIX}seed-mips-copy-skb-header/oops.txt`, '--vmlinux', `${FIX}seed-mips-copy-skb-header/listing.txt`], capture().stream)).toBe(2);
    // A kernel file of the other machine, and a binary given as the log.
    expect(await main(['report', `${FIX}arm64-chain/oops.txt`, '--vmlinux', `${FIX}kernels/mips/vmlinux`], capture().stream)).toBe(2);
    expect(await main(['report', `${FIX}kernels/mips/vmlinux`], capture().stream)).toBe(2);
    expect(await main(['parse', `${FIX}mips-chain/oopsreplay_chain.ko`], capture().stream)).toBe(2);
  });
});
