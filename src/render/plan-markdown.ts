import type { Plan, PlannedChange } from '../plan/types.js';
import { GITHUB_COMMENT_LIMIT, codeBlock, details, escapeHtml, inlineCode } from './markdown.js';
import { actionSymbol, attributeLines, diagnosticLines, shownChanges, summaryText } from './plan-lines.js';

export interface PlanMarkdownOptions {
  /** Stay under this many characters (GitHub comments: 65,535). */
  maxChars?: number;
}

/**
 * The plan for a pull-request comment or a GitHub step summary: a heading with the summary, then one
 * collapsible section per VPC — errors first, open, so a reviewer sees what blocks the apply. When
 * everything does not fit in `maxChars`, whole sections are dropped from the end and a note says how
 * many and how to see them.
 */
export function renderPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT;
  const icon = plan.summary.error > 0 ? '❌' : plan.summary.update > 0 ? '📝' : '✅';
  const head = [
    `### ${icon} vpcform plan: ${summaryText(plan)}`,
    '',
    `${inlineCode(plan.desired.path)} · project ${inlineCode(plan.target.project_id)} · ${inlineCode(plan.target.endpoint)} · ${plan.created_at}`,
  ].join('\n');
  const shown = shownChanges(plan);
  const ordered = [...shown.filter((c) => c.action === 'error'), ...shown.filter((c) => c.action !== 'error')];
  const sections = ordered.map(section);
  if (sections.length === 0) sections.push('No changes. The live VPCs match the desired state.');

  const parts = [head];
  let used = head.length;
  for (let i = 0; i < sections.length; i += 1) {
    const s = sections[i] as string;
    const left = sections.length - i - 1;
    const reserve = left > 0 ? truncationNote(sections.length).length + 2 : 0;
    if (used + s.length + 2 + reserve > maxChars) {
      const note = truncationNote(sections.length - i);
      if (used + note.length + 2 <= maxChars) parts.push(note);
      break;
    }
    parts.push(s);
    used += s.length + 2;
  }
  return `${parts.join('\n\n')}\n`.slice(0, maxChars);
}

function section(change: PlannedChange): string {
  const lines: string[] = [];
  for (const attr of change.attributes) {
    for (const l of attributeLines(attr)) {
      lines.push(l.entry !== undefined ? `${l.sign} route ${l.entry}` : `~ ${l.label}: ${l.before} -> ${l.after}`);
    }
  }
  const notes: string[] = [];
  for (const d of change.diagnostics) {
    const { head, more } = diagnosticLines(d);
    notes.push(head, ...more.map((m) => `  ${m}`));
  }
  const body = [lines.length > 0 ? codeBlock('diff', lines) : '', notes.length > 0 ? codeBlock('text', notes) : ''].filter((b) => b !== '').join('\n\n');
  const what = change.action === 'error' ? 'error' : change.action === 'update' ? `${change.attributes.length} to change` : 'no changes';
  const id = change.id === undefined ? '' : ` (<code>${escapeHtml(change.id)}</code>)`;
  const mark = change.action === 'error' ? '❌' : change.diagnostics.length > 0 ? '⚠️' : actionSymbol(change.action);
  return details(`${mark} <code>${escapeHtml(change.address)}</code>${id}: ${what}`, body || '_(nothing to show)_', change.action === 'error');
}

function truncationNote(hidden: number): string {
  return `> **Note:** ${hidden} more ${hidden === 1 ? 'VPC is' : 'VPCs are'} not shown: this text was cut to stay under GitHub's 65,535-character comment limit. Run \`vpcform show PLAN\` on the saved plan for all of it.`;
}
