import type { DesiredVpc, Route } from '../config/types.js';
import type { LiveVpc, UpdateVpcBody } from './vpc.js';

/**
 * The managed fields of a VPC and how each one is compared and sent: the one table that plan, apply's
 * verification, fingerprints and drift all read (STYLE §5). A new attribute is a row here (plus the
 * schema, the emulator and tests), not an `if` in each stage. Every field here is updated in place by
 * `PUT /v1/{project_id}/vpcs/{vpc_id}`; none forces replacement.
 */
export type ManagedField = 'name' | 'cidr' | 'description' | 'enable_shared_snat' | 'routes';

/** How a value is normalized before it is compared: strings and booleans as-is, routes as a set. */
export type FieldKind = 'string' | 'boolean' | 'routes';

export interface FieldSpec {
  field: ManagedField;
  kind: FieldKind;
  /** The API demands that a PUT body carry at least one of these (name or cidr). */
  anchorsRequest: boolean;
  /** Changing it needs a preflight against the VPC's subnets (cidr: VPC.0117; routes: nexthops). */
  checkedAgainstSubnets: boolean;
  /** The live value when the API omits the field (reference §1.3: routes may be null). */
  liveDefault: unknown;
  /**
   * How the field reaches a VPC being created: in the POST body, or in the update that follows once
   * the VPC is OK (lifecycle-tags §1.1: the create API takes only name, description and cidr).
   */
  onCreate: 'post' | 'update';
}

export const MANAGED_FIELDS: readonly FieldSpec[] = [
  { field: 'name', kind: 'string', anchorsRequest: true, checkedAgainstSubnets: false, liveDefault: '', onCreate: 'post' },
  { field: 'cidr', kind: 'string', anchorsRequest: true, checkedAgainstSubnets: true, liveDefault: '', onCreate: 'post' },
  { field: 'description', kind: 'string', anchorsRequest: false, checkedAgainstSubnets: false, liveDefault: '', onCreate: 'post' },
  { field: 'enable_shared_snat', kind: 'boolean', anchorsRequest: false, checkedAgainstSubnets: false, liveDefault: false, onCreate: 'update' },
  // Routes are checked too: a nexthop must be an IP inside a subnet of the VPC (reference §1.2).
  { field: 'routes', kind: 'routes', anchorsRequest: false, checkedAgainstSubnets: true, liveDefault: [], onCreate: 'update' },
];

/** Routes compared as a set: sorted by destination, then nexthop. `null` is `[]`. */
export function normalizeRoutes(routes: readonly Route[] | null | undefined): Route[] {
  return [...(routes ?? [])]
    .map((r) => ({ destination: r.destination, nexthop: r.nexthop }))
    .sort((a, b) => cmp(a.destination, b.destination) || cmp(a.nexthop, b.nexthop));
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
    case 'string':
    case 'boolean':
      return present;
    default: {
      const never: never = spec.kind;
      throw new Error(`unhandled field kind ${String(never)}`);
    }
  }
}

/** Whether two values of one field are the same once normalized (routes as a set). */
export function sameFieldValue(spec: FieldSpec, a: unknown, b: unknown): boolean {
  return JSON.stringify(normalizeField(spec, a)) === JSON.stringify(normalizeField(spec, b));
}

/** The managed fields of a live VPC, normalized, in table order (server-only fields dropped). */
export function liveManagedValues(live: LiveVpc): Required<UpdateVpcBody> {
  const out: Record<string, unknown> = {};
  for (const spec of MANAGED_FIELDS) out[spec.field] = normalizeField(spec, live[spec.field]);
  return out as Required<UpdateVpcBody>;
}

/** The fields a desired VPC manages (only those present), normalized, in table order. */
export function desiredManagedValues(desired: DesiredVpc): UpdateVpcBody {
  const out: Record<string, unknown> = {};
  for (const spec of MANAGED_FIELDS) {
    const value = desired[spec.field];
    if (value !== undefined) out[spec.field] = normalizeField(spec, value);
  }
  return out as UpdateVpcBody;
}
