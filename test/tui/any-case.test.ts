/**
 * Every real case in the repository, opened as the UI opens it: each step in both views at 80x24 and
 * 140x45 builds a frame that fits, the origin and fault are on the path and marked, and the narration
 * has a sentence for every step. Cases whose analysis is refused are skipped by name, with the reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImageInputs } from '../../src/image/index.js';
import { parseOops } from '../../src/oops/index.js';
import { analyse, readListing } from '../../src/pipeline.js';
import { buildFrame } from '../../src/tui/frame.js';
import { LABELS } from '../../src/tui/i18n.js';
import { buildTraceModel } from '../../src/tui/model.js';
import { narrate } from '../../src/tui/narration.js';
import { initialState } from '../../src/tui/reducer.js';
import { displayWidth } from '../../src/tui/text.js';
import { root } from './helpers.js';

function cases(): { name: string; log: string; inputs: ImageInputs }[] {
  const out: { name: string; log: string; inputs: ImageInputs }[] = [];
  for (const name of readdirSync(`${root}fixtures`)) {
    const dir = `${root}fixtures/${name}`;
    if (!existsSync(`${dir}/oops.txt`) || !existsSync(`${dir}/expected.json`)) continue;
    const modules = readdirSync(dir).filter((f) => f.endsWith('.ko')).map((f) => `${dir}/${f}`);
    const arch = name.split('-')[0]!;
    const vmlinux = `${root}fixtures/kernels/${arch}/vmlinux`;
    const inputs: ImageInputs = existsSync(`${dir}/listing.txt`)
      ? { listing: readListing(`${dir}/listing.txt`) }
      : { ...(existsSync(vmlinux) ? { vmlinux } : {}), ...(modules.length > 0 ? { modules } : {}) };
    out.push({ name, log: `${dir}/oops.txt`, inputs });
  }
  out.push({ name: 'corpus arm64 LDD3 faulty_write (Code: line)', log: `${root}../shared/corpus/oops/arm64/qemu-virt-ldd3-faulty-write.txt`, inputs: {} });
  return out;
}

describe('the UI on every real case', () => {
  for (const c of cases()) {
    it(c.name, () => {
      const model = buildTraceModel(analyse(parseOops(readFileSync(c.log, 'utf8'), 0), c.inputs));
      expect(model.steps.length).toBeGreaterThan(0);
      // An instruction in a MIPS delay slot is marked on the slot's line, which runs in the branch's step.
      const marksOf = (step: number) => {
        const line = model.lineOfStep[step]!;
        return [...model.lines[line]!.marks, ...(model.steps[step]!.slot ? model.lines[line + 1]!.marks : [])];
      };
      expect(marksOf(model.faultStep)).toContain('fault');
      if (model.originStep !== null) expect(marksOf(model.originStep)).toContain('origin');
      for (const size of [{ columns: 80, rows: 24 }, { columns: 140, rows: 45 }]) {
        for (let step = 0; step < model.steps.length; step++) {
          for (const mode of ['concrete', 'symbolic'] as const) {
            const frame = buildFrame(model, { ...initialState(model), step, mode }, size, LABELS.en);
            const rows = [frame.header, ...frame.left, ...frame.bottom, frame.status];
            expect(rows.length).toBeLessThanOrEqual(size.rows - 1);
            for (const [i, line] of frame.left.entries()) {
              const w = [...line, ...(frame.right[i] ?? [])].reduce((n, s) => n + displayWidth(s.text), 0);
              expect(w + (frame.right.length > 0 ? 1 : 0)).toBeLessThanOrEqual(size.columns);
            }
          }
          expect(narrate(model, step, LABELS.zh)).not.toBe('');
          // Where the register file shows a pc, it is the address of the step's instruction.
          const pc = model.registersAt(step).find((r) => r.name === 'pc');
          if (pc !== undefined && !model.steps[step]!.gap) expect(pc.value).toBe(model.steps[step]!.pc);
        }
      }
    });
  }
});
