/** The parse half of every fixture's expected.json (`crash`), checked key by key. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOops } from '../../src/oops/index.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;
const cases = readdirSync(FIXTURES).filter((d) => existsSync(join(FIXTURES, d, 'expected.json')) && existsSync(join(FIXTURES, d, 'oops.txt')));

describe('fixture oopses parse as their expected.json says', () => {
  it('has the seed cases', () => {
    expect(cases).toContain('seed-mips-copy-skb-header');
    expect(cases).toContain('seed-arm64-mod-sysfs-setup');
  });
  for (const c of cases) {
    it(c, () => {
      const expected = JSON.parse(readFileSync(join(FIXTURES, c, 'expected.json'), 'utf8')) as { crash?: Record<string, unknown> };
      expect(expected.crash, `${c}/expected.json has no crash section`).toBeDefined();
      const report = parseOops(readFileSync(join(FIXTURES, c, 'oops.txt'), 'utf8')) as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(expected.crash!)) expect(report[key], key).toEqual(value);
    });
  }
});
