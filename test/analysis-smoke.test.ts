import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseOops } from '../src/oops/index.js';
import { reconstruct } from '../src/analysis/index.js';
import { AARCH64 } from '../src/isa/index.js';
import type { FunctionCode, Instruction } from '../src/analysis/types.js';

it('smoke', () => {
  const crash = parseOops(readFileSync('/work/shared/corpus/oops/arm64/qemu-virt-ldd3-faulty-write.txt', 'utf8'));
  const start = 0xffffffc000786000n;
  const instructions = new Map<bigint, Instruction>();
  crash.code!.words.forEach((w, i) => {
    const pc = start + BigInt(i * 4);
    instructions.set(pc, AARCH64.decode(parseInt(w!, 16), pc));
  });
  const code: FunctionCode = { name: 'faulty_write', start, end: start + 0x20n, instructions, gaps: [{ start: start + 0x14n, end: start + 0x20n, reason: 'after the Code: line' }], source: 'code-line' };
  const r = reconstruct({ crash, code, isa: AARCH64 });
  console.log(JSON.stringify({ fault: { ...r.fault, addressExpr: undefined }, chain: r.chain, origin: r.origin, warnings: r.warnings, unknowns: r.unknowns }, (_k, v) => typeof v === 'bigint' ? '0x' + v.toString(16) : v, 2));
  expect(r.origin.kind).toBe('constant');
});
