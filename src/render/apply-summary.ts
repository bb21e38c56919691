import type { ApplySummary } from '../apply/types.js';
import { formatDuration, outcomeLines } from './apply-format.js';
import { paint } from './paint.js';

/**
 * The end-of-run report for people: one line per VPC of the plan (each exactly once), failures with
 * code, message, hint and request id, then the counts. Pure; golden-testable with color off.
 */
export function renderApplySummaryText(summaries: readonly ApplySummary[], options: { color: boolean }): string {
  const p = paint(options.color);
  const outcomes = summaries.flatMap((s) => s.outcomes);
  const out: string[] = [''];
  out.push(p.bold(summaries.some((s) => s.interrupted) ? 'Apply interrupted.' : 'Apply complete.'));
  for (const o of outcomes) out.push(...outcomeLines(o, p).map((line) => `  ${line}`));
  const counts = { created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0, not_started: 0, pending: 0 };
  for (const s of summaries) for (const key of Object.keys(counts) as Array<keyof typeof counts>) counts[key] += s.counts[key];
  const parts = [
    ...(counts.created > 0 ? [`${counts.created} created`] : []),
    `${counts.updated} updated`,
    ...(counts.deleted > 0 ? [`${counts.deleted} deleted`] : []),
    `${counts.unchanged} unchanged`,
    `${counts.failed} failed`,
  ];
  if (counts.pending > 0) parts.push(`${counts.pending} still pending`);
  if (counts.not_started > 0) parts.push(`${counts.not_started} not started`);
  const elapsed = summaries.reduce((t, s) => t + s.elapsedMs, 0);
  const line = `Resources: ${parts.join(', ')} (${formatDuration(elapsed)}).`;
  const allGood = summaries.every((s) => s.converged);
  out.push('', allGood ? p.green(p.bold(line)) : p.red(p.bold(line)));
  return `${out.join('\n')}\n`;
}
