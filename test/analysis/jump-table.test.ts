/**
 * Jump tables of the committed fixture kernels (fixtures/kernels/{mips,mipsel,arm64}/vmlinux). Each case's
 * dispatch was read off `mips-linux-gnu-objdump -d` / `aarch64-linux-gnu-objdump -d` of those files:
 * the jump, the table address (`lui`+`addiu`, `adrp`+`add`), the bound (`sltiu tX,idx,N`+`beqz`,
 * `cmp wIdx,#N-1`+`b.hi`) and, on arm64, the `adr` anchor the entries are relative to. The expected
 * targets are then computed here from the table's bytes in the file (read at the .rodata file offset
 * `readelf -S` gives), not by the code under test.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCfg, pathsTo } from '../../src/analysis/cfg.js';
import { functionCode } from '../../src/analysis/function-code.js';
import type { FunctionCode } from '../../src/analysis/types.js';
import { findFunction, loadVmlinux, parseSymbolSpec } from '../../src/image/index.js';
import { isaFor } from '../../src/isa/index.js';
import { parseOops } from '../../src/oops/index.js';
import { analyse } from '../../src/pipeline.js';

const KERNELS = new URL('../../fixtures/kernels/', import.meta.url).pathname;

/** `readelf -SW`: .rodata's address and file offset in each kernel. */
const RODATA = {
  mips: { file: `${KERNELS}mips/vmlinux`, address: 0x80392000n, offset: 0x293000 },
  arm64: { file: `${KERNELS}arm64/vmlinux`, address: 0xffffffc008270000n, offset: 0x280000 },
  mipsel: { file: `${KERNELS}mipsel/vmlinux`, address: 0x802af000n, offset: 0x1b0000 },
};

function rodata(arch: keyof typeof RODATA, address: bigint, length: number): Buffer {
  const k = RODATA[arch];
  const fd = openSync(k.file, 'r');
  try {
    const out = Buffer.alloc(length);
    readSync(fd, out, 0, length, k.offset + Number(address - k.address));
    return out;
  } finally {
    closeSync(fd);
  }
}

/** MIPS: N words in the kernel's byte order, each a case's address. */
function mipsCases(table: bigint, entries: number, arch: 'mips' | 'mipsel' = 'mips'): bigint[] {
  const b = rodata(arch, table, 4 * entries);
  return distinct(Array.from({ length: entries }, (_, i) => BigInt(arch === 'mips' ? b.readUInt32BE(4 * i) : b.readUInt32LE(4 * i))));
}

/** arm64: N signed bytes or halfwords, each a case's distance from the anchor in instructions. */
function arm64Cases(table: bigint, entries: number, entry: 1 | 2, anchor: bigint): bigint[] {
  const b = rodata('arm64', table, entry * entries);
  return distinct(Array.from({ length: entries }, (_, i) => anchor + 4n * BigInt(entry === 1 ? b.readInt8(i) : b.readInt16LE(2 * i))));
}

const distinct = (xs: bigint[]): bigint[] => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function code(arch: keyof typeof RODATA, name: string): FunctionCode {
  const image = loadVmlinux(RODATA[arch].file, { pc: null, symbol: parseSymbolSpec(name) });
  const isa = isaFor(image.arch, image.endian === 'big' ? 'be' : 'le');
  return functionCode(image, findFunction(image, image.ranges[0]!.address), isa);
}

