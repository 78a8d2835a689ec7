/** The one place oopsreplay talks to Unicorn and Capstone. */
export { type Arch, ARCHES, ARCH_INFO, isArch, wrapAddress } from './arch.js';
export { disassemble, disassembleWord, type DisassembledInstruction } from './disasm.js';
