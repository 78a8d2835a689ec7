export * from './expr.js';
export * from './build.js';
export * from './simplify.js';
export * from './partial.js';
export * from './eval.js';
export * from './stmt.js';
export * from './state.js';
export { printExpr, printStmt } from './print.js';
