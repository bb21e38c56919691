import type { LiveVpc, UpdateVpcBody } from '../model/vpc.js';
import { fieldSpec, liveManagedValues, MANAGED_FIELDS, sameFieldValue, type ManagedField, type ManagedValues } from '../model/fields.js';
import type { AttributeChange } from '../plan/types.js';

/** One managed field whose live value is not the expected one. */
export interface FieldMismatch {
  /** A managed field, or `enterprise_project_id`, which a create sets and verifies but nothing else manages. */
  field: ManagedField | 'enterprise_project_id';
  expected: unknown;
  actual: unknown;
}

/**
 * The fields of `expected` (a PUT or POST body: only the managed fields it carries) that the live VPC
 * does not have, compared the way plan compares them (routes as a set, absent description as '').
 */
export function mismatchedFields(expected: Partial<ManagedValues>, live: LiveVpc): FieldMismatch[] {
  const actual = liveManagedValues(live) as Partial<ManagedValues>;
  const out: FieldMismatch[] = [];
  for (const spec of MANAGED_FIELDS) {
    if (spec.via !== 'put') continue;
    const want = expected[spec.field];
    if (want === undefined) continue;
    const have = actual[spec.field];
    if (!sameFieldValue(spec, want, have)) out.push({ field: spec.field, expected: want, actual: have });
  }
  return out;
}

/**
 * The planned `tags.<key>` attributes that the live tags do not show: a key to set must have its new
 * value, a key to remove must be gone. Keys the plan does not touch are not checked. One mismatch for
 * all keys, or none.
 */
export function mismatchedTags(attributes: readonly AttributeChange[], liveTags: Readonly<Record<string, string>>): FieldMismatch[] {
  const expected: Record<string, string | null> = {};
  const actual: Record<string, string | null> = {};
  for (const attr of attributes) {
    if (!attr.path.startsWith('tags.')) continue;
    const key = attr.path.slice(5);
    const have = Object.hasOwn(liveTags, key) ? (liveTags[key] as string) : null;
    if (have === attr.after) continue;
    expected[key] = attr.after as string | null;
    actual[key] = have;
  }
  return Object.keys(expected).length === 0 ? [] : [{ field: 'tags', expected, actual }];
}

/**
 * What the plan knew of the live VPC's PUT fields: `before` of each planned attribute, and for the
 * other fields the PUT body carries, the body's value (those were equal at plan time, or they would be
 * attributes). Tags are covered by the fingerprint, not here.
 */
export function planTimeValues(attributes: readonly AttributeChange[], request: UpdateVpcBody | undefined): Partial<ManagedValues> {
  const known: Record<string, unknown> = { ...(request ?? {}) };
  for (const attr of attributes) if (fieldSpec(attr.path)?.via === 'put') known[attr.path] = attr.before;
  return known as Partial<ManagedValues>;
}

export function describeMismatch(m: FieldMismatch): string {
  return `${m.field}: expected ${JSON.stringify(m.expected)}, live ${JSON.stringify(m.actual)}`;
}