const CASES: { arch: keyof typeof RODATA; fn: string; jumps: { at: bigint; expected: () => bigint[]; note: string }[] }[] = [
  {
    arch: 'mips', fn: '__compute_return_epc_for_insn', jumps: [
      // srl v0,a1,0x1a; sltiu a2,v0,30; beqz a2; lui a2,0x8039; addiu a2,a2,8544; lw v0,0(v0); jr v0
      { at: 0x80100fccn, expected: () => mipsCases(0x80392160n, 30), note: 'index = insn >> 26' },
      // ext v0,a1,0x10,0x5; sltiu a2,v0,20; ...; addiu a2,a2,8664
      { at: 0x801010ccn, expected: () => mipsCases(0x803921d8n, 20), note: 'index = bits 16..20 (ext)' },
    ],
  },
  {
    arch: 'mips', fn: 'arch_ptrace', jumps: [
      // addiu v0,a1,-1; sltiu a0,v0,25; beqz a0; ...; addiu v0,v0,8944
      { at: 0x8010521cn, expected: () => mipsCases(0x803922f0n, 25), note: 'index = request - 1' },
      // addiu a1,v1,-64; sltiu a3,a1,14; bnez a3,8010529c (taken into the dispatch block); addiu v0,v0,9044
      { at: 0x801052b0n, expected: () => mipsCases(0x80392354n, 14), note: 'bound checked in another block' },
      // addiu a0,v1,-64; sltiu a3,a0,14; beqz a3; ...; addiu v0,v0,9100
      { at: 0x8010540cn, expected: () => mipsCases(0x8039238cn, 14), note: 'a third switch' },
    ],
  },
  {
    arch: 'mips', fn: 'dev_ethtool', jumps: [
      // sltiu v1,v0,55; beqz v1; sll v1,v0,0x2; lui v0,0x803b; addiu v0,v0,-3996
      { at: 0x802f1274n, expected: () => mipsCases(0x803af064n, 55), note: 'the ethtool command switch' },
      // addiu s3,s3,-1; sltiu v0,s3,19; beqz v0; ...; addiu v0,v0,-3776
      { at: 0x802f1414n, expected: () => mipsCases(0x803af140n, 19), note: 'a second switch' },
    ],
  },
  {
    arch: 'mips', fn: 'vsnprintf', jumps: [
      // lui s7,0x803b; addiu s7,s7,18968 before the format loop; in it: sltiu v0,v1,8; beqz v0; sll; addu v1,s7,v1; lw; jr v0
      { at: 0x8038305cn, expected: () => mipsCases(0x803b4a18n, 8), note: 'table address kept in s7 across the loop' },
      // andi v1,v1,0xff; sltiu v0,v1,11; beqz v0; lui v0,0x803b; sll; addiu v0,v0,19000
      { at: 0x80383350n, expected: () => mipsCases(0x803b4a38n, 11), note: 'a second switch' },
    ],
  },
  {
    arch: 'mipsel', fn: 'do_syslog', jumps: [
      // little-endian: sltiu v0,s3,11; beqz v0; lui v0,0x802b; sll s3,s3,0x2; addiu v0,v0,2176; addu; lw; jr v0
      { at: 0x80149490n, expected: () => mipsCases(0x802b0880n, 11, 'mipsel'), note: 'little-endian entries' },
    ],
  },
  {
    arch: 'arm64', fn: 'do_syslog', jumps: [
      // cmp w21,#0xa; b.hi; adrp x0,..277000; add x0,x0,#0x2d8; ldrh w0,[x0,w21,uxtw #1]; adr x21,..55258; add x0,x21,w0,sxth #2
      { at: 0xffffffc008055254n, expected: () => arm64Cases(0xffffffc0082772d8n, 11, 2, 0xffffffc008055258n), note: 'halfword entries' },
    ],
  },
  {
    arch: 'arm64', fn: 'prctl_set_mm', jumps: [
      // sub w0,w21,#0x1; cmp w0,#0xa; b.hi; adrp x1,..276000; add x1,x1,#0xbd4; ldrb w1,[x1,w0,uxtw]; adr x0,..2dd1c; add x1,x0,w1,sxtb #2
      { at: 0xffffffc00802dd18n, expected: () => arm64Cases(0xffffffc008276bd4n, 11, 1, 0xffffffc00802dd1cn), note: 'byte entries' },
    ],
  },
  {
    arch: 'arm64', fn: 'dev_ethtool', jumps: [
      // sub w1,w23,#0x1b; cmp w1,#0x36; b.hi; adrp x0,..29a000; add x0,x0,#0xb10; ldrh; adr x1,..1de5c4
      { at: 0xffffffc0081de5c0n, expected: () => arm64Cases(0xffffffc00829ab10n, 0x37, 2, 0xffffffc0081de5c4n), note: 'the ethtool command switch' },
      // sub w23,w23,#0x1; cmp w23,#0x12; b.hi; add x0,x0,#0xb80; ldrh; adr x23,..1de718
      { at: 0xffffffc0081de714n, expected: () => arm64Cases(0xffffffc00829ab80n, 0x13, 2, 0xffffffc0081de718n), note: 'a second switch' },
    ],
  },
];

describe('jump tables in the fixture kernels', () => {
  for (const c of CASES) {
    it(`${c.arch} ${c.fn}: every table resolves to the cases its entries name`, () => {
      const fn = code(c.arch, c.fn);
      const cfg = buildCfg(fn);
      expect(cfg.unresolved).toEqual([]);
      for (const j of c.jumps) {
        const expected = j.expected();
        expect(expected.every((t) => t >= fn.start && t < fn.end), j.note).toBe(true);
        expect(cfg.jumpTables.get(j.at), j.note).toEqual(expected);
        expect(cfg.successors.get(j.at), j.note).toEqual(expected);
      }
      expect(cfg.jumpTables.size).toBe(c.jumps.length);
    });
  }

  it('leaves the jumps alone without constant data, and a tail call through a loaded pointer unresolved', () => {
    const fn = code('mips', 'arch_ptrace');
    const { readData: _, ...plain } = fn;
    const cfg = buildCfg(plain);
    expect(cfg.jumpTables.size).toBe(0);
    expect(cfg.unresolved).toEqual([0x8010521cn, 0x801052b0n, 0x8010540cn]);
    // tty_ioctl ends in `jr t9` tail calls through tty->ops: no table, no bound.
    const tty = buildCfg(code('mips', 'tty_ioctl'));
    expect(tty.jumpTables.size).toBe(0);
    expect(tty.unresolved.length).toBe(2);
    // The interpreter's `goto *jumptable[insn->code]` has no bound check: the index is any byte.
    const bpf = buildCfg(code('arm64', '___bpf_prog_run'));
    expect(bpf.jumpTables.size).toBe(0);
    expect(bpf.unresolved).toEqual([bpf.code.start + 0x34n]);
  });

  it('gives a case block paths from the entry', () => {
    // arch_ptrace+0x88 is the PTRACE_PEEKUSR case (table entry 2): only the jump leads there.
    const fn = code('mips', 'arch_ptrace');
    const { readData: _, ...plain } = fn;
    const fault = 0x80105260n;
    expect(pathsTo(buildCfg(plain), fault).paths.some((p) => p.fromEntry)).toBe(false);
    const found = pathsTo(buildCfg(fn), fault).paths;
    expect(found.some((p) => p.fromEntry && p.nodes.includes(0x8010521cn))).toBe(true);
  });
});

