import { assertNever } from '../errors/index.js';
import type { Plan, PlannedChange } from '../plan/types.js';
import { GITHUB_COMMENT_LIMIT, codeBlock, details, escapeHtml, inlineCode } from './markdown.js';
import { actionSymbol, changeLines, diagnosticLines, shownChanges, summaryText, targetingLines, waitsText, wholeText, type AttributeLine } from './plan-lines.js';

export interface PlanMarkdownOptions {
  /** Stay under this many characters (GitHub comments: 65,535). */
  maxChars?: number;
}

/** Deletes named in the warning under the heading; the rest are counted. */
const NAMED_DELETES = 20;

/**
 * The plan for a pull-request comment or a GitHub step summary: a heading with the summary (and a
 * warning naming what is destroyed), then one collapsible section per VPC — errors first, then
 * deletes, both open, so a reviewer sees what blocks the apply and what it destroys; then the rest
 * in file order. When everything does not fit in `maxChars`, whole sections are dropped from the end
 * and a note says how many and how to see them.
 */
export function renderPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT;
  const { create, update, delete: del, error } = plan.summary;
  const icon = error > 0 ? '❌' : del > 0 ? '⚠️' : create + update > 0 ? '📝' : '✅';
  const shown = shownChanges(plan);
  const deletes = shown.filter((c) => c.action === 'delete');
  const head = [
    `### ${icon} vpcform plan: ${summaryText(plan)}`,
    '',
    `${inlineCode(plan.desired.path)} · project ${inlineCode(plan.target.project_id)} · ${inlineCode(plan.target.endpoint)} · ${plan.created_at}`,
    ...targetingWarning(plan),
    ...(deletes.length > 0 ? ['', destroyWarning(deletes)] : []),
  ].join('\n');
  const ordered = [...shown.filter((c) => c.action === 'error'), ...deletes, ...shown.filter((c) => c.action !== 'error' && c.action !== 'delete')];
  const sections = ordered.map((c) => section(c, plan));
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

/** A plan made with `--target` says so under the heading, as the text does. */
function targetingWarning(plan: Plan): string[] {
  const targeting = targetingLines(plan, inlineCode);
  if (targeting === undefined) return [];
  return ['', '> [!WARNING]', `> **${targeting.head.replace(/^Warning: t/, 'T')}.** ${targeting.more.join(' ')}`];
}

function destroyWarning(deletes: readonly PlannedChange[]): string {
  const named = deletes.slice(0, NAMED_DELETES).map((c) => inlineCode(c.address));
  if (deletes.length > NAMED_DELETES) named.push(`and ${deletes.length - NAMED_DELETES} more`);
  const count = deletes.length === 1 ? '1 VPC' : `${deletes.length} VPCs`;
  return `> [!WARNING]\n> This plan **destroys ${count}**: ${named.join(', ')}.`;
}

function section(change: PlannedChange, plan: Plan): string {
  const { lines: attributes, labelWidth } = changeLines(change);
  const lines = attributes.map((l) => lineText(l, labelWidth));
  const waits = waitsText(change, plan);
  if (waits !== undefined) lines.push(waits);
  const notes: string[] = [];
  for (const d of change.diagnostics) {
    const { head, more } = diagnosticLines(d);
    notes.push(head, ...more.map((m) => `  ${m}`));
  }
  const body = [lines.length > 0 ? codeBlock('diff', lines) : '', notes.length > 0 ? codeBlock('text', notes) : ''].filter((b) => b !== '').join('\n\n');
  const id = change.id === undefined ? '' : ` (<code>${escapeHtml(change.id)}</code>)`;
  const mark = change.action === 'error' ? '❌' : change.diagnostics.length > 0 ? '⚠️' : actionSymbol(change.action);
  const open = change.action === 'error' || change.action === 'delete';
  return details(`${mark} <code>${escapeHtml(change.address)}</code>${id}: ${what(change)}`, body || '_(nothing to show)_', open);
}

function what(change: PlannedChange): string {
  switch (change.action) {
    case 'create':
      return 'will be created';
    case 'update':
      return `${change.attributes.length} to change`;
    case 'delete':
      return '<b>will be destroyed</b>';
    case 'no-op':
      return 'no changes';
    case 'error':
      return 'error';
    default:
      return assertNever(change.action, 'action');
  }
}

/** The diff block's lines: `~ name: "a" -> "b"`, `+ route …` under an update; `+ name = "a"` for a create or delete. */
function lineText(l: AttributeLine, labelWidth: number): string {
  switch (l.kind) {
    case 'changed':
      return `~ ${l.label}: ${l.before} -> ${l.after}`;
    case 'entry':
      return `${l.sign} route ${l.entry}`;
    case 'value':
    case 'item':
      return wholeText(l, labelWidth);
    default:
      return assertNever(l, 'attribute line');
  }
}

function truncationNote(hidden: number): string {
  return `> **Note:** ${hidden} more ${hidden === 1 ? 'VPC is' : 'VPCs are'} not shown: this text was cut to stay under GitHub's 65,535-character comment limit. Run \`vpcform show PLAN\` on the saved plan for all of it.`;
}
