import type { ApplyEvent } from '../apply/types.js';
import type { Plan } from '../plan/types.js';

/**
 * JSON lines for `apply --json` (stdout): one object per line. First `{"type":"plan"}` per plan, then
 * every ApplyEvent as the engine emitted it (`at` in ms since the epoch), ending with `apply_done`
 * carrying the summary.
 */
export function planLine(plan: Plan): string {
  return JSON.stringify({ type: 'plan', plan });
}

export function eventLine(event: ApplyEvent): string {
  return JSON.stringify(event);
}
