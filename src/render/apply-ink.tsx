import type { Writable } from 'node:stream';
import { render } from 'ink';
import type { ApplyEvent } from '../apply/types.js';
import { EMPTY_APPLY_VIEW, reduceApplyView, type ApplyViewState } from './apply-view-state.js';
import { ApplyView } from './apply-view.js';
import { paint } from './paint.js';

export interface ApplyScreenHandle {
  onEvent(event: ApplyEvent): void;
  /** Draws the last frame and lets go of the terminal. */
  close(): Promise<void>;
}

/** The live apply view on a TTY (stderr). Loaded by dynamic import only. */
export function openApplyScreen(stream: Writable, options: { color: boolean }): ApplyScreenHandle {
  const p = paint(options.color);
  let state: ApplyViewState = EMPTY_APPLY_VIEW;
  const instance = render(<ApplyView state={state} />, { stdout: stream as NodeJS.WriteStream, patchConsole: false, exitOnCtrlC: false });
  return {
    onEvent(event) {
      state = reduceApplyView(state, event, p);
      instance.rerender(<ApplyView state={state} />);
    },
    async close() {
      state = { ...state, live: [], done: true };
      instance.rerender(<ApplyView state={state} />);
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
