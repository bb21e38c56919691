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

/** What a plan made with `--target` covers: the targets, and each entry added because a target depends on it. */
export interface TargetingScope {
  targets: string[];
  added: Array<{ address: string; because: string }>;
}

/** Undefined for a plan of the whole file. From the plan alone, so `show` says it too. */
export function targetingScope(plan: Plan): TargetingScope | undefined {
  const targets = plan.targets;
  if (targets === undefined) return undefined;
  const added = plan.changes.filter((c) => !targets.includes(c.address)).map((c) => ({ address: c.address, because: addedBecause(c, plan, targets) }));
  return { targets, added };
}

/** Why an untargeted change is in a targeted plan: a target waits for it, or it acts on a target's VPC. */
function addedBecause(change: PlannedChange, plan: Plan, targets: readonly string[]): string {
  const targeted = plan.changes.filter((c) => targets.includes(c.address));
  const waiting = targeted.filter((c) => c.waits_for?.includes(change.address)).map((c) => c.address);
  if (waiting.length > 0) return `${waiting.join(', ')} ${waiting.length === 1 ? 'waits' : 'wait'} for it`;
  const same = targeted.filter((c) => change.id !== undefined && c.id === change.id).map((c) => c.address);
  if (same.length > 0) return `the same VPC as ${same.join(', ')}`;
  return 'a dependency';
}

/**
 * Terraform's "Resource targeting is in effect" warning, worded for vpcform (text and ink): what the
 * plan covers, and that the rest of the file was left out. `code` marks addresses and flags (markdown).
 */
export function targetingLines(plan: Plan, code: (text: string) => string = (t) => t): { head: string; more: string[] } | undefined {
  const scope = targetingScope(plan);
  if (scope === undefined) return undefined;
  const { targets, added } = scope;
  return {
    head: 'Warning: targeting is in effect',
    more: [
      `This plan covers only the targeted ${targets.length === 1 ? 'VPC' : 'VPCs'}: ${targets.map(code).join(', ')}.`,
      ...(added.length > 0 ? [`Added because a target depends on ${added.length === 1 ? 'it' : 'them'}: ${added.map((a) => `${code(a.address)} (${a.because})`).join(', ')}.`] : []),
      `The other VPCs of ${code(plan.desired.path)} were left out, so this plan may not show every change the file asks for.`,
      `${code('--target')} is for exceptions (an urgent fix, recovering from an error): plan without it to see what else is pending.`,
    ],
  };
}

/** After applying a targeted plan, Terraform's "Applied changes may be incomplete". Undefined otherwise. */
export function appliedWithTargetsNote(plan: Plan): string | undefined {
  if (plan.targets === undefined) return undefined;
  const path = plan.desired.path;
  return `Warning: applied changes may be incomplete: the plan for ${path} was made with --target (${plan.targets.join(', ')}), so other changes the file asks for may be pending. Run \`vpcform plan -f ${path}\` to see them.`;
}
