import { describe, expect, it } from 'vitest';
import { colorWanted } from '../../src/tui/run.js';
import { paint } from '../../src/tui/views.js';
import { LABELS } from '../../src/tui/i18n.js';
import { commandForKey, KEY_TABLE, type Command } from '../../src/tui/keys.js';
import { actionForKey, initialState, reduce, type Action, type TuiState } from '../../src/tui/reducer.js';
import { MIPS_SEED, seedModel } from './helpers.js';

const model = seedModel(MIPS_SEED);
const l = LABELS.en;
const run = (state: TuiState, ...actions: Action[]): TuiState => actions.reduce((s, a) => reduce(s, a, model, l), state);
const cmd = (command: Command): Action => ({ type: 'command', command });
const typed = (text: string): Action[] => [cmd('open-command'), ...[...text].map((c) => ({ type: 'type', text: c }) as Action), { type: 'submit' }];
const at = (step: number): TuiState => ({ ...initialState(model), step });

describe('the reducer on the MIPS seed (__copy_skb_header)', () => {
  it('opens at the fault, steps back and forward, and stays inside the trace', () => {
    const s0 = initialState(model);
    expect(model.steps[s0.step]!.text).toBe('ll v1,0(v0)');
    expect(s0.step).toBe(model.faultStep);
    expect(run(s0, cmd('step-forward')).step).toBe(model.faultStep);
    // The branch and its delay slot are one step: one step back from the fault is the branch.
    const back = run(s0, cmd('step-back'));
    expect(model.steps[back.step]!.text).toBe('beqz v0,80260e78');
    expect(model.steps[run(back, cmd('step-back')).step]!.text).toBe('lw v0,84(s0)');
    expect(run(back, cmd('step-forward')).step).toBe(s0.step);
    expect(run(s0, cmd('go-to-start'), cmd('step-back')).step).toBe(0);
    expect(run(at(3), cmd('run-to-fault')).step).toBe(model.faultStep);
  });

  it('jumps to the origin load at +0xb4, not to the same instruction at +0xac', () => {
    const s = run(initialState(model), cmd('go-to-origin'));
    expect(model.steps[s.step]!.offset).toBe(0xb4);
    expect(model.steps[s.step]!.text).toBe('lw v0,84(s0)');
  });

  it('walks the chain steps in trace order and says when there is none further', () => {
    const first = run(at(0), cmd('next-chain'));
    expect(first.step).toBe(model.originStep);
    const second = run(first, cmd('next-chain'));
    expect(second.step).toBe(model.faultStep);
    const none = run(second, cmd('next-chain'));
    expect(none.step).toBe(model.faultStep);
    expect(none.output).toEqual([l.noChain]);
    expect(run(second, cmd('prev-chain')).step).toBe(model.originStep);
  });

  it('toggles the view, the focus, and moves the register selection only in the register pane', () => {
    const s = initialState(model);
    expect(run(s, cmd('toggle-view')).mode).toBe('symbolic');
    expect(run(s, cmd('toggle-view'), cmd('toggle-view')).mode).toBe('concrete');
    expect(run(s, cmd('select-up')).step).toBe(s.step - 1);
    const regs = run(s, cmd('focus-next'), cmd('select-down'), cmd('select-down'));
    expect(regs.focus).toBe('registers');
    expect(regs.step).toBe(s.step);
    expect(regs.selected).toBe(2);
  });

  it('p $s0 at the origin load prints the dump value and its expression', () => {
    const s = run(initialState(model), cmd('go-to-origin'), ...typed('p $s0'));
    expect(s.command).toBeNull();
    expect(s.output[0]).toBe('$s0 = 0x876900c0 (2271805632)  [dump]');
    expect(s.output[1]).toBe('  = s0@gap+0x2c');
    expect(s.history).toEqual(['p $s0']);
  });

  it('x/4wx over the stack dump and the recovered load shows unknown bytes as ??', () => {
    const stack = run(initialState(model), ...typed('x/4wx 0x87c459a0'));
    expect(stack.output[0]).toBe('0x87c459a0:  0x00000000 0x00000000 0x00000000 0x87323e28');
    const edge = run(initialState(model), ...typed('x/2wx 0x87690112'));
    expect(edge.output[0]).toBe('0x87690112:  0x????78dd 0xc304????');
    expect(edge.output[1]).toContain('value loaded at 0x80260e58');
    const nothing = run(initialState(model), ...typed('x/1wx 0x1000'));
    expect(nothing.output).toEqual(['0x00001000:  0x????????', '  the reconstruction knows nothing at these addresses']);
  });

  it('assume leaves a request for the app; the answer records the assumption or the error', () => {
    const asked = run(initialState(model), ...typed('assume mem32[0x87690114]=0x87690000'));
    expect(asked.pendingAssume).toBe('mem32[0x87690114]=0x87690000');
    expect(asked.output).toEqual([l.running]);
    const ok = run(asked, { type: 'assumed', ok: true, lines: ['replayed'] });
    expect(ok.assumptions).toEqual(['mem32[0x87690114]=0x87690000']);
    expect(ok.pendingAssume).toBeNull();
    const bad = run(asked, { type: 'assumed', ok: false, lines: ['no register'] });
    expect(bad.assumptions).toEqual([]);
    expect(bad.output).toEqual(['no register']);
  });

  it('the command line edits, cancels, and answers bad commands in one line', () => {
    const open = run(initialState(model), cmd('open-command'), { type: 'type', text: 'p' }, { type: 'type', text: 'x' }, { type: 'erase' });
    expect(open.command).toBe('p');
    expect(run(open, { type: 'cancel' }).command).toBeNull();
    expect(run(initialState(model), ...typed('frob')).output[0]).toMatch(/^unknown command 'frob'/);
    expect(run(initialState(model), ...typed('p $nope')).output[0]).toMatch(/^no register '\$nope' on mips/);
    expect(run(initialState(model), ...typed('goto +0xb4')).step).toBe(model.originStep);
    expect(run(initialState(model), ...typed('step 0')).step).toBe(0);
  });

  it('quit and help are commands like the others', () => {
    expect(run(initialState(model), cmd('quit')).quit).toBe(true);
    expect(run(initialState(model), cmd('toggle-help')).help).toBe(true);
  });
});

