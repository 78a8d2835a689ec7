/**
 * The machines the emulator and disassembler know. MIPS is 32-bit (the 24Kc routers) in both byte
 * orders; AArch64 is little-endian. Adding a machine starts here: every table keyed by `Arch`
 * then fails to compile until it has an entry.
 */
export type Arch = 'mips32be' | 'mips32le' | 'aarch64';

export const ARCHES: readonly Arch[] = ['mips32be', 'mips32le', 'aarch64'];

export interface ArchInfo {
  /** Address width in bits: MIPS32 addresses wrap at 2^32. */
  readonly addressBits: 32 | 64;
  readonly littleEndian: boolean;
  /** Every instruction of these machines is one 32-bit word. */
  readonly instructionBytes: 4;
}

export const ARCH_INFO: Readonly<Record<Arch, ArchInfo>> = {
  mips32be: { addressBits: 32, littleEndian: false, instructionBytes: 4 },
  mips32le: { addressBits: 32, littleEndian: true, instructionBytes: 4 },
  aarch64: { addressBits: 64, littleEndian: true, instructionBytes: 4 },
};

export function isArch(name: string): name is Arch {
  return (ARCHES as readonly string[]).includes(name);
}

/** Reduce an address to the machine's width (a sign-extended MIPS address becomes 32-bit). */
export function wrapAddress(arch: Arch, address: bigint): bigint {
  return BigInt.asUintN(ARCH_INFO[arch].addressBits, address);
}

/** Read one instruction word from `bytes` at `offset` in the machine's byte order. */
export function readWord(arch: Arch, bytes: Uint8Array, offset: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(offset, ARCH_INFO[arch].littleEndian);
}
