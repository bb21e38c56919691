import type { ApplyOutcome, ApplySummary } from '../apply/types.js';
import { assertNever } from '../errors/index.js';
import { failureLines, formatDuration, outcomeWord, subjectText } from './apply-format.js';
import { paint, type Painter } from './paint.js';

/**
 * The end-of-run report for people: one line per VPC of the plan (each exactly once), failures with
 * code, message, hint and request id, then the counts. Pure; golden-testable with color off.
 */
export function renderApplySummaryText(summaries: readonly ApplySummary[], options: { color: boolean }): string {
  const p = paint(options.color);
  const outcomes = summaries.flatMap((s) => s.outcomes);
  const out: string[] = [''];
  out.push(p.bold(summaries.some((s) => s.interrupted) ? 'Apply interrupted.' : 'Apply complete.'));
  for (const o of outcomes) out.push(...outcomeLines(o, p));
  const counts = { updated: 0, unchanged: 0, failed: 0, not_started: 0, pending: 0 };
  for (const s of summaries) for (const key of Object.keys(counts) as Array<keyof typeof counts>) counts[key] += s.counts[key];
  const parts = [`${counts.updated} updated`, `${counts.unchanged} unchanged`, `${counts.failed} failed`];
  if (counts.pending > 0) parts.push(`${counts.pending} still pending`);
  if (counts.not_started > 0) parts.push(`${counts.not_started} not started`);
  const elapsed = summaries.reduce((t, s) => t + s.elapsedMs, 0);
  const line = `Resources: ${parts.join(', ')} (${formatDuration(elapsed)}).`;
  const allGood = summaries.every((s) => s.converged);
  out.push('', allGood ? p.green(p.bold(line)) : p.red(p.bold(line)));
  return `${out.join('\n')}\n`;
}

function outcomeLines(o: ApplyOutcome, p: Painter): string[] {
  const who = subjectText(o);
  switch (o.result) {
    case 'updated':
      return [`  ${p.green('✓')} ${who}: updated${o.elapsedMs !== undefined ? ` in ${formatDuration(o.elapsedMs)}` : ''}`];
    case 'unchanged':
      return [`  ${p.dim('=')} ${who}: unchanged`];
    case 'failed':
      return [`  ${p.red('✗')} ${who}: failed`, ...(o.failure ? failureLines(o.failure, p, '      ') : [])];
    case 'pending':
      return [`  ${p.yellow('…')} ${who}: ${outcomeWord(o)}`];
    case 'not_started':
      return [`  ${p.yellow('-')} ${who}: ${outcomeWord(o)}`];
    default:
      return assertNever(o.result, 'outcome');
  }
}
