/**
 * The published oopses of ../shared/corpus with a Code: line, reconstructed from those words alone:
 * the faulting instruction is the one the sidecar names, and the replay in Unicorn reproduces the
 * fault from the recovered state. Oopses that report no bad address are refused with a reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parseOops } from '../../src/oops/index.js';
import { analyse } from '../../src/pipeline.js';

const CORPUS = new URL('../../../shared/corpus/oops/', import.meta.url).pathname;
const report = (name: string) => analyse(parseOops(readFileSync(CORPUS + name, 'utf8')), {}).report;

const CASES: [string, string, string][] = [
  // log, faulting instruction (as the sidecar notes decode it), origin kind
  ['mips/ath79-batman-adv-pstore-rst.txt', 'sh v0,0(zero)', 'constant'],
  ['mips/ath79-rb922-siphash-unaligned-quoted.txt', 'lw s4,8(a2)', 'unknown'],
  ['mips/mt7621-soc-device-match-glob.txt', 'lb v0,0(a0)', 'unknown'],
  ['mips/openwrt-malta-bpf-kernel-type-name-quoted.txt', 'lw a1,0(v0)', 'unknown'],
  ['mips/bcm63xx-bmips4350-mdio-mux-collapsed-spaces-qp.txt', 'lw a0,0(s0)', 'load'],
  ['arm64/qemu-virt-ldd3-faulty-write.txt', 'str wzr, [x1]', 'constant'],
  ['arm64/jetson-xavier-typec-plug-null-write.txt', 'str w1, [x0, #784]', 'unknown'],
  ['arm64/bpi-r4-mt7996e-wed-free-pages-interleaved.txt', 'ldr x4, [x0]', 'unknown'],
  ['arm64/rpi4-vc4-hdmi-audio-prepare.txt', 'ldr x3, [x1, #840]', 'load'],
];

describe('corpus oopses replayed from their Code: words', () => {
  for (const [log, instruction, origin] of CASES) {
    it(log, () => {
      const r = report(log);
      expect(r.fault.instruction).toBe(instruction);
      expect(r.origin.kind).toBe(origin);
      expect(r.replay.reproduced).toBe(true);
      expect(r.replay.address).toBe(r.crash.faultAddress);
    });
  }

  it('says why it cannot trace a BUG() trap or a bus error', () => {
    for (const log of ['mips/interaptiv-copy-strings-kernel-bug.txt', 'arm64/lkft-next-virtio-bug-brk-quoted.txt', 'mips/ath79-qca4531-ath9k-loadnf-data-bus-error.txt']) {
      expect(() => report(log)).toThrow(UserError);
      expect(() => report(log)).toThrow(/reports no bad address/);
    }
  });
});