/**
 * arch_ptrace called with child == NULL for PTRACE_PEEKUSR (request 3): the case reads
 * child->stack (`lw a0,4(t0)` at +0x88) and faults at 0x4. The registers are what the code before
 * the fault leaves: t0 = child, v0 = the case address read from the table, a0 = 4 * (request - 1),
 * v1 = addr, a2 = a3 = data, sp 24 below the caller's; ra is __se_sys_ptrace's call.
 */
const PEEKUSR_OOPS = `CPU 0 Unable to handle kernel paging request at virtual address 00000004, epc == 80105260, ra == 801263d8
Oops[#1]:
CPU: 0 PID: 14 Comm: init Not tainted 6.1.192 #3
$ 0   : 00000000 00000001 80105260 00000010
$ 4   : 00000008 00000003 7fff1000 7fff1000
$ 8   : 00000000 00000000 00000000 00000000
$12   : 00000000 00000000 00000000 00000000
$16   : 00000000 00000000 00000000 00000000
$20   : 00000000 00000000 00000000 00000000
$24   : 00000000 00000000
$28   : 8156e000 8156fd58 00000000 801263d8
Hi    : 00000000
Lo    : 00000000
epc   : 80105260 arch_ptrace+0x88/0x398
ra    : 801263d8 __se_sys_ptrace+0x350/0x3e0
Status: 1000a403	KERNEL EXL IE
Cause : 00800008 (ExcCode 02)
BadVA : 00000004
PrId  : 00019300 (MIPS 24Kc)
Modules linked in:
Process init (pid: 14, threadinfo=(ptrval), task=(ptrval), tls=00000000)
Call Trace:
[<80105260>] arch_ptrace+0x88/0x398
[<801263d8>] __se_sys_ptrace+0x350/0x3e0
`;

describe('analysis through a jump table', () => {
  it('reconstructs a fault in a switch case from the function entry', () => {
    const a = analyse(parseOops(PEEKUSR_OOPS), { vmlinux: RODATA.mips.file });
    const rec = a.reconstruction;
    expect(rec.paths.some((p) => p.pcs[0] === a.code.start && p.pcs.includes(0x8010521cn))).toBe(true);
    expect(rec.warnings.some((w) => w.includes('jumps through registers'))).toBe(false);
    expect(rec.fault.base).toBe('t0');
    // t0 holds the first argument (child), copied at +0x8, before the switch.
    expect(rec.enteredAs).toBe('a0');
    expect(a.report.chain.map((s) => s.pc)).toEqual(['0x80105260', '0x801051e0', null]);
    expect(a.report.origin.kind).toBe('argument');
    // Unicorn runs the dispatch itself from the entry (the table read included) to the fault.
    expect(a.replay.reproduced).toBe(true);
    expect(a.plan.start).toBe(a.code.start);
  });

  // The table is the kernel's constant data: the case address the path read from it must agree with
  // the dump, and the dump's registers must agree with each other through the index.
  it('rules a path out when the dump disagrees with the table the vmlinux holds', () => {
    const wrongCase = PEEKUSR_OOPS.replace('$ 0   : 00000000 00000001 80105260 00000010', '$ 0   : 00000000 00000001 8010524c 00000010');
    const a = analyse(parseOops(wrongCase), { vmlinux: RODATA.mips.file });
    expect(a.report.warnings).toContain(
      "no path to the fault agrees with the dump; the closest one still contradicts it: v0 = 0x8010524c in the dump, but 0x80105218 reads 0x80105260 there, from the kernel's constant data at 0x803922f8",
    );
  });

  it('rules a path out when a register the dump gives contradicts an expression fact learnt before it', () => {
    // a1 = 1 (request 1) while a0 = 4 * (a1 - 1) = 8 says request 3.
    const wrongRequest = PEEKUSR_OOPS.replace('$ 4   : 00000008 00000003 7fff1000 7fff1000', '$ 4   : 00000008 00000001 7fff1000 7fff1000');
    const a = analyse(parseOops(wrongRequest), { vmlinux: RODATA.mips.file });
    expect(a.report.warnings).toContain('no path to the fault agrees with the dump; the closest one still contradicts it: a0 = 0x8 in the dump, but this path computes a1 - 1 << 2 = 0x0');
  });
});
