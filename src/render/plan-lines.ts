import { assertNever, type Diagnostic } from '../errors/index.js';
import type { AttributeChange, Plan, PlannedChange } from '../plan/types.js';

/**
 * The plan as renderer-neutral lines: text, markdown and ink draw the same content, each in its own
 * way. Reads only the plan (the JSON `show --json` prints), never engine internals.
 */
export type LineSign = '~' | '+' | '-';

/**
 * - `changed`: `~ description: "web" -> "web tier"` (an update).
 * - `entry`: one route added or removed by an update, under a `~ routes:` line.
 * - `value`: a whole value that comes or goes (create, delete): `+ name = "vpc-new"`.
 * - `item`: one route of a list that comes or goes: `+ routes: 0.0.0.0/0 -> 10.1.0.5`.
 */
export type AttributeLine =
  | { kind: 'changed'; label: string; before: string; after: string }
  | { kind: 'entry'; sign: '+' | '-'; label: string; entry: string }
  | { kind: 'value'; sign: '+' | '-'; label: string; value: string }
  | { kind: 'item'; sign: '+' | '-'; label: string; entry: string };

export function attributeLines(change: AttributeChange): AttributeLine[] {
  const { path, before, after } = change;
  if (before === null && after !== null) return wholeLines('+', path, after);
  if (after === null && before !== null) return wholeLines('-', path, before);
  if (path === 'routes' && Array.isArray(before) && Array.isArray(after)) {
    const was = before.map(routeText);
    const now = after.map(routeText);
    return [
      ...was.filter((r) => !now.includes(r)).map((entry): AttributeLine => ({ kind: 'entry', sign: '-', label: path, entry })),
      ...now.filter((r) => !was.includes(r)).map((entry): AttributeLine => ({ kind: 'entry', sign: '+', label: path, entry })),
    ];
  }
  return [{ kind: 'changed', label: path, before: valueText(before), after: valueText(after) }];
}

/** A value that is created or destroyed whole: a non-empty route list one line per route, as Terraform lists set members. */
function wholeLines(sign: '+' | '-', label: string, value: unknown): AttributeLine[] {
  if (label === 'routes' && Array.isArray(value) && value.length > 0) return value.map((r) => ({ kind: 'item', sign, label, entry: routeText(r) }));
  return [{ kind: 'value', sign, label, value: valueText(value) }];
}

/** Every line of a change, and the width its `label = value` lines align their `=` to. */
export function changeLines(change: PlannedChange): { lines: AttributeLine[]; labelWidth: number } {
  const lines = change.attributes.flatMap(attributeLines);
  const labelWidth = Math.max(0, ...lines.filter((l) => l.kind === 'value').map((l) => l.label.length));
  return { lines, labelWidth };
}

/** `+ name = "vpc-new"` (padded to `labelWidth`) or `+ routes: 0.0.0.0/0 -> 10.1.0.5`, for `value` and `item` lines. */
export function wholeText(line: Extract<AttributeLine, { kind: 'value' | 'item' }>, labelWidth: number): string {
  return line.kind === 'value' ? `${line.sign} ${line.label.padEnd(labelWidth)} = ${line.value}` : `${line.sign} ${line.label}: ${line.entry}`;
}

/** Whether a `~` line fits `width` as `~ label: before -> after`; else before and after get their own lines. */
export function fitsOnOneLine(line: Extract<AttributeLine, { kind: 'changed' }>, width: number): boolean {
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
    case 'create':
      return '+';
    case 'update':
      return '~';
    case 'delete':
      return '-';
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

/** What happens to the VPC, after its heading, as Terraform says it; nothing for no-ops and errors. */
export function actionPhrase(action: PlannedChange['action']): string | undefined {
  switch (action) {
    case 'create':
      return 'will be created';
    case 'update':
      return 'will be updated in-place';
    case 'delete':
      return 'will be destroyed';
    case 'no-op':
    case 'error':
      return undefined;
    default:
      return assertNever(action, 'action');
  }
}

/**
 * `(waits for vpcs.old to be deleted)`: what a create waits for and why — the name held by a VPC
 * this plan deletes or renames, or quota that a delete frees. Undefined when it waits for nothing.
 */
export function waitsText(change: PlannedChange, plan: Plan): string | undefined {
  if (change.waits_for === undefined || change.waits_for.length === 0) return undefined;
  const name = change.attributes.find((a) => a.path === 'name')?.after;
  const reasons = change.waits_for.map((address) => {
    const other = plan.changes.find((c) => c.address === address);
    if (other?.action === 'update') return `${address} to be renamed`;
    const heldName = other?.attributes.find((a) => a.path === 'name')?.before;
    return heldName !== undefined && heldName === name ? `${address} to be deleted` : `${address} to be deleted: the VPC quota is full`;
  });
  return `(waits for ${reasons.join('; ')})`;
}

/** Changes worth a block: creates, updates, deletes, errors, and no-ops that carry a warning. */
export function shownChanges(plan: Plan): PlannedChange[] {
  return plan.changes.filter((c) => c.action !== 'no-op' || c.diagnostics.length > 0);
}

/**
 * "1 to create, 2 to update, 1 to delete, 0 errors" — Terraform's wording, which counts what will
 * happen: unchanged VPCs are not counted here (the JSON summary has `no_op`).
 */
export function summaryText(plan: Plan): string {
  const { create, update, delete: del, error } = plan.summary;
  return `${create} to create, ${update} to update, ${del} to delete, ${error} ${error === 1 ? 'error' : 'errors'}`;
}

export function diagnosticLines(d: Diagnostic): { head: string; more: string[] } {
  const more: string[] = [];
  if (d.location) more.push(`at ${d.location.file}:${d.location.line}:${d.location.col}`);
  else if (d.path) more.push(`at ${d.path}`);
  if (d.detail) more.push(...d.detail.split('\n'));
  if (d.hint) more.push(`hint: ${d.hint}`);
  return { head: `${d.severity} ${d.code}: ${d.summary}`, more };
}
