/**
 * What a user runs into with the real fixtures: the options mixed up, or only part of a build at
 * hand. Each case was a wrong answer or a misleading error before it was fixed.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { main } from '../src/cli.js';

const FIX = new URL('../fixtures/', import.meta.url).pathname;

async function run(argv: string[]): Promise<{ status: number; out: string; err: string }> {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
  const errs: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => { errs.push(String(s)); return true; }) as typeof process.stderr.write;
  try {
    const status = await main(argv, stream);
    return { status, out: chunks.join(''), err: errs.join('') };
  } finally {
    process.stderr.write = write;
  }
}

describe('the byte order of a MIPS oops', () => {
  it('is read from the vmlinux header when the fault is in a module the user did not give', async () => {
    for (const [c, arch, order] of [['mips-chain', 'mips', 'big'], ['mipsel-chain', 'mipsel', 'little']] as const) {
      const r = await run(['report', `${FIX}${c}/oops.txt`, '--vmlinux', `${FIX}kernels/${arch}/vmlinux`, '--json']);
      expect(r.err).toBe('');
      expect(r.status).toBe(0);
      const rep = JSON.parse(r.out) as { function: { source: string }; replay: { reproduced: boolean } };
      expect(rep.function.source).toBe('code-line');
      expect(rep.replay.reproduced, `${c} ${order}`).toBe(true);
    }
  });

  it('is read from the module header when the fault is in the kernel', async () => {
    const r = await run(['report', `${FIX}mips-skbclone/oops.txt`, '--module', `${FIX}mips-skbclone/oopsreplay_skbclone.ko`, '--json']);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.out) as { replay: { reproduced: boolean } }).replay.reproduced).toBe(true);
  });
});

describe('kernel files given with the wrong option', () => {
  it('a module as --vmlinux says to pass it with --module', async () => {
    for (const oops of ['mips-null', 'arm64-null']) {
      const r = await run(['report', `${FIX}${oops}/oops.txt`, '--vmlinux', `${FIX}${oops}/oopsreplay_null.ko`]);
      expect(r.status).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(`oopsreplay: ${FIX}${oops}/oopsreplay_null.ko: a relocatable object (a module?), not a linked vmlinux; pass it with --module\n`);
    }
  });

  it('a vmlinux as --module says to pass it with --vmlinux', async () => {
    for (const oops of ['mips-null', 'mips-skbclone']) {
      const r = await run(['report', `${FIX}${oops}/oops.txt`, '--module', `${FIX}kernels/mips/vmlinux`]);
      expect(r.status).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(`oopsreplay: ${FIX}kernels/mips/vmlinux: a linked executable (a vmlinux?), not a module .ko; pass it with --vmlinux\n`);
    }
  });
});

describe('the report reads correctly', () => {
  it('names the Code: line as a source in words, and the fault offset in hex', async () => {
    const text = await run(['report', `${FIX}arm64-null/oops.txt`]);
    expect(text.status).toBe(0);
    expect(text.out).toContain("aarch64 6.1.192; code from the oops's Code: line (account_drop at 0xffff800008000000, 44 bytes).");
    expect(text.out).toContain('ldr w0, [x2, #20]        reads 0x14 = x2 + 0x14\n');
    const md = await run(['report', `${FIX}arm64-null/oops.txt`, '--markdown']);
    expect(md.out).toContain("(44 bytes, from the oops's Code: line)");
  });

  it('Markdown says which assumptions the replay ran under, and what the caller frames leave unknown', async () => {
    const args = ['report', `${FIX}mips-null/oops.txt`, '--module', `${FIX}mips-null/oopsreplay_null.ko`, '--markdown'];
    // A valid stats pointer in priv->stats, at this boot's addresses (the module printed them).
    const truth = (JSON.parse(readFileSync(`${FIX}mips-null/expected.json`, 'utf8')) as { truth: Record<string, string> }).truth;
    const assume = `mem32[${truth['&priv->stats']}]=${truth['priv']}`;
    const md = await run([...args, '--assume', assume]);
    expect(md.status).toBe(0);
    expect(md.out).toContain(`- **Replay (assuming \`${assume}\`):** not reproduced:`);
    expect(md.out).toContain('\n- v0 is what the call at 0xc0006068 left in it\n');
  });
});

describe('System.map', () => {
  const nullCase = [`${FIX}mips-null/oops.txt`, '--module', `${FIX}mips-null/oopsreplay_null.ko`];

  it('missing, a directory or a binary file is one line and status 2, never an internal error', async () => {
    const cases: [string[], string][] = [
      [[...nullCase, '--system-map', '/nonexistent/System.map'], 'oopsreplay: /nonexistent/System.map: no such file\n'],
      [[`${FIX}mips-skbclone/oops.txt`, '--system-map', FIX, '--image', `${FIX}kernels/mips/vmlinux`], `oopsreplay: ${FIX}: is a directory, expected a file\n`],
      [[...nullCase, '--system-map', `${FIX}mips-null/oopsreplay_null.ko`], `oopsreplay: ${FIX}mips-null/oopsreplay_null.ko: a binary file, not a System.map (the text file the kernel build leaves beside vmlinux)\n`],
      [[`${FIX}mips-null/oops.txt`, '--system-map', `${FIX}mips-null/oopsreplay_null.ko`], `oopsreplay: ${FIX}mips-null/oopsreplay_null.ko: a binary file, not a System.map (the text file the kernel build leaves beside vmlinux)\n`],
    ];
    for (const [args, err] of cases) {
      const r = await run(['report', ...args]);
      expect(r).toEqual({ status: 2, out: '', err });
    }
  });

  it('given alone, the report says it gave no code', async () => {
    const r = await run(['report', `${FIX}mips-skbclone/oops.txt`, '--system-map', `${FIX}kernels/mips/System.map`, '--json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.out) as { warnings: string[] }).warnings).toContain(`${FIX}kernels/mips/System.map: a System.map names functions but holds no code; give --image (the raw kernel image) with it, or the vmlinux`);
  });
});

describe('command-line mistakes', () => {
  it('a mistyped log path is called a missing file, not an unknown command', async () => {
    expect(await run([`${FIX}mips-nul/oops.txt`])).toEqual({ status: 2, out: '', err: `oopsreplay: ${FIX}mips-nul/oops.txt: no such file (nor a command; run 'oopsreplay --help' for the list)\n` });
    expect(await run(['frob'])).toEqual({ status: 2, out: '', err: "oopsreplay: unknown command 'frob'; run 'oopsreplay --help' for the list\n" });
  });

  it('--max-instructions out of range names the option, not an internal field', async () => {
    for (const n of ['0', '99999999999999999999']) {
      for (const cmd of ['report', 'open']) {
        expect(await run([cmd, `${FIX}mips-null/oops.txt`, '--max-instructions', n])).toEqual({ status: 2, out: '', err: `oopsreplay: --max-instructions expects a whole number from 1 to 9007199254740991, got '${n}'\n` });
      }
    }
  });

  it('an ELF file cut inside its identification is truncated, not "not an ELF file"', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const ko = `${mkdtempSync('/tmp/oopsreplay-qa-')}/cut.ko`;
    writeFileSync(ko, readFileSync(`${FIX}mips-null/oopsreplay_null.ko`).subarray(0, 10));
    expect(await run(['report', `${FIX}mips-null/oops.txt`, '--module', ko])).toEqual({
      status: 2, out: '', err: `oopsreplay: ${ko}: truncated or corrupt file: the ELF identification lies at 0x0..0x10 but the file has 0xa bytes; give the complete file\n`,
    });
  });
});

describe('an arm64 fault address with its top byte cleared by the kernel', () => {
  it('is said next to the address the instruction used, not left as a second, different address', async () => {
    const text = await run(['report', `${FIX}arm64-chain/oops.txt`]);
    expect(text.out).toContain('ldr w0, [x0, #20]        reads 0x5a5a5a5a5a5a5a6c = x0 + 0x14 (the oops prints 0x5a5a5a5a5a5a6c: arm64 reports a user-half address with its top byte cleared)\n');
    const md = await run(['report', `${FIX}arm64-list/oops.txt`, '--markdown']);
    expect(md.out).toContain('reads `0x6b6b6b6b6b6b6b78` (the oops prints `0x6b6b6b6b6b6b78`: arm64 reports a user-half address with its top byte cleared)\n');
    // The JSON keeps the contract's fault.address: what the oops says.
    const json = await run(['report', `${FIX}arm64-chain/oops.txt`, '--json']);
    expect((JSON.parse(json.out) as { fault: { address: string } }).fault.address).toBe('0x5a5a5a5a5a5a6c');
  });

  it('changes nothing where the oops prints the whole address', async () => {
    const text = await run(['report', `${FIX}arm64-null/oops.txt`]);
    expect(text.out).toContain('reads 0x14 = x2 + 0x14\n');
  });
});

describe('oopses with nothing at the pc to reconstruct', () => {
  const CORPUS = new URL('../../shared/corpus/oops/', import.meta.url).pathname;

  it('a jump to address 0 says so, instead of asking for a Code: line or an image', async () => {
    for (const log of ['mips/ar9331-ftrace-boot-epc-zero.txt', 'arm64/syzbot-read-cache-folio-pc-null.txt']) {
      expect(await run(['report', `${CORPUS}${log}`])).toEqual({
        status: 2, out: '',
        err: 'oopsreplay: the CPU faulted fetching its next instruction at 0x0 (a call or jump through a bad pointer): there is no code at the pc to reconstruct; the caller that jumped there is the return address or the next call trace frame\n',
      });
    }
  });

  it('a log rewritten without offsets says why its Code: words cannot be placed (was "no function of the image contains 0x8699f200")', async () => {
    expect(await run(['report', `${CORPUS}mips/ath79-batman-adv-decode-stacktrace.txt`])).toEqual({
      status: 2, out: '',
      err: 'oopsreplay: the oops names batadv_netlink_set_mesh without an offset (a log rewritten by decode_stacktrace.sh?), so its Code: words cannot be placed in the function; give the log as the kernel printed it, or batman_adv.ko (--module)\n',
    });
  });
});

describe('the nominal placement warning of a Code: line', () => {
  it('names the offset the oops printed (it said "account_drop+offset")', async () => {
    const r = await run(['report', `${FIX}arm64-null/oops.txt`, '--json']);
    expect((JSON.parse(r.out) as { warnings: string[] }).warnings).toContain('the oops prints no pc address, only account_drop+0x1c: the function is placed at the nominal address 0xffff800008000000: offsets are exact, addresses are not');
  });
});

describe('--endian against a kernel file', () => {
  it('is refused when it contradicts the ELF header (it was silently ignored, or used for the Code: words)', async () => {
    expect(await run(['report', `${FIX}mips-null/oops.txt`, '--module', `${FIX}mips-null/oopsreplay_null.ko`, '--endian', 'little'])).toEqual({
      status: 2, out: '', err: `oopsreplay: --endian little contradicts ${FIX}mips-null/oopsreplay_null.ko, which is big-endian; drop --endian, or give the files of the machine that crashed\n`,
    });
    expect((await run(['report', `${FIX}mips-chain/oops.txt`, '--vmlinux', `${FIX}kernels/mips/vmlinux`, '--endian', 'little'])).status).toBe(2);
    expect((await run(['report', `${FIX}mips-null/oops.txt`, '--module', `${FIX}mips-null/oopsreplay_null.ko`, '--endian', 'big'])).status).toBe(0);
  });
});

describe('a log with several oopses', () => {
  it('the report says which one it is on and that there are others; parse refuses --all with --index', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const log = `${mkdtempSync('/tmp/oopsreplay-qa-')}/two.txt`;
    writeFileSync(log, readFileSync(`${FIX}mips-null/oops.txt`, 'utf8') + readFileSync(`${FIX}arm64-null/oops.txt`, 'utf8'));
    const r = await run(['report', log, '--index', '1', '--json']);
    const rep = JSON.parse(r.out) as { crash: { arch: string }; warnings: string[] };
    expect(rep.crash.arch).toBe('aarch64');
    expect(rep.warnings[0]).toBe('the log holds 2 oopses; this is #1, counting from 0 (--index N reports another)');
    const one = await run(['report', `${FIX}mips-null/oops.txt`, '--json']);
    expect((JSON.parse(one.out) as { warnings: string[] }).warnings.some((w) => w.includes('oopses'))).toBe(false);
    expect(await run(['parse', log, '--all', '--index', '1'])).toEqual({ status: 2, out: '', err: 'oopsreplay: choose one of --all and --index\n' });
  });
});
