/**
 * The README shows a real run of its first command; the output printed there must be what the tool
 * prints today, so that a newcomer's first screen matches the page.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the output its example command prints', async () => {
    const m = /```\n\$ npx oopsreplay (.+)\n([\s\S]*?)```/.exec(README);
    expect(m, 'the README has an example run in a ``` block starting with $ npx oopsreplay').not.toBeNull();
    const chunks: string[] = [];
    const out = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
    expect(await main(m![1]!.split(/\s+/), out)).toBe(0);
    expect(chunks.join('').trim()).toBe(m![2]!.trim());
  });

  it('starts with the two commands a newcomer types', () => {
    const first = /```sh\n(.+)\n(.+)\n```/.exec(README);
    expect(first?.[1]).toMatch(/^\.\/scripts\/setup-debian\.sh && npx oopsreplay report fixtures\//);
    expect(first?.[2]).toBe('./scripts/setup-debian.sh && npm test');
  });
});
