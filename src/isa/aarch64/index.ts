/** AArch64: decode(word, pc) -> Insn, formatInsn/printInsn, lift(insn) -> LiftedInsn, register table, coverage. */
export { decode } from './decode.js';
export { formatInsn, printInsn, type Printed } from './print.js';
export { lift } from './lift/index.js';
export { liftCoverage, type Coverage, type CoverageRow } from './coverage.js';
export { AARCH64_REGISTERS, CONDITIONS, canonicalName, gprName } from './registers.js';
export { systemRegisterName } from './sysregs.js';
export type * from './types.js';
export { SP, ZR } from './types.js';
