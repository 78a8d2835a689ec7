/**
 * Registers by canonical name (DESIGN.md contract), one table per machine, mapped to Unicorn ids
 * from the generated header constants. `traced` registers are the ones a trace diffs after every
 * instruction; the rest (aliases such as nzcv) can still be read and written by name.
 */
import type { Arch } from './arch.js';
import { UC_ARM64_REG, UC_MIPS_REG } from './unicorn-constants.js';
import { GPR_NAMES as MIPS_GPR_NAMES } from '../src/isa/mips/registers.js';

export { MIPS_GPR_NAMES };

export interface RegisterInfo {
  readonly name: string;
  readonly id: number;
  readonly bits: 32 | 64;
  readonly traced: boolean;
}

function mipsRegisters(): RegisterInfo[] {
  const gprs = MIPS_GPR_NAMES.map((name, index) => ({ name, id: UC_MIPS_REG['0'] + index, bits: 32 as const, traced: true }));
  return [
    ...gprs,
    { name: 'hi', id: UC_MIPS_REG.HI, bits: 32, traced: true },
    { name: 'lo', id: UC_MIPS_REG.LO, bits: 32, traced: true },
    { name: 'pc', id: UC_MIPS_REG.PC, bits: 32, traced: false },
    // Unicorn 2.0.1 exposes no EPC, BadVAddr or Cause: a Fault carries them (pc, address, delaySlot).
    { name: 'status', id: UC_MIPS_REG.CP0_STATUS, bits: 32, traced: false },
  ];
}

function aarch64Registers(): RegisterInfo[] {
  const xs: RegisterInfo[] = [];
  for (let index = 0; index <= 28; index++) xs.push({ name: `x${index}`, id: UC_ARM64_REG.X0 + index, bits: 64, traced: true });
  return [
    ...xs,
    { name: 'x29', id: UC_ARM64_REG.X29, bits: 64, traced: true },
    { name: 'x30', id: UC_ARM64_REG.X30, bits: 64, traced: true },
    { name: 'sp', id: UC_ARM64_REG.SP, bits: 64, traced: true },
    { name: 'pstate', id: UC_ARM64_REG.PSTATE, bits: 32, traced: true },
    { name: 'nzcv', id: UC_ARM64_REG.NZCV, bits: 32, traced: false },
    { name: 'pc', id: UC_ARM64_REG.PC, bits: 64, traced: false },
  ];
}

/** Other spellings users and disassemblers use, resolved to the canonical name. */
const ALIASES: Readonly<Record<Arch, Readonly<Record<string, string>>>> = {
  mips32be: { fp: 's8', r0: 'zero' },
  mips32le: { fp: 's8', r0: 'zero' },
  aarch64: { fp: 'x29', lr: 'x30' },
};

export interface RegisterFile {
  readonly all: readonly RegisterInfo[];
  readonly traced: readonly RegisterInfo[];
  lookup(name: string): RegisterInfo | undefined;
}

function build(arch: Arch): RegisterFile {
  const all = arch === 'aarch64' ? aarch64Registers() : mipsRegisters();
  const byName = new Map(all.map((reg) => [reg.name, reg]));
  if (arch !== 'aarch64') for (let n = 0; n < 32; n++) byName.set(`$${n}`, all[n] as RegisterInfo);
  return {
    all,
    traced: all.filter((reg) => reg.traced),
    lookup(name) {
      const lower = name.toLowerCase().replace(/^\$(?=[a-z])/, '');
      return byName.get(ALIASES[arch][lower] ?? lower);
    },
  };
}

const FILES = new Map<Arch, RegisterFile>();
export function registerFile(arch: Arch): RegisterFile {
  let file = FILES.get(arch);
  if (file === undefined) {
    file = build(arch);
    FILES.set(arch, file);
  }
  return file;
}
