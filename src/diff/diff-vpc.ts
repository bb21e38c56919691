import deepDiff from 'deep-diff';
import type { DesiredVpc } from '../config/types.js';
import type { LiveVpc, UpdateVpcBody } from '../model/vpc.js';
import type { AttributeChange } from '../plan/types.js';
import { MANAGED_FIELDS, desiredManagedValues, liveManagedValues, type ManagedField } from '../model/fields.js';

/**
 * The managed attributes of a desired VPC that differ from the live one, in table order.
 *
 * Pure. Both sides are normalized first (`routes: null` equals `[]`, routes compared as a set,
 * server-only fields dropped) and only fields present in `desired` are compared: an absent field is
 * left alone. deep-diff finds the differences; its N/E/D/A records stay inside this file — callers
 * get one `AttributeChange` per field, with the whole normalized value before and after.
 */
export function diffVpc(desired: DesiredVpc, live: LiveVpc): AttributeChange[] {
  const wanted = desiredManagedValues(desired);
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
    out.push({ path: spec.field, before: current[spec.field], after: wanted[spec.field] });
  }
  return out;
}

/** The live values of just the fields the desired side manages (deep-diff then sees no "deleted" keys). */
function pickManaged(live: Required<UpdateVpcBody>, wanted: UpdateVpcBody): UpdateVpcBody {
  const out: UpdateVpcBody = {};
  for (const key of Object.keys(wanted) as ManagedField[]) {
    setField(out, key, live[key]);
  }
  return out;
}

function setField(body: UpdateVpcBody, field: ManagedField, value: unknown): void {
  (body as Record<ManagedField, unknown>)[field] = value;
}
