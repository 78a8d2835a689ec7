/** The plain-text report: one sentence per step of the chain, the instruction beside it. */
import { faultAddresses, faultOperand, sourceWords, TOP_BYTE_NOTE, type ReportData } from './model.js';

function symbol(r: ReportData): string {
  const s = r.crash.pcSymbol;
  if (s === null) return r.function.name;
  return `${s.function}${s.offset !== null ? `+${s.offset}` : ''}${s.size !== null ? `/${s.size}` : ''}${s.module !== null ? ` [${s.module}]` : ''}`;
}

export function renderText(r: ReportData): string {
  const out: string[] = [];
  const where = `${symbol(r)}, ${r.crash.arch}${r.crash.kernelVersion !== null ? ` ${r.crash.kernelVersion}` : ''}`;
  out.push(`${r.crash.message}`);
  out.push(`Crash in ${where}; code from ${sourceWords(r.function.source)} (${r.function.name} at ${r.function.address}, ${r.function.size} bytes).`);
  out.push('');
  out.push('The faulting instruction');
  const operand = faultOperand(r.fault);
  const address = faultAddresses(r);
  out.push(`  ${r.fault.pc}  ${r.fault.instruction.padEnd(24)} ${r.fault.access}s ${address.used}${operand !== null ? ` = ${operand}` : ''}${address.reported !== null ? ` (the oops prints ${address.reported}: ${TOP_BYTE_NOTE})` : ''}`);
  out.push('');
  out.push('Where the bad address came from (from the fault backwards)');
  r.chain.forEach((c, i) => {
    out.push(`  ${String(i + 1).padStart(2)}. ${(c.pc ?? '').padEnd(18)} ${(c.instruction ?? '').padEnd(24)} ${c.sentence}`);
  });
  out.push('');
  out.push(`Origin (${r.origin.kind})`);
  out.push(`  ${r.origin.description}`);
  for (const f of r.frames) {
    out.push('');
    out.push(`Up one frame: ${f.register} at the call in ${f.function} (${f.callSite})`);
    f.chain.forEach((c, i) => out.push(`  ${String(i + 1).padStart(2)}. ${(c.pc ?? '').padEnd(18)} ${(c.instruction ?? '').padEnd(24)} ${c.sentence}`));
    out.push(`  origin (${f.origin.kind}): ${f.origin.description}`);
    for (const u of f.unknowns) out.push(`  - ${u}`);
  }
  if (r.framesStop !== null) {
    out.push('');
    out.push(`The chain stops here: ${r.framesStop}.`);
  }
  if (r.paths.examined > 1) {
    out.push('');
    out.push(`Paths to the fault: ${r.paths.examined} examined, ${r.paths.fitting} fit the dump${r.paths.ruledOut.length > 0 ? '; the dump rules out the others:' : ''}`);
    for (const why of r.paths.ruledOut) out.push(`  - ${why}`);
  }
  if (r.unknowns.length > 0) {
    out.push('');
    out.push('What the dump and the code leave unknown');
    for (const u of r.unknowns) out.push(`  - ${u}`);
  }
  out.push('');
  out.push(`Replay in Unicorn${r.assumptions.length > 0 ? ` (assuming ${r.assumptions.join(', ')})` : ''}`);
  out.push(`  ${r.replay.summary}`);
  if (r.warnings.length > 0) {
    out.push('');
    out.push('Warnings');
    for (const w of r.warnings) out.push(`  ! ${w}`);
  }
  return out.join('\n');
}
