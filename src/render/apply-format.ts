import { formatDuration } from '../apply/failure.js';
import type { ApplyOutcome, EventSubject, FailureInfo } from '../apply/types.js';
import type { Painter } from './paint.js';

/** Small pieces shared by the apply renderers (plain lines, summary, ink view). */

export { formatDuration };

export function subjectText(s: EventSubject): string {
  return s.id === undefined ? s.address : `${s.address} (${s.id})`;
}

/** `HH:MM:SS.mmm` in UTC: stable in CI logs and golden files. */
export function timestamp(at: number): string {
  return new Date(at).toISOString().slice(11, 23);
}

/** The lines under a failed VPC: what happened, then detail, hint and request id. */
export function failureLines(f: FailureInfo, p: Painter, indent: string): string[] {
  const lines = [`${indent}${p.red(f.code)}: ${f.message}`];
  if (f.detail) lines.push(...f.detail.split('\n').map((l) => `${indent}  ${l}`));
  if (f.lastStatus && !f.message.includes(f.lastStatus)) lines.push(`${indent}  last status: ${f.lastStatus}`);
  if (f.requestId) lines.push(`${indent}  ${p.dim(`request id: ${f.requestId}`)}`);
  if (f.hint) lines.push(`${indent}  ${p.cyan('hint:')} ${f.hint}`);
  return lines;
}

/** The lines of a finished VPC, as the live view and the summary show it (failure lines indented under it). */
export function outcomeLines(o: ApplyOutcome, p: Painter): string[] {
  const who = subjectText(o);
  const took = o.elapsedMs !== undefined ? ` in ${formatDuration(o.elapsedMs)}` : '';
  switch (o.result) {
    case 'created':
      return [`${p.green('+')} ${who}: created${took}`];
    case 'updated':
      return [`${p.green('✓')} ${who}: updated${took}`];
    case 'deleted':
      return [`${p.red('-')} ${who}: deleted${took}`];
    case 'unchanged':
      return [`${p.dim('=')} ${who}: unchanged`];
    case 'failed':
      return [`${p.red('✗')} ${who}: failed`, ...(o.failure ? failureLines(o.failure, p, '    ') : [])];
    case 'pending':
      return [`${p.yellow('…')} ${who}: still pending${o.lastStatus ? ` (last status ${o.lastStatus})` : ''}: it may still be changing`];
    case 'not_started':
      return [`${p.yellow('-')} ${who}: not started (interrupted)`];
    default: {
      const never: never = o.result;
      throw new Error(`unhandled outcome ${String(never)}`);
    }
  }
}
