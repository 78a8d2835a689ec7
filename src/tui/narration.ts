/** One plain sentence or two about what the current step does, for the narration line. */
import type { Labels } from './i18n.js';
import { hexValue, offsetText, type TraceModel } from './model.js';

export function narrate(model: TraceModel, step: number, l: Labels): string {
  const n = l.narration;
  const s = model.steps[step];
  if (s === undefined) return '';
  const hex = (v: bigint | null): string => (v === null ? n.unknownValue : hexValue(v, model.wordBits));
  if (s.gap) {
    const line = model.lines[model.lineOfStep[step] ?? 0];
    return n.gap(line !== undefined && line.gap ? line.text.replace(/^\.\.\. /, '').split(' ')[0]! : offsetText(s.offset));
  }
  if (step === model.faultStep) {
    return n.fault(s.text, model.fault.access === 'write' ? n.write : n.read, hex(model.fault.address));
  }
  const chainRow = model.chain.find((c) => c.step === step && c.kind !== 'fault');
  if (step === model.originStep && chainRow !== undefined) {
    const from = chainRow.loadAddress;
    return n.origin(s.text, chainRow.register ?? '?', hex(chainRow.value), from === null ? n.notDetermined : hex(from));
  }
  const parts: string[] = [];
  if (chainRow !== undefined) parts.push(n.chain(s.text, chainRow.register ?? '?', hex(chainRow.value)));
  for (const a of s.accesses) {
    const where = a.address === null ? n.notDetermined : hex(a.address);
    parts.push(a.kind === 'read' ? n.reads(a.size, where, hex(a.value)) : n.writes(a.size, where, hex(a.value)));
  }
  const after = model.steps[step + 1] !== undefined ? model.registersAt(step + 1) : [];
  const changed = after.filter((r) => r.changed && r.name !== 'pc').map((r) => `${r.name} = ${r.value !== null ? hex(r.value) : r.expr}`);
  if (changed.length > 0) parts.push(n.sets(changed.join(', ')));
  if (parts.length === 0) return n.nothing(s.text);
  return chainRow !== undefined ? parts.join(' ') : `\`${s.text}\`: ${parts.join(' ')}`;
}
