import type { DesiredVpc, Route } from '../config/types.js';
import type { LiveVpc } from './vpc.js';

/**
 * The managed fields of a VPC and how each one is compared and sent: the one table that plan, apply's
 * verification, fingerprints and drift all read (STYLE §5). A new attribute is a row here (plus the
 * schema, the emulator and tests), not an `if` in each stage. Every field is changed in place (PUT or
 * the tag API); none forces replacement.
 */
export type ManagedField = 'name' | 'cidr' | 'description' | 'enable_shared_snat' | 'routes' | 'tags';

/**
 * How a value is normalized before it is compared: strings and booleans as-is, routes as a set, tags
 * as a map with sorted keys (compared, and shown, key by key).
 */
export type FieldKind = 'string' | 'boolean' | 'routes' | 'tags';

/** The managed values of one VPC, normalized: all of them for a live VPC, those present for a desired one. */
export interface ManagedValues {
  name: string;
  cidr: string;
  description: string;
  enable_shared_snat: boolean;
  routes: Route[];
  tags: Record<string, string>;
}

export interface FieldSpec {
  field: ManagedField;
  kind: FieldKind;
  /**
   * Which call changes it: `put` — the PUT body of `/v1/{project_id}/vpcs/{vpc_id}`; `tags` — the batch
   * action of the v2.0 tag API (lifecycle-tags §3.2), so a tag-only change sends no PUT.
   */
  via: 'put' | 'tags';
  /** The API demands that a PUT body carry at least one of these (name or cidr). */
  anchorsRequest: boolean;
  /** Changing it needs a preflight against the VPC's subnets (cidr: VPC.0117; routes: nexthops). */
  checkedAgainstSubnets: boolean;
  /** The live value when the API omits the field (reference §1.3: routes may be null). */
  liveDefault: unknown;
  /**
   * How the field reaches a VPC being created: in the POST body, or after the VPC is OK — in the
   * follow-up PUT or tag call, per `via` (lifecycle-tags §1.1: the create API takes only name,
   * description and cidr; both providers tag after OK, §4.1).
   */
  onCreate: 'post' | 'later';
}

export const MANAGED_FIELDS: readonly FieldSpec[] = [
  { field: 'name', kind: 'string', via: 'put', anchorsRequest: true, checkedAgainstSubnets: false, liveDefault: '', onCreate: 'post' },
  { field: 'cidr', kind: 'string', via: 'put', anchorsRequest: true, checkedAgainstSubnets: true, liveDefault: '', onCreate: 'post' },
  { field: 'description', kind: 'string', via: 'put', anchorsRequest: false, checkedAgainstSubnets: false, liveDefault: '', onCreate: 'post' },
  { field: 'enable_shared_snat', kind: 'boolean', via: 'put', anchorsRequest: false, checkedAgainstSubnets: false, liveDefault: false, onCreate: 'later' },
  // Routes are checked too: a nexthop must be an IP inside a subnet of the VPC (reference §1.2).
  { field: 'routes', kind: 'routes', via: 'put', anchorsRequest: false, checkedAgainstSubnets: true, liveDefault: [], onCreate: 'later' },
  { field: 'tags', kind: 'tags', via: 'tags', anchorsRequest: false, checkedAgainstSubnets: false, liveDefault: {}, onCreate: 'later' },
];

/** The row of `field`. */
export function fieldSpec(field: string): FieldSpec | undefined {
  return MANAGED_FIELDS.find((f) => f.field === field);
}

/** Routes compared as a set: sorted by destination, then nexthop. `null` is `[]`. */
export function normalizeRoutes(routes: readonly Route[] | null | undefined): Route[] {
  return [...(routes ?? [])]
    .map((r) => ({ destination: r.destination, nexthop: r.nexthop }))
    .sort((a, b) => cmp(a.destination, b.destination) || cmp(a.nexthop, b.nexthop));
}

/** A tag set with its keys sorted, on a null prototype (any key, `__proto__` included, is data). */
export function normalizeTags(tags: Readonly<Record<string, string>> | null | undefined): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(tags ?? {}).sort(cmp)) out[key] = (tags as Record<string, string>)[key] as string;
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A value of `spec`'s field in its canonical form (`null`/absent is the field's live default). */
export function normalizeField(spec: FieldSpec, value: unknown): unknown {
  const present = value ?? spec.liveDefault;
  switch (spec.kind) {
    case 'routes':
      return normalizeRoutes(present as readonly Route[]);
    case 'tags':
      return normalizeTags(present as Record<string, string>);
    case 'string':
    case 'boolean':
      return present;
    default: {
      const never: never = spec.kind;
      throw new Error(`unhandled field kind ${String(never)}`);
    }
  }
}

/** Whether two values of one field are the same once normalized (routes as a set, tags as a map). */
export function sameFieldValue(spec: FieldSpec, a: unknown, b: unknown): boolean {
  return JSON.stringify(normalizeField(spec, a)) === JSON.stringify(normalizeField(spec, b));
}

/**
 * The managed fields of a live VPC, normalized, in table order (server-only fields dropped). Tags are
 * included only when refresh read them (`live.tags` set): unread tags are unknown, not empty.
 */
export function liveManagedValues(live: LiveVpc): ManagedValues {
  const out: Record<string, unknown> = {};
  for (const spec of MANAGED_FIELDS) {
    if (spec.kind === 'tags' && live.tags === undefined) continue;
    out[spec.field] = normalizeField(spec, live[spec.field]);
  }
  return out as unknown as ManagedValues;
}

/** The fields a desired VPC manages (only those present), normalized, in table order. */
export function desiredManagedValues(desired: DesiredVpc): Partial<ManagedValues> {
  const out: Record<string, unknown> = {};
  for (const spec of MANAGED_FIELDS) {
    const value = desired[spec.field];
    if (value !== undefined) out[spec.field] = normalizeField(spec, value);
  }
  return out as Partial<ManagedValues>;
}
