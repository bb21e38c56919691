import type { ApplyEvent, ApplyPhase, EventSubject } from '../apply/types.js';
import { assertNever } from '../errors/index.js';
import { formatDuration, outcomeLines, subjectText } from './apply-format.js';
import { interruptedLines } from './apply-plain.js';
import type { Painter } from './paint.js';

/** One VPC being worked on: the live line of the ink view. */
export interface LiveVpcLine extends EventSubject {
  phase: ApplyPhase;
  status?: string;
  startedAt: number;
  retries: number;
  lastRetryReason?: string;
}

/** A finished block, drawn once above the live lines (ink `<Static>`). */
export interface FinishedBlock {
  key: string;
  lines: string[];
}

export interface ApplyViewState {
  live: LiveVpcLine[];
  finished: FinishedBlock[];
  done: boolean;
}

export const EMPTY_APPLY_VIEW: ApplyViewState = { live: [], finished: [], done: false };

/** Pure: the view state after one event. The ink component only draws this. */
export function reduceApplyView(state: ApplyViewState, event: ApplyEvent, p: Painter): ApplyViewState {
  const patch = (address: string, f: (line: LiveVpcLine) => LiveVpcLine): ApplyViewState => ({
    ...state,
    live: state.live.map((l) => (l.address === address ? f(l) : l)),
  });
  const finish = (address: string, lines: string[]): ApplyViewState => ({
    ...state,
    live: state.live.filter((l) => l.address !== address),
    finished: [...state.finished, { key: `${state.finished.length}`, lines }],
  });
  switch (event.type) {
    case 'apply_start':
      return {
        ...state,
        finished: [...state.finished, { key: `${state.finished.length}`, lines: [p.bold(`Applying ${event.toChange} of ${event.total} change(s), ${event.parallelism} at once`)] }],
      };
    case 'change_start':
      return { ...state, live: [...state.live, { address: event.address, id: event.id, phase: 'stale_check', startedAt: event.at, retries: 0 }] };
    case 'stale_check':
      return state;
    case 'waiting_for':
      return patch(event.address, (l) => ({ ...l, phase: 'wait_dependency', status: `waits for ${event.addresses.join(', ')}` }));
    case 'create_sent':
      return patch(event.address, (l) => ({ ...l, phase: 'post', status: event.round > 1 ? `POST round ${event.round}` : 'POST sent' }));
    case 'create_answered':
      return patch(event.address, (l) => ({ ...l, id: event.id, phase: 'poll', status: event.adopted ? `adopted, ${event.status}` : event.status }));
    case 'delete_sent':
      return patch(event.address, (l) => ({ ...l, phase: 'delete', status: event.round > 1 ? `DELETE round ${event.round}` : 'DELETE sent' }));
    case 'delete_answered':
      return patch(event.address, (l) => ({ ...l, phase: event.outcome === 'busy' ? 'delete' : 'poll', status: event.outcome === 'busy' ? 'busy, waiting' : 'deleting' }));
    case 'tags_sent':
      return patch(event.address, (l) => ({ ...l, phase: 'tags', status: event.action === 'create' ? 'setting tags' : 'removing tags' }));
    case 'put_sent':
      return patch(event.address, (l) => ({ ...l, phase: 'put', status: event.round > 1 ? `PUT round ${event.round}` : 'PUT sent' }));
    case 'put_answered':
      return patch(event.address, (l) => ({ ...l, phase: 'poll', status: event.busy ? 'busy, waiting' : event.status }));
    case 'retry_scheduled':
      return patch(event.address, (l) => ({ ...l, retries: l.retries + 1, lastRetryReason: event.reason }));
    case 'poll':
      return patch(event.address, (l) => ({ ...l, phase: 'poll', status: event.status }));
    case 'change_done':
      return finish(event.address, outcomeLines({ ...subjectOf(event), result: event.result, elapsedMs: event.elapsedMs }, p));
    case 'change_failed':
      return finish(event.address, outcomeLines({ ...subjectOf(event), result: 'failed', failure: event }, p));
    case 'change_skipped':
      return finish(event.address, outcomeLines({ ...subjectOf(event), result: event.reason === 'interrupted' ? 'not_started' : 'unchanged' }, p));
    case 'change_pending':
      return finish(event.address, outcomeLines({ ...subjectOf(event), result: 'pending', ...(event.lastStatus !== undefined && { lastStatus: event.lastStatus }) }, p));
    case 'interrupted':
      return { ...state, finished: [...state.finished, { key: `${state.finished.length}`, lines: interruptedLines(event, '').map((l) => p.yellow(l.trimStart())) }] };
    case 'apply_done':
      return { ...state, live: [], done: true };
    default:
      return assertNever(event, 'apply event');
  }
}

function subjectOf(event: EventSubject): EventSubject {
  return { address: event.address, ...(event.id !== undefined && { id: event.id }) };
}

/** The text of one live line, without the spinner: `vpcs.web (id)  PENDING_UPDATE  3.2s  2 retries (429)`. */
export function liveLineText(line: LiveVpcLine, now: number): string {
  const retries = line.retries > 0 ? `  ${line.retries} retr${line.retries === 1 ? 'y' : 'ies'} (${line.lastRetryReason ?? ''})` : '';
  return `${subjectText(line)}  ${line.status ?? line.phase}  ${formatDuration(Math.max(0, now - line.startedAt))}${retries}`;
}
