import type { DesiredVpc, Route } from '../config/types.js';
import type { LiveVpc, UpdateVpcBody } from '../cloud/types.js';

/**
 * The managed fields of a VPC and how each one updates: the one table that plan, apply's
 * verification and drift all read (STYLE §5). Every field here is updated in place by
 * `PUT /v1/{project_id}/vpcs/{vpc_id}`; none forces replacement.
 */
export type ManagedField = 'name' | 'cidr' | 'description' | 'enable_shared_snat' | 'routes';

export interface FieldSpec {
  field: ManagedField;
  /** How the value is compared: strings as-is, routes as a set. */
  kind: 'string' | 'boolean' | 'routes';
  /** The API demands that a PUT body carry at least one of these (name or cidr). */
  anchorsRequest: boolean;
  /** Changing it needs a preflight against the VPC's subnets (cidr: VPC.0117; routes: nexthops). */
  checkedAgainstSubnets: boolean;
  /** The live value when the API omits the field (reference §1.3: routes may be null). */
  liveDefault: unknown;
}

export const MANAGED_FIELDS: readonly FieldSpec[] = [
  { field: 'name', kind: 'string', anchorsRequest: true, checkedAgainstSubnets: false, liveDefault: '' },
  { field: 'cidr', kind: 'string', anchorsRequest: true, checkedAgainstSubnets: true, liveDefault: '' },
  { field: 'description', kind: 'string', anchorsRequest: false, checkedAgainstSubnets: false, liveDefault: '' },
  { field: 'enable_shared_snat', kind: 'boolean', anchorsRequest: false, checkedAgainstSubnets: false, liveDefault: false },
  // Routes are checked too: a nexthop must be an IP inside a subnet of the VPC (reference §1.2).
  { field: 'routes', kind: 'routes', anchorsRequest: false, checkedAgainstSubnets: true, liveDefault: [] },
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

/** The managed fields of a live VPC, normalized (server-only fields dropped). */
export function liveManagedValues(live: LiveVpc): Required<UpdateVpcBody> {
  return {
    name: live.name ?? '',
    cidr: live.cidr ?? '',
    description: live.description ?? '',
    enable_shared_snat: live.enable_shared_snat ?? false,
    routes: normalizeRoutes(live.routes),
  };
}

/** The fields a desired VPC manages (only those present), normalized. */
export function desiredManagedValues(desired: DesiredVpc): UpdateVpcBody {
  const out: UpdateVpcBody = {};
  for (const spec of MANAGED_FIELDS) {
    const value = desired[spec.field];
    if (value === undefined) continue;
    switch (spec.field) {
      case 'routes':
        out.routes = normalizeRoutes(desired.routes);
        break;
      case 'name':
      case 'cidr':
      case 'description':
        out[spec.field] = value as string;
        break;
      case 'enable_shared_snat':
        out.enable_shared_snat = value as boolean;
        break;
      default: {
        const never: never = spec.field;
        throw new Error(`unhandled field ${String(never)}`);
      }
    }
  }
  return out;
}
