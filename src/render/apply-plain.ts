import type { ApplyEvent } from '../apply/types.js';
import { assertNever } from '../errors/index.js';
import { failureLines, formatDuration, subjectText, timestamp } from './apply-format.js';
import { paint } from './paint.js';

/** Polls of one VPC are logged when the status changes, or at most this often while it does not. */
const QUIET_POLL_MS = 10_000;

/**
 * Plain, timestamped progress lines for logs (no TTY): a pure consumer of ApplyEvents. Returns the
 * lines for one event (often none); the caller writes them.
 */
export function createPlainApplyRenderer(options: { color: boolean }): (event: ApplyEvent) => string[] {
  const p = paint(options.color);
  const lastLogged = new Map<string, { status: string; at: number }>();
  return (event) => {
    const t = p.dim(timestamp(event.at));
    switch (event.type) {
      case 'apply_start':
        return [`${t} Applying ${event.toChange} of ${event.total} change(s), ${event.parallelism} at once, to project ${event.target.project_id} at ${event.target.endpoint}`];
      case 'change_start':
        return [];
      case 'stale_check':
        return event.fresh ? [] : [`${t} ${subjectText(event)}: changed since the plan (${event.changed.join(', ')})`];
      case 'waiting_for':
        return [`${t} ${subjectText(event)}: waits for ${event.addresses.join(', ')}`];
      case 'create_sent':
        return [`${t} ${subjectText(event)}: ${event.round > 1 ? `POST again (round ${event.round}), no VPC of this name was found` : 'POST sent'}`];
      case 'create_answered':
        return [`${t} ${subjectText(event)}: ${event.adopted ? 'found the VPC an earlier POST made (its answer was lost): adopted' : `created, ${event.status}`}`];
      case 'delete_sent':
        return [`${t} ${subjectText(event)}: ${event.round > 1 ? `DELETE again (round ${event.round})` : 'DELETE sent'}`];
      case 'delete_answered':
        return event.outcome === 'busy' ? [`${t} ${subjectText(event)}: busy, not stable yet: waiting to send the DELETE again`] : [];
      case 'tags_sent':
        return [`${t} ${subjectText(event)}: tags ${event.action === 'create' ? 'set' : 'removed'}: ${event.keys.join(', ')}`];
      case 'put_sent':
        return [`${t} ${subjectText(event)}: ${event.round > 1 ? `PUT again (round ${event.round})` : 'PUT sent'}`];
      case 'put_answered':
        return event.busy ? [`${t} ${subjectText(event)}: busy (VPC.0113): an earlier attempt is in progress, waiting`] : [];
      case 'retry_scheduled':
        return [`${t} ${subjectText(event)}: ${event.phase} attempt ${event.attempt} failed (${event.reason}), retrying in ${formatDuration(event.delayMs)}`];
      case 'poll': {
        const last = lastLogged.get(event.address);
        if (last && last.status === event.status && event.at - last.at < QUIET_POLL_MS) return [];
        lastLogged.set(event.address, { status: event.status, at: event.at });
        return [`${t} ${subjectText(event)}: ${event.status} after ${formatDuration(event.elapsedMs)}`];
      }
      case 'change_done':
        return [`${t} ${p.green(subjectText(event))}: ${event.result} in ${formatDuration(event.elapsedMs)} (${event.polls} poll(s), ${event.retries} retr${event.retries === 1 ? 'y' : 'ies'})`];
      case 'change_failed':
        return [`${t} ${p.red(subjectText(event))}: failed`, ...failureLines(event, p, '    ')];
      case 'change_skipped':
        return [`${t} ${subjectText(event)}: ${skippedText(event.reason)}`];
      case 'change_pending':
        return [`${t} ${p.yellow(subjectText(event))}: still pending${event.lastStatus ? ` (last status ${event.lastStatus})` : ''}`];
      case 'interrupted':
        return interruptedLines(event, t);
      case 'apply_done':
        return [];
      default:
        return assertNever(event, 'apply event');
    }
  };
}

export function skippedText(reason: Extract<ApplyEvent, { type: 'change_skipped' }>['reason']): string {
  switch (reason) {
    case 'no-op':
      return 'unchanged';
    case 'already-absent':
      return 'already gone (nothing to delete)';
    case 'interrupted':
      return 'not started (interrupted)';
    default:
      return assertNever(reason, 'skip reason');
  }
}

/** Names what is in flight right away, so it is on screen even if a second Ctrl-C ends the process. */
export function interruptedLines(event: Extract<ApplyEvent, { type: 'interrupted' }>, t: string): string[] {
  const lines = [`${t} Interrupted: no new change starts (${event.notStarted} not started).`];
  if (event.inFlight.length > 0) {
    lines.push(`${t} Following ${event.inFlight.length} in-flight VPC(s) for up to ${formatDuration(event.graceMs)}; Ctrl-C again to exit now (they may still be updating):`);
    for (const v of event.inFlight) lines.push(`${t}   ${subjectText(v)}: ${v.phase}${v.lastStatus ? `, last status ${v.lastStatus}` : ''}`);
  }
  return lines;
}
