import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { Writable } from 'node:stream';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
  return { stream, text: () => chunks.join('') };
}

describe('cli', () => {
  it('prints usage for --help and exits 0', async () => {
    const out = capture();
    expect(await main(['--help'], out.stream)).toBe(0);
    expect(out.text()).toContain('usage: oopsreplay');
  });
  it('rejects an unknown command with status 2', async () => {
    const out = capture();
    expect(await main(['frobnicate'], out.stream)).toBe(2);
  });
});
