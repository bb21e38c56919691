import type { Plan, PlannedChange } from '../plan/types.js';
import { paint, type Painter } from './paint.js';
import { actionSymbol, attributeLines, changeHeading, diagnosticLines, fitsOnOneLine, shownChanges, summaryText, type AttributeLine } from './plan-lines.js';

export interface PlanTextOptions {
  color: boolean;
  /** Terminal width: a `before -> after` line longer than this breaks after the attribute name. */
  width: number;
}

/**
 * The plan for people, terraform style: one block per VPC that changes or has a finding, then the
 * summary. Pure; with `color: false` it is the golden text.
 */
export function renderPlanText(plan: Plan, options: PlanTextOptions): string {
  const p = paint(options.color);
  const out: string[] = [];
  out.push(`${p.bold('vpcform plan')} for ${plan.desired.path} · project ${plan.target.project_id} · ${plan.target.endpoint}`);
  out.push('');
  const shown = shownChanges(plan);
  if (shown.length === 0) {
    out.push(p.green('No changes. The live VPCs match the desired state.'));
    out.push('');
  }
  for (const change of shown) {
    out.push(...block(change, p, options.width), '');
  }
  const line = `Plan: ${summaryText(plan)}.`;
  out.push(plan.summary.error > 0 ? p.red(p.bold(line)) : p.bold(line));
  return `${out.join('\n')}\n`;
}

function block(change: PlannedChange, p: Painter, width: number): string[] {
  const symbol = actionSymbol(change.action);
  const color = change.action === 'error' ? p.red : change.action === 'update' ? p.yellow : p.dim;
  const lines = [`  ${color(symbol)} ${p.bold(changeHeading(change))}${change.action === 'no-op' ? p.dim(' (no changes)') : ''}`];
  let routesHeader = false;
  for (const attr of change.attributes) {
    for (const l of attributeLines(attr)) {
      if (l.entry !== undefined) {
        if (!routesHeader) lines.push(`      ${p.yellow('~')} routes:`);
        routesHeader = true;
        lines.push(`          ${signed(l, p)} ${l.entry}`);
      } else {
        lines.push(...valueLine(l, p, width));
      }
    }
  }
  for (const d of change.diagnostics) {
    const { head, more } = diagnosticLines(d);
    const sev = d.severity === 'error' ? p.red : p.yellow;
    lines.push(`      ${sev(head)}`);
    for (const m of more) lines.push(`        ${m.startsWith('hint:') ? `${p.cyan('hint:')}${m.slice(5)}` : p.dim(m)}`);
  }
  return lines;
}

function valueLine(l: AttributeLine, p: Painter, width: number): string[] {
  if (fitsOnOneLine(l, width)) return [`      ${p.yellow('~')} ${l.label}: ${p.red(l.before ?? '')} -> ${p.green(l.after ?? '')}`];
  return [`      ${p.yellow('~')} ${l.label}:`, `          ${p.red(l.before ?? '')}`, `       -> ${p.green(l.after ?? '')}`];
}

function signed(l: AttributeLine, p: Painter): string {
  return l.sign === '+' ? p.green('+') : l.sign === '-' ? p.red('-') : p.yellow('~');
}