describe('the key table', () => {
  it('maps arrows, letters and Ctrl-C, and ignores unbound keys', () => {
    expect(commandForKey({ input: '', rightArrow: true })).toBe('step-forward');
    expect(commandForKey({ input: 'n' })).toBe('step-forward');
    expect(commandForKey({ input: '', leftArrow: true })).toBe('step-back');
    expect(commandForKey({ input: 'p' })).toBe('step-back');
    expect(commandForKey({ input: 'o' })).toBe('go-to-origin');
    expect(commandForKey({ input: 'c', ctrl: true })).toBe('quit');
    expect(commandForKey({ input: 'n', ctrl: true })).toBeNull();
    expect(commandForKey({ input: 'Z' })).toBeNull();
  });

  it('binds each key once and gives every command a label in both languages', () => {
    const chars = KEY_TABLE.flatMap((b) => b.chars);
    expect(new Set(chars).size).toBe(chars.length);
    for (const b of KEY_TABLE) {
      expect(b.label(LABELS.en)).not.toBe('');
      expect(b.label(LABELS.zh)).not.toBe('');
    }
  });
});

describe('keys in context', () => {
  it('edit the command line while it is open and run commands otherwise', () => {
    const s = initialState(model);
    expect(actionForKey(s, { input: 'p' })).toEqual({ type: 'command', command: 'step-back' });
    const open = { ...s, command: 'x/4' };
    expect(actionForKey(open, { input: 'p' })).toEqual({ type: 'type', text: 'p' });
    expect(actionForKey(open, { input: '', return: true })).toEqual({ type: 'submit' });
    expect(actionForKey(open, { input: '', backspace: true })).toEqual({ type: 'erase' });
    expect(actionForKey(open, { input: '', escape: true })).toEqual({ type: 'cancel' });
    expect(run(s, { type: 'key', key: { input: 'o' } }).step).toBe(model.originStep);
    // Keys that arrive together (a paste, or tmux send-keys) come as one string.
    const pasted = run(s, { type: 'key', key: { input: 'o:p $s0\r' } });
    expect(pasted.step).toBe(model.originStep);
    expect(pasted.output[0]).toBe('$s0 = 0x876900c0 (2271805632)  [dump]');
  });
});

describe('NO_COLOR', () => {
  it('is honoured when set and not empty, and leaves only non-colour attributes', () => {
    expect(colorWanted({})).toBe(true);
    expect(colorWanted({ NO_COLOR: '' })).toBe(true);
    expect(colorWanted({ NO_COLOR: '1' })).toBe(false);
    for (const style of ['fault', 'origin', 'chain', 'changed', 'reconstructed', 'unknown', 'key', 'title', 'current'] as const) {
      const p = paint(style, false);
      expect(p.color).toBeUndefined();
      expect(p.dimColor).toBeUndefined();
    }
    expect(paint('current', false).inverse).toBe(true);
    expect(paint('fault', true).color).toBe('red');
  });
});
