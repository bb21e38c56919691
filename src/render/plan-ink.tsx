import type { Writable } from 'node:stream';
import { render } from 'ink';
import type { Plan } from '../plan/types.js';
import { PlanScreen, type PlanScreenState } from './plan-view.js';

/**
 * The entries business code calls to draw a plan on a TTY. Loaded only by dynamic import, so ink and
 * react stay out of non-TTY runs and of `vpcform --help`.
 */
export interface PlanScreenHandle {
  /** Shows (or updates) the spinner line. */
  progress(label: string): void;
  /** Adds a finished plan above the spinner. */
  addPlan(plan: Plan): void;
  /** Removes the spinner, leaves the plans on screen, and lets go of the terminal. */
  close(): Promise<void>;
}

export function openPlanScreen(stream: Writable, columns: number, options: { spinner?: boolean } = {}): PlanScreenHandle {
  let state: PlanScreenState = options.spinner === false ? { phase: 'finished', done: [] } : { phase: 'refreshing', label: 'Refreshing…', done: [] };
  const instance = render(<PlanScreen state={state} width={columns} />, {
    stdout: stream as NodeJS.WriteStream,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  const update = (next: PlanScreenState) => {
    state = next;
    instance.rerender(<PlanScreen state={state} width={columns} />);
  };
  return {
    progress(label) {
      if (state.phase === 'refreshing') update({ ...state, label });
    },
    addPlan(plan) {
      update({ ...state, done: [...state.done, plan] });
    },
    async close() {
      update({ phase: 'finished', done: state.done });
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}

/** Draws one saved plan (`vpcform show` on a TTY). */
export async function renderPlanInk(plan: Plan, options: { stream: Writable; columns: number }): Promise<void> {
  const screen = openPlanScreen(options.stream, options.columns, { spinner: false });
  screen.addPlan(plan);
  await screen.close();
}
