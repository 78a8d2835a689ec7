/**
 * All UI state and every change to it: a pure reducer over plain data. The model is passed in
 * for bounds and for the `:` commands that only read it; rerunning the replay (`assume`) is left
 * as a request in the state for the app to carry out, which answers with an `assumed` action.
 */
import { runCommandLine } from './command-line.js';
import { commandForKey, type Command, type KeyPress } from './keys.js';
import type { TraceModel } from './model.js';

export type ViewMode = 'concrete' | 'symbolic';
export type Pane = 'code' | 'registers';

export interface TuiState {
  readonly step: number;
  readonly mode: ViewMode;
  readonly focus: Pane;
  /** Index into the register rows of the current step, when the register pane has focus. */
  readonly selected: number;
  /** The text typed after `:`, or null when the command line is closed. */
  readonly command: string | null;
  readonly history: readonly string[];
  /** What the last command printed, or a short notice. */
  readonly output: readonly string[];
  readonly help: boolean;
  /** An assumption waiting for the replay to be rerun. */
  readonly pendingAssume: string | null;
  readonly assumptions: readonly string[];
  readonly quit: boolean;
}

export type Action =
  | { readonly type: 'key'; readonly key: KeyPress }
  | { readonly type: 'command'; readonly command: Command }
  | { readonly type: 'type'; readonly text: string }
  | { readonly type: 'erase' }
  | { readonly type: 'submit' }
  | { readonly type: 'cancel' }
  | { readonly type: 'assumed'; readonly ok: boolean; readonly lines: readonly string[] };

export interface Notices {
  readonly noOrigin: string;
  readonly noChain: string;
  readonly running: string;
}

export function initialState(model: TraceModel, assumptions: readonly string[] = []): TuiState {
  return {
    step: model.faultStep, mode: 'concrete', focus: 'code', selected: 0, command: null, history: [], output: [],
    help: false, pendingAssume: null, assumptions, quit: false,
  };
}

export function reduce(state: TuiState, action: Action, model: TraceModel, notices: Notices): TuiState {
  switch (action.type) {
    case 'key': {
      const k = action.key;
      // Ink hands a paste (or keys that arrived together) over as one string: take it key by key.
      const chars = [...k.input];
      if (chars.length > 1 && k.ctrl !== true && k.meta !== true && k.escape !== true) {
        return chars.reduce((s, ch) => reduce(s, { type: 'key', key: ch === '\r' || ch === '\n' ? { input: '', return: true } : { input: ch } }, model, notices), state);
      }
      const next = actionForKey(state, k);
      return next === null ? state : reduce(state, next, model, notices);
    }
    case 'command': return runCommand(state, action.command, model, notices);
    case 'type': return state.command === null ? state : { ...state, command: state.command + action.text };
    case 'erase':
      if (state.command === null) return state;
      return state.command === '' ? { ...state, command: null } : { ...state, command: state.command.slice(0, -1) };
    case 'cancel': return { ...state, command: null, help: false };
    case 'submit': return submit(state, model, notices);
    case 'assumed': {
      const pending = state.pendingAssume;
      const assumptions = action.ok && pending !== null ? [...state.assumptions, pending] : state.assumptions;
      return { ...state, pendingAssume: null, assumptions, output: action.lines, step: Math.min(state.step, model.steps.length - 1) };
    }
  }
}

/** While the command line is open keys edit it; otherwise they go through the key table. */
export function actionForKey(state: TuiState, key: KeyPress): Action | null {
  if (state.command !== null) {
    if (key.escape === true) return { type: 'cancel' };
    if (key.return === true) return { type: 'submit' };
    if (key.backspace === true || key.delete === true) return { type: 'erase' };
    if (key.input !== '' && key.ctrl !== true && key.meta !== true) return { type: 'type', text: key.input };
    return null;
  }
  if (key.escape === true) return { type: 'cancel' };
  const command = commandForKey(key);
  return command === null ? null : { type: 'command', command };
}

function moveTo(state: TuiState, step: number, model: TraceModel): TuiState {
  const clamped = Math.max(0, Math.min(model.steps.length - 1, step));
  return clamped === state.step ? state : { ...state, step: clamped, output: [] };
}

function runCommand(state: TuiState, command: Command, model: TraceModel, notices: Notices): TuiState {
  switch (command) {
    case 'step-forward': return moveTo(state, state.step + 1, model);
    case 'step-back': return moveTo(state, state.step - 1, model);
    case 'run-to-fault': return moveTo(state, model.faultStep, model);
    case 'go-to-start': return moveTo(state, 0, model);
    case 'go-to-origin':
      return model.originStep === null ? { ...state, output: [notices.noOrigin] } : moveTo(state, model.originStep, model);
    case 'next-chain': {
      const next = model.chainSteps.find((s) => s > state.step);
      return next === undefined ? { ...state, output: [notices.noChain] } : moveTo(state, next, model);
    }
    case 'prev-chain': {
      const prev = [...model.chainSteps].reverse().find((s) => s < state.step);
      return prev === undefined ? { ...state, output: [notices.noChain] } : moveTo(state, prev, model);
    }
    case 'toggle-view': return { ...state, mode: state.mode === 'concrete' ? 'symbolic' : 'concrete' };
    case 'focus-next': return { ...state, focus: state.focus === 'code' ? 'registers' : 'code' };
    case 'select-down':
      if (state.focus === 'code') return moveTo(state, state.step + 1, model);
      return { ...state, selected: Math.min(state.selected + 1, model.registersAt(state.step).length - 1) };
    case 'select-up':
      if (state.focus === 'code') return moveTo(state, state.step - 1, model);
      return { ...state, selected: Math.max(0, state.selected - 1) };
    case 'open-command': return { ...state, command: '', help: false };
    case 'toggle-help': return { ...state, help: !state.help };
    case 'quit': return { ...state, quit: true };
  }
}

function submit(state: TuiState, model: TraceModel, notices: Notices): TuiState {
  if (state.command === null) return state;
  const text = state.command.trim();
  const closed = { ...state, command: null, history: text === '' ? state.history : [...state.history, text] };
  if (text === '') return closed;
  const result = runCommandLine(text, model, state.step);
  switch (result.kind) {
    case 'output': return { ...closed, output: result.lines };
    case 'goto': return { ...moveTo(closed, result.step, model), output: [] };
    case 'assume': return { ...closed, pendingAssume: result.assumption, output: [notices.running] };
  }
}
