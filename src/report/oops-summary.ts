/** The short human summary of a parsed oops that `oopsreplay parse` prints without --json. */
import { decodeEsr, decodeMipsCause, type CrashReport, type SymbolRef } from '../oops/index.js';

const ANALYSED = new Set(['mips', 'aarch64']);

function symbol(s: SymbolRef | null): string {
  if (s === null) return '(no symbol)';
  const off = s.offset !== null ? `+${s.offset}${s.size !== null ? '/' + s.size : ''}` : '';
  return `${s.function}${off}${s.module !== null ? ` [${s.module}]` : ''}`;
}

function exception(r: CrashReport): string | null {
  if (r.cause !== null && (r.arch === 'mips' || r.arch === 'mips64')) {
    const c = decodeMipsCause(BigInt(r.cause));
    return `Cause ${r.cause}: ExcCode ${c.excCode} (${c.name})${c.branchDelay ? ', in a branch delay slot (BD set: epc is the branch)' : ''}`;
  }
  if (r.esr !== null && r.arch === 'aarch64') {
    const e = decodeEsr(BigInt(r.esr));
    const parts = [`EC 0x${e.ec.toString(16)} ${e.ecName}`, `IL ${e.il} bits`];
    if (e.wnr !== null) parts.push(`WnR ${e.wnr ? 1 : 0}`);
    if (e.fsc !== null) parts.push(`FSC 0x${e.fsc.toString(16).padStart(2, '0')}`);
    return `ESR ${r.esr}: ${parts.join(', ')}`;
  }
  return null;
}

export function formatSummary(r: CrashReport): string {
  const lines = [`${r.message}`];
  lines.push(`  arch       ${r.arch}${ANALYSED.has(r.arch) ? '' : ' (recognised; replay is not supported yet for this architecture)'}`);
  if (r.kernelVersion !== null || r.comm !== null) {
    lines.push(`  kernel     ${r.kernelVersion ?? 'version not printed'}${r.comm !== null ? `, task ${r.comm} (pid ${r.pid ?? '?'})` : ''}${r.cpu !== null ? ` on CPU ${r.cpu}` : ''}`);
  }
  lines.push(`  fault      ${r.access ?? 'unknown access'} at ${r.faultAddress ?? '(address not printed)'}`);
  lines.push(`  pc         ${r.pc ?? '(not printed)'}  ${symbol(r.pcSymbol)}`);
  lines.push(`  ${r.arch === 'aarch64' ? 'lr' : 'ra'}         ${r.ra ?? '(not printed)'}  ${symbol(r.raSymbol)}`);
  const exc = exception(r);
  if (exc !== null) lines.push(`  exception  ${exc}`);
  lines.push(`  registers  ${Object.keys(r.registers).length} printed`);
  if (r.stack !== null) lines.push(`  stack      ${r.stack.words.length} words from sp`);
  if (r.code !== null) {
    const fault = r.code.faultIndex !== null ? r.code.words[r.code.faultIndex] : undefined;
    lines.push(`  code       ${r.code.words.length} words${fault !== undefined ? `, faulting word ${fault ?? '????????'}` : ''}`);
  }
  if (r.callTrace.length > 0) {
    lines.push('  call trace');
    for (const e of r.callTrace) lines.push(`    ${e.address !== null ? `${e.address} ` : ''}${symbol({ function: e.function, offset: e.offset, size: e.size, module: e.module })}`);
  }
  return lines.join('\n');
}
