export { decode, readWord, branchTarget, jumpTarget, hasDelaySlot, isLikely, simm, type MipsInsn } from './decode.js';
export { ENCODINGS, type Encoding, type Group } from './encodings.js';
export { formatInsn, formatParts } from './print.js';
export { MIPS_REGISTERS, GPR_NAMES, cp0Name, type GprName } from './registers.js';
export { lift, liftUnit, LIFTED_FORMS } from './lift/index.js';
