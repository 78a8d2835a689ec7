/** The Markdown report, for pasting into a bug report or a forum post. */
import { faultAddresses, sourceWords, TOP_BYTE_NOTE, type ReportData } from './model.js';

const code = (s: string | null): string => (s === null || s === '' ? '' : `\`${s.replace(/`/g, "'")}\``);
const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function renderMarkdown(r: ReportData): string {
  const out: string[] = [];
  out.push(`### oopsreplay: ${code(r.crash.message)}`);
  out.push('');
  out.push(`- **Arch / kernel:** ${r.crash.arch}${r.crash.kernelVersion !== null ? `, ${r.crash.kernelVersion}` : ''}`);
  out.push(`- **Function:** ${code(r.function.name)} at ${code(r.function.address)} (${r.function.size} bytes, from ${sourceWords(r.function.source)})`);
  const address = faultAddresses(r);
  out.push(`- **Fault:** ${code(r.fault.instruction)} at ${code(r.fault.pc)} ${r.fault.access}s ${code(address.used)}${address.reported !== null ? ` (the oops prints ${code(address.reported)}: ${TOP_BYTE_NOTE})` : ''}`);
  out.push(`- **Origin (${r.origin.kind}):** ${cell(r.origin.description)}`);
  const assuming = r.assumptions.length > 0 ? ` (assuming ${r.assumptions.map(code).join(', ')})` : '';
  out.push(`- **Replay${assuming}:** ${r.replay.reproduced ? 'reproduced' : 'not reproduced'}: ${r.replay.summary}`);
  out.push('');
  out.push('| # | pc | instruction | what happens to the bad value |');
  out.push('|---|----|-------------|-------------------------------|');
  r.chain.forEach((c, i) => out.push(`| ${i + 1} | ${code(c.pc)} | ${code(c.instruction)} | ${cell(c.sentence)} |`));
  for (const f of r.frames) {
    out.push('');
    out.push(`**Up one frame:** ${code(f.register)} at the call in ${code(f.function)} (${code(f.callSite)}): ${cell(f.origin.description)}`);
    f.chain.forEach((c, i) => out.push(`${i + 1}. ${c.pc === null ? '' : `${code(c.pc)} ${code(c.instruction)}: `}${c.sentence}`));
    if (f.unknowns.length > 0) out.push('', ...f.unknowns.map((u) => `- ${u}`));
  }
  if (r.framesStop !== null) out.push('', `**The chain stops:** ${r.framesStop}.`);
  if (r.paths.examined > 1) {
    out.push('', `**Paths to the fault:** ${r.paths.examined} examined, ${r.paths.fitting} fit the dump${r.paths.ruledOut.length > 0 ? '; ruled out by the dump:' : '.'}`);
    for (const why of r.paths.ruledOut) out.push(`- ${why}`);
  }
  if (r.unknowns.length > 0) {
    out.push('');
    out.push('**Unknown:**');
    for (const u of r.unknowns) out.push(`- ${u}`);
  }
  if (r.warnings.length > 0) {
    out.push('');
    out.push('**Warnings:**');
    for (const w of r.warnings) out.push(`- ${w}`);
  }
  return out.join('\n');
}
