import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of a committed fixture of fixtures/image/. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/image/${name}`, import.meta.url));
}

export function fixtureText(name: string): string {
  return readFileSync(fixture(name), 'utf8');
}

/**
 * The instruction words of `name` in an objdump -d listing of a fixture, as objdump printed them:
 * the test oracle for bytes the loaders read or rebuild.
 */
export function objdumpWords(listing: string, name: string): { address: bigint; words: number[] } {
  const lines = listing.split('\n');
  const head = lines.findIndex((l) => new RegExp(`^[0-9a-f]+ <${name.replace(/\./g, '\\.')}>:$`).test(l));
  if (head < 0) throw new Error(`no ${name} in listing`);
  const words: number[] = [];
  let address: bigint | null = null;
  for (const line of lines.slice(head + 1)) {
    const m = /^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s/.exec(line);
    if (m === null) break;
    address ??= BigInt('0x' + m[1]);
    words.push(parseInt(m[2] as string, 16));
  }
  return { address: address as bigint, words };
}

import type { CrashReport } from '../../src/oops/types.js';

/** A CrashReport with only the fields a test sets; the rest empty as the parser leaves them. */
export function crashReport(fields: Partial<CrashReport> & Pick<CrashReport, 'arch'>): CrashReport {
  return {
    message: 'Unable to handle kernel paging request',
    faultAddress: null,
    access: null,
    pc: null,
    ra: null,
    pcSymbol: null,
    raSymbol: null,
    registers: {},
    callTrace: [],
    code: null,
    stack: null,
    esr: null,
    cause: null,
    cpu: null,
    pid: null,
    comm: null,
    kernelVersion: null,
    tainted: null,
    modules: [],
    ...fields,
  };
}
