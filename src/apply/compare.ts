import type { LiveVpc, UpdateVpcBody } from '../model/vpc.js';
import { liveManagedValues, MANAGED_FIELDS, sameFieldValue, type ManagedField } from '../model/fields.js';
import type { AttributeChange } from '../plan/types.js';

/** One managed field whose live value is not the expected one. */
export interface FieldMismatch {
  field: ManagedField;
  expected: unknown;
  actual: unknown;
}

/**
 * The fields of `expected` (a PUT body: only the managed fields it carries) that the live VPC does not
 * have, compared the way plan compares them (routes as a set, absent description as '').
 */
export function mismatchedFields(expected: UpdateVpcBody, live: LiveVpc): FieldMismatch[] {
  const actual = liveManagedValues(live);
  const out: FieldMismatch[] = [];
  for (const spec of MANAGED_FIELDS) {
    const want = expected[spec.field];
    if (want === undefined) continue;
    const have = actual[spec.field];
    if (!sameFieldValue(spec, want, have)) out.push({ field: spec.field, expected: want, actual: have });
  }
  return out;
}

/**
 * What the plan knew of the live VPC: `before` of each planned attribute, and for the other fields
 * the PUT body carries, the body's value (those were equal at plan time, or they would be attributes).
 */
export function planTimeValues(attributes: readonly AttributeChange[], request: UpdateVpcBody | undefined): UpdateVpcBody {
  const known: Record<string, unknown> = { ...(request ?? {}) };
  for (const attr of attributes) {
    const field = attr.path.split('.')[0] ?? attr.path;
    if (MANAGED_FIELDS.some((f) => f.field === field)) known[field] = attr.before;
  }
  return known as UpdateVpcBody;
}

export function describeMismatch(m: FieldMismatch): string {
  return `${m.field}: expected ${JSON.stringify(m.expected)}, live ${JSON.stringify(m.actual)}`;
}
