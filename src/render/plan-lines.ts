import { assertNever, type Diagnostic } from '../errors/index.js';
import type { AttributeChange, Plan, PlannedChange } from '../plan/types.js';

/**
 * The plan as renderer-neutral lines: text, markdown and ink draw the same content, each in its own
 * way. Reads only the plan (the JSON `show --json` prints), never engine internals.
 */
export type LineSign = '~' | '+' | '-';

export interface AttributeLine {
  sign: LineSign;
  /** `name`, or `routes` for route entries. */
  label: string;
  /** Set for `~` lines: the quoted values. */
  before?: string;
  after?: string;
  /** Set for `+`/`-` route entries: `0.0.0.0/0 -> 192.168.0.5`. */
  entry?: string;
}

export function attributeLines(change: AttributeChange): AttributeLine[] {
  if (change.path === 'routes' && Array.isArray(change.before) && Array.isArray(change.after)) {
    const before = change.before.map(routeText);
    const after = change.after.map(routeText);
    const removed = before.filter((r) => !after.includes(r));
    const added = after.filter((r) => !before.includes(r));
    return [
      ...removed.map((entry): AttributeLine => ({ sign: '-', label: 'routes', entry })),
      ...added.map((entry): AttributeLine => ({ sign: '+', label: 'routes', entry })),
    ];
  }
  return [{ sign: '~', label: change.path, before: valueText(change.before), after: valueText(change.after) }];
}

/** Whether a `~` line fits `width` as `~ label: before -> after`; else before and after get their own lines. */
export function fitsOnOneLine(line: AttributeLine, width: number): boolean {
  return `      ~ ${line.label}: ${line.before} -> ${line.after}`.length <= width;
}

function routeText(route: unknown): string {
  if (typeof route === 'object' && route !== null) {
    const r = route as { destination?: unknown; nexthop?: unknown };
    return `${String(r.destination)} -> ${String(r.nexthop)}`;
  }
  return JSON.stringify(route);
}

/** Strings quoted (so `""` shows an empty value), everything else as JSON. */
export function valueText(value: unknown): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}

/** The header symbol of a VPC block, terraform style. */
export function actionSymbol(action: PlannedChange['action']): string {
  switch (action) {
    case 'update':
      return '~';
    case 'no-op':
      return '=';
    case 'error':
      return '!';
    default:
      return assertNever(action, 'action');
  }
}

export function changeHeading(change: PlannedChange): string {
  return change.id === undefined ? change.address : `${change.address} (${change.id})`;
}

/** Changes worth a block: updates, errors, and no-ops that carry a warning. */
export function shownChanges(plan: Plan): PlannedChange[] {
  return plan.changes.filter((c) => c.action !== 'no-op' || c.diagnostics.length > 0);
}

/** "2 to update, 5 unchanged, 1 error" */
export function summaryText(plan: Plan): string {
  const { update, no_op, error } = plan.summary;
  return `${update} to update, ${no_op} unchanged, ${error} ${error === 1 ? 'error' : 'errors'}`;
}

export function diagnosticLines(d: Diagnostic): { head: string; more: string[] } {
  const more: string[] = [];
  if (d.location) more.push(`at ${d.location.file}:${d.location.line}:${d.location.col}`);
  else if (d.path) more.push(`at ${d.path}`);
  if (d.detail) more.push(...d.detail.split('\n'));
  if (d.hint) more.push(`hint: ${d.hint}`);
  return { head: `${d.severity} ${d.code}: ${d.summary}`, more };
}
