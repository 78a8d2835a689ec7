import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
  return { stream, text: () => chunks.join('') };
}

const SEED = new URL('../fixtures/seed-mips-copy-skb-header/oops.txt', import.meta.url).pathname;
const PARSE_KEYS = ['arch', 'message', 'faultAddress', 'access', 'pc', 'ra', 'pcSymbol', 'raSymbol', 'registers', 'callTrace', 'code', 'stack', 'esr', 'cause', 'cpu', 'pid', 'comm', 'kernelVersion', 'tainted', 'modules'];

describe('cli', () => {
  it('prints usage for --help and exits 0', async () => {
    const out = capture();
    expect(await main(['--help'], out.stream)).toBe(0);
    expect(out.text()).toContain('usage: oopsreplay');
  });

  it('rejects an unknown command and an unknown option with status 2', async () => {
    expect(await main(['frobnicate'], capture().stream)).toBe(2);
    expect(await main(['parse', SEED, '--bogus'], capture().stream)).toBe(2);
  });

  it('parse --json prints exactly the keys of the contract', async () => {
    const out = capture();
    expect(await main(['parse', SEED, '--json'], out.stream)).toBe(0);
    const json = JSON.parse(out.text()) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual([...PARSE_KEYS].sort());
    expect(json.faultAddress).toBe('0x78ddc304');
    expect(json.pcSymbol).toEqual({ function: '__copy_skb_header', offset: '0xc0', size: '0xfc', module: null });
  });

  it('parse prints a human summary without --json', async () => {
    const out = capture();
    expect(await main(['parse', SEED], out.stream)).toBe(0);
    expect(out.text()).toContain('ExcCode 2 (TLBL)');
    expect(out.text()).toContain('__copy_skb_header+0xc0/0xfc');
  });

  it('parse --all lists every oops; a log without one exits 2 and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oopsreplay-'));
    const none = join(dir, 'none.log');
    writeFileSync(none, 'just a boot log\nnothing crashed\n');
    const out = capture();
    expect(await main(['parse', none, '--json'], out.stream)).toBe(2);
    expect(out.text()).toBe('');
    const all = capture();
    expect(await main(['parse', SEED, '--all', '--json'], all.stream)).toBe(0);
    expect((JSON.parse(all.text()) as unknown[]).length).toBe(1);
  });

  it('reports a missing file and a bad --index as one-line errors with status 2', async () => {
    expect(await main(['parse', '/nonexistent/log'], capture().stream)).toBe(2);
    expect(await main(['parse', SEED, '--index', 'x'], capture().stream)).toBe(2);
    expect(await main(['parse', SEED, '--index', '3'], capture().stream)).toBe(2);
  });
});
