import { assertNever } from '../errors/index.js';
import type { Plan, PlannedChange } from '../plan/types.js';
import { paint, type Painter } from './paint.js';
import {
  actionPhrase,
  actionSymbol,
  changeHeading,
  changeLines,
  diagnosticLines,
  fitsOnOneLine,
  shownChanges,
  summaryText,
  targetingLines,
  waitsText,
  wholeText,
  type AttributeLine,
} from './plan-lines.js';

export interface PlanTextOptions {
  color: boolean;
  /** Terminal width: a `before -> after` line longer than this breaks after the attribute name. */
  width: number;
}

/**
 * The plan for people, terraform style: one block per VPC that changes or has a finding, in file
 * order, then the summary. Pure; with `color: false` it is the golden text.
 */
export function renderPlanText(plan: Plan, options: PlanTextOptions): string {
  const p = paint(options.color);
  const out: string[] = [];
  out.push(`${p.bold('vpcform plan')} for ${plan.desired.path} · project ${plan.target.project_id} · ${plan.target.endpoint}`);
  out.push('');
  const targeting = targetingLines(plan);
  if (targeting !== undefined) out.push(p.yellow(p.bold(targeting.head)), ...targeting.more.map((m) => `  ${p.yellow(m)}`), '');
  const shown = shownChanges(plan);
  if (shown.length === 0) {
    out.push(p.green('No changes. The live VPCs match the desired state.'));
    out.push('');
  }
  for (const change of shown) {
    out.push(...block(change, plan, p, options.width), '');
  }
  const line = `Plan: ${summaryText(plan)}.`;
  out.push(plan.summary.error > 0 ? p.red(p.bold(line)) : p.bold(line));
  return `${out.join('\n')}\n`;
}

function block(change: PlannedChange, plan: Plan, p: Painter, width: number): string[] {
  const color = actionColor(change.action, p);
  const phrase = actionPhrase(change.action);
  const lines = [
    `  ${color(actionSymbol(change.action))} ${p.bold(changeHeading(change))}${phrase !== undefined ? ` ${color(phrase)}` : ''}${change.action === 'no-op' ? p.dim(' (no changes)') : ''}`,
  ];
  const { lines: attributes, labelWidth } = changeLines(change);
  let routesHeader = false;
  for (const l of attributes) {
    if (l.kind === 'entry') {
      if (!routesHeader) lines.push(`      ${p.yellow('~')} routes:`);
      routesHeader = true;
      lines.push(`          ${signColor(l.sign, p)(l.sign)} ${l.entry}`);
    } else if (l.kind === 'changed') {
      lines.push(...changedLine(l, p, width));
    } else {
      const text = wholeText(l, labelWidth);
      lines.push(`      ${signColor(l.sign, p)(text.slice(0, 1))}${text.slice(1)}`);
    }
  }
  const waits = waitsText(change, plan);
  if (waits !== undefined) lines.push(`      ${p.dim(waits)}`);
  for (const d of change.diagnostics) {
    const { head, more } = diagnosticLines(d);
    const sev = d.severity === 'error' ? p.red : p.yellow;
    lines.push(`      ${sev(head)}`);
    for (const m of more) lines.push(`        ${m.startsWith('hint:') ? `${p.cyan('hint:')}${m.slice(5)}` : p.dim(m)}`);
  }
  return lines;
}

function actionColor(action: PlannedChange['action'], p: Painter): (s: string) => string {
  switch (action) {
    case 'create':
      return p.green;
    case 'update':
      return p.yellow;
    case 'delete':
    case 'error':
      return p.red;
    case 'no-op':
      return p.dim;
    default:
      return assertNever(action, 'action');
  }
}

function changedLine(l: Extract<AttributeLine, { kind: 'changed' }>, p: Painter, width: number): string[] {
  if (fitsOnOneLine(l, width)) return [`      ${p.yellow('~')} ${l.label}: ${p.red(l.before)} -> ${p.green(l.after)}`];
  return [`      ${p.yellow('~')} ${l.label}:`, `          ${p.red(l.before)}`, `       -> ${p.green(l.after)}`];
}

function signColor(sign: '+' | '-', p: Painter): (s: string) => string {
  return sign === '+' ? p.green : p.red;
}
