/** The one place oopsreplay talks to Unicorn and Capstone. */
export { type Arch, ARCHES, ARCH_INFO, isArch, wrapAddress } from './arch.js';
export { disassemble, disassembleWord, type DisassembledInstruction } from './disasm.js';
export { CpuContext, Engine } from './engine.js';
export { UnicornError } from './errors.js';
export { LIBRARY_ENV, loadUnicorn, openUnicorn } from './ffi.js';
export { type Provenance, type Region, PAGE_SIZE } from './memory.js';
export { defaultRegisterAccess, type RegisterAccess, type RegisterAccessProvider } from './register-access.js';
export { registerFile, MIPS_GPR_NAMES, type RegisterInfo } from './registers.js';
export { mipsHasDelaySlot } from './delay-slot.js';
export {
  type Access,
  DEFAULT_LIMITS,
  type EngineOptions,
  type Fault,
  type LimitKind,
  type Limits,
  type MemoryAccessRecord,
  type MemoryProvider,
  type PageFill,
  type PageRequest,
  type RegisterWrite,
  type RunOptions,
  type RunResult,
  type StopReason,
  type TraceRecord,
} from './types.js';
