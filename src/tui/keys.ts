/**
 * The one key table: every key the UI answers, the command it runs, and the words the help screen
 * and the status line show for it. Nothing else maps keys.
 */
import type { Labels } from './i18n.js';

export type Command =
  | 'step-forward' | 'step-back' | 'run-to-fault' | 'go-to-start' | 'go-to-origin'
  | 'next-chain' | 'prev-chain' | 'toggle-view' | 'focus-next' | 'select-down' | 'select-up'
  | 'open-command' | 'toggle-help' | 'quit';

/** The parts of Ink's key event the table looks at. */
export interface KeyPress {
  readonly input: string;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly tab?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  readonly return?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly meta?: boolean;
}

type Special = 'leftArrow' | 'rightArrow' | 'upArrow' | 'downArrow' | 'tab' | 'home' | 'end';

export interface KeyBinding {
  readonly command: Command;
  /** Typed characters that run it. */
  readonly chars: readonly string[];
  readonly special: readonly Special[];
  /** How the keys are written in help and status (`n →`). */
  readonly keys: string;
  /** Shown on the status line when there is room, in this order. */
  readonly status: boolean;
  readonly label: (l: Labels) => string;
}

export const KEY_TABLE: readonly KeyBinding[] = [
  { command: 'step-forward', chars: ['n'], special: ['rightArrow'], keys: 'n →', status: true, label: (l) => l.keyStepForward },
  { command: 'step-back', chars: ['p'], special: ['leftArrow'], keys: 'p ←', status: true, label: (l) => l.keyStepBack },
  { command: 'run-to-fault', chars: ['f', 'G'], special: ['end'], keys: 'f End', status: true, label: (l) => l.keyFault },
  { command: 'go-to-origin', chars: ['o'], special: [], keys: 'o', status: true, label: (l) => l.keyOrigin },
  { command: 'prev-chain', chars: ['['], special: [], keys: '[', status: true, label: (l) => l.keyPrevChain },
  { command: 'next-chain', chars: [']'], special: [], keys: ']', status: true, label: (l) => l.keyNextChain },
  { command: 'toggle-view', chars: ['s'], special: [], keys: 's', status: true, label: (l) => l.keyToggle },
  { command: 'open-command', chars: [':'], special: [], keys: ':', status: true, label: (l) => l.keyCommand },
  { command: 'toggle-help', chars: ['?'], special: [], keys: '?', status: true, label: (l) => l.keyHelp },
  { command: 'quit', chars: ['q'], special: [], keys: 'q', status: true, label: (l) => l.keyQuit },
  { command: 'go-to-start', chars: ['g'], special: ['home'], keys: 'g Home', status: false, label: (l) => l.keyStart },
  { command: 'focus-next', chars: [], special: ['tab'], keys: 'Tab', status: false, label: (l) => l.keyFocus },
  { command: 'select-down', chars: ['j'], special: ['downArrow'], keys: 'j ↓', status: false, label: (l) => l.keySelectDown },
  { command: 'select-up', chars: ['k'], special: ['upArrow'], keys: 'k ↑', status: false, label: (l) => l.keySelectUp },
];

/** The command a key runs outside the command line, or null for a key the table does not name. */
export function commandForKey(key: KeyPress): Command | null {
  if (key.ctrl === true && key.input === 'c') return 'quit';
  for (const b of KEY_TABLE) {
    if (b.special.some((s) => key[s] === true)) return b.command;
    if (key.ctrl !== true && b.chars.includes(key.input)) return b.command;
  }
  return null;
}
