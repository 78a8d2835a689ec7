/**
 * Loading Capstone 5 (`@alexaltea/capstone-js`, WASM) and the two ways we use it: the wrapper's
 * `disasm` for text (detail off), and raw `cs_disasm` + `cs_regs_access` on a detail-on handle
 * for the registers an instruction reads and writes (the wrapper's detail parser uses Capstone 4
 * offsets, so we never let it see a detail-on handle's output).
 */
import { createRequire } from 'node:module';
import type { Arch } from './arch.js';

export interface CapstoneInstruction {
  size: number;
  mnemonic: string;
  op_str: string;
}

export interface CapstoneHandle {
  handle_ptr: number;
  disasm(bytes: number[], address: bigint, count?: number): CapstoneInstruction[];
  option(option: number, value: number): void;
  close(): void;
}

interface CapstoneModule {
  Capstone: new (arch: number, mode: number) => CapstoneHandle;
  ARCH_ARM64: number;
  ARCH_MIPS: number;
  MODE_ARM: number;
  MODE_32: number;
  MODE_BIG_ENDIAN: number;
  OPT_DETAIL: number;
  OPT_ON: number;
  _malloc(size: number): number;
  _free(pointer: number): void;
  getValue(pointer: number, type: 'i8' | 'i16' | 'i32'): number;
  writeArrayToMemory(bytes: ArrayLike<number>, pointer: number): void;
  ccall(name: string, returns: 'number' | 'string' | null, types: string[], args: unknown[]): unknown;
}

const require = createRequire(import.meta.url);
const loadCapstone = require('@alexaltea/capstone-js') as () => Promise<CapstoneModule>;
const cs = await loadCapstone();

function open(arch: Arch): CapstoneHandle {
  switch (arch) {
    case 'aarch64':
      return new cs.Capstone(cs.ARCH_ARM64, cs.MODE_ARM);
    case 'mips32be':
      return new cs.Capstone(cs.ARCH_MIPS, cs.MODE_32 + cs.MODE_BIG_ENDIAN);
    case 'mips32le':
      return new cs.Capstone(cs.ARCH_MIPS, cs.MODE_32);
  }
}

// One handle of each kind per machine for the life of the process: opening costs more than decoding.
const textHandles = new Map<Arch, CapstoneHandle>();
const detailHandles = new Map<Arch, number>();

export function textHandle(arch: Arch): CapstoneHandle {
  let handle = textHandles.get(arch);
  if (handle === undefined) {
    handle = open(arch);
    textHandles.set(arch, handle);
  }
  return handle;
}

function detailHandle(arch: Arch): number {
  let raw = detailHandles.get(arch);
  if (raw === undefined) {
    const handle = open(arch);
    handle.option(cs.OPT_DETAIL, cs.OPT_ON);
    raw = cs.getValue(handle.handle_ptr, 'i32');
    detailHandles.set(arch, raw);
  }
  return raw;
}

export interface CapstoneAccess {
  readonly mnemonic: string;
  readonly operands: string;
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

// Scratch memory inside the WASM heap, allocated once: code (4), cs_insn ** (4), two cs_regs
// arrays (uint16_t[64]) and their counts.
const scratch = {
  code: cs._malloc(4),
  insn: cs._malloc(4),
  reads: cs._malloc(128),
  readCount: cs._malloc(4),
  writes: cs._malloc(128),
  writeCount: cs._malloc(4),
};

function names(handle: number, array: number, countPointer: number): string[] {
  const count = cs.getValue(countPointer, 'i8') & 0xff;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = cs.getValue(array + 2 * i, 'i16') & 0xffff;
    out.push(cs.ccall('cs_reg_name', 'string', ['number', 'number'], [handle, id]) as string);
  }
  return out;
}

/**
 * Capstone's own answer to "which registers does this instruction read and write" (its names,
 * e.g. `w0`, `nzcv`, `lr`), or null if it cannot decode the word or has no answer for the machine
 * (Capstone 5 implements cs_regs_access for AArch64 but not for MIPS).
 */
export function capstoneAccess(arch: Arch, bytes: Uint8Array): CapstoneAccess | null {
  const handle = detailHandle(arch);
  cs.writeArrayToMemory(bytes.subarray(0, 4), scratch.code);
  const count = cs.ccall(
    'cs_disasm',
    'number',
    ['number', 'number', 'number', 'number', 'number', 'number'],
    [handle, scratch.code, 4, 0n, 1, scratch.insn],
  ) as number;
  if (count !== 1) return null;
  const insn = cs.getValue(scratch.insn, 'i32');
  try {
    const status = cs.ccall(
      'cs_regs_access',
      'number',
      ['number', 'number', 'number', 'number', 'number', 'number'],
      [handle, insn, scratch.reads, scratch.readCount, scratch.writes, scratch.writeCount],
    );
    if (status !== 0) return null;
    // cs_insn (Capstone 5, wasm32): id u32 @0, address u64 @8, size u16 @16, bytes[24] @18,
    // mnemonic[32] @42, op_str[160] @74.
    const text = (offset: number, max: number): string => {
      let out = '';
      for (let i = 0; i < max; i++) {
        const c = cs.getValue(insn + offset + i, 'i8') & 0xff;
        if (c === 0) break;
        out += String.fromCharCode(c);
      }
      return out;
    };
    return {
      mnemonic: text(42, 32),
      operands: text(74, 160),
      reads: names(handle, scratch.reads, scratch.readCount),
      writes: names(handle, scratch.writes, scratch.writeCount),
    };
  } finally {
    cs.ccall('cs_free', null, ['number', 'number'], [insn, count]);
  }
}
