/**
 * The one stateful component: it owns the reducer state and the model, turns key events into
 * actions through the key table, and reruns the replay when the state asks for it.
 */
import { useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useReducer, useState } from 'react';
import { buildFrame, type Size } from './frame.js';
import type { Labels } from './i18n.js';
import type { TraceModel } from './model.js';
import { initialState, reduce, type Action, type TuiState } from './reducer.js';
import { Frame } from './views.js';

export interface AppProps {
  readonly model: TraceModel;
  readonly labels: Labels;
  readonly color: boolean;
  /** The model again under more assumptions (analysis + replay); throws a UserError for a bad one. */
  readonly rerun: (assumptions: readonly string[]) => TraceModel;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  readonly size?: Size;
}

interface AppState {
  readonly model: TraceModel;
  readonly ui: TuiState;
}

type AppAction = Action | { readonly type: 'replaced'; readonly model: TraceModel };

export function App({ model: first, labels, color, rerun, size }: AppProps) {
  const { exit } = useApp();
  const terminal = useTerminalSize(size);
  const [{ model, ui }, dispatch] = useReducer(
    (s: AppState, a: AppAction): AppState => {
      if (a.type === 'replaced') return { model: a.model, ui: reduce(s.ui, { type: 'assumed', ok: true, lines: [a.model.replaySummary] }, a.model, labels) };
      return { model: s.model, ui: reduce(s.ui, a, s.model, labels) };
    },
    undefined,
    () => ({ model: first, ui: initialState(first, first.assumptions) }),
  );

  // The handler reads no state: the reducer decides what a key means in the state it is applied to.
  useInput((input, key) => dispatch({ type: 'key', key: { ...key, input } }));

  useEffect(() => {
    if (ui.quit) exit();
  }, [ui.quit, exit]);

  useEffect(() => {
    const pending = ui.pendingAssume;
    if (pending === null) return;
    // Let the "rerunning" notice paint before the synchronous analysis blocks the loop.
    const timer = setTimeout(() => {
      try {
        dispatch({ type: 'replaced', model: rerun([...ui.assumptions, pending]) });
      } catch (err) {
        dispatch({ type: 'assumed', ok: false, lines: [err instanceof Error ? err.message : String(err)] });
      }
    }, 10);
    return () => clearTimeout(timer);
  }, [ui.pendingAssume, ui.assumptions, rerun]);

  const frame = useMemo(() => buildFrame(model, ui, terminal, labels), [model, ui, terminal, labels]);
  return <Frame frame={frame} color={color} />;
}

function useTerminalSize(fixed: Size | undefined): Size {
  const { stdout } = useStdout();
  const read = (): Size => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed !== undefined) return;
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return size;
}
