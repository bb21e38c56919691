import deepDiff from 'deep-diff';
import type { DesiredVpc } from '../config/types.js';
import type { LiveVpc } from '../model/vpc.js';
import type { AttributeChange } from '../plan/types.js';
import { MANAGED_FIELDS, desiredManagedValues, liveManagedValues, type ManagedValues } from '../model/fields.js';

/**
 * The managed attributes of a desired VPC that differ from the live one, in table order.
 *
 * Pure. Both sides are normalized first (`routes: null` equals `[]`, routes compared as a set,
 * server-only fields dropped) and only fields present in `desired` are compared: an absent field is
 * left alone. deep-diff finds the differences; its N/E/D/A records stay inside this file — callers
 * get one `AttributeChange` per field, with the whole normalized value before and after, except tags:
 * one change per key (`tags.env`), `null` on the side where the key is missing. Tags are compared only
 * when refresh read them (`live.tags` set).
 */
export function diffVpc(desired: DesiredVpc, live: LiveVpc): AttributeChange[] {
  const wanted = desiredManagedValues(desired);
  if (live.tags === undefined) delete wanted.tags;
  const current = pickManaged(liveManagedValues(live), wanted);
  // Most VPCs of a large file are in sync: both sides are normalized with keys in the same order,
  // so equal JSON means no difference and deep-diff need not walk them.
  if (JSON.stringify(current) === JSON.stringify(wanted)) return [];
  const differences = deepDiff.diff(current, wanted) ?? [];
  const changed = new Set<string>();
  for (const d of differences) {
    const top = d.path?.[0];
    if (typeof top === 'string') changed.add(top);
  }
  const out: AttributeChange[] = [];
  for (const spec of MANAGED_FIELDS) {
    if (!changed.has(spec.field)) continue;
    if (spec.kind === 'tags') out.push(...tagChanges(current.tags ?? {}, wanted.tags ?? {}));
    else out.push({ path: spec.field, before: current[spec.field], after: wanted[spec.field] });
  }
  return out;
}

/** Key by key, in key order: added (`before: null`), changed, removed (`after: null`). */
export function tagChanges(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): AttributeChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: AttributeChange[] = [];
  for (const key of keys) {
    const was = Object.hasOwn(before, key) ? (before[key] as string) : null;
    const will = Object.hasOwn(after, key) ? (after[key] as string) : null;
    if (was !== will) out.push({ path: `tags.${key}`, before: was, after: will });
  }
  return out;
}

/** The live values of just the fields the desired side manages (deep-diff then sees no "deleted" keys). */
function pickManaged(live: ManagedValues, wanted: Partial<ManagedValues>): Partial<ManagedValues> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(wanted) as Array<keyof ManagedValues>) out[key] = live[key];
  return out as Partial<ManagedValues>;
}
