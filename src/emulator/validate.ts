import { parseIpv4 } from '../config/ipv4.js';
import { isAllowedVpcCidr, isRouteDestination, parseCidr } from './cidr.js';
import type { RouteRecord } from './types.js';

/**
 * Field rules of the VPC API (reference §1.2). Each check returns a reason text (for the emulator's
 * log and tests) or undefined; the caller maps any reason to the operation's VPC.0101 reply.
 */

export const NAME_PATTERN = /^[A-Za-z0-9_.-]{0,64}$/;
export const MAX_ROUTES = 200;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}

/** `"0"` (default project) or a UUID. */
export function isEnterpriseProjectId(text: string): boolean {
  return text === '0' || isUuid(text);
}

export function checkName(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'name must be a string';
  if (!NAME_PATTERN.test(value)) return 'name must be 0-64 letters, digits, "_", "-" or "."';
  return undefined;
}

export function checkDescription(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'description must be a string';
  if ([...value].length > 255) return 'description is longer than 255 characters';
  if (/[<>]/.test(value)) return 'description must not contain "<" or ">"';
  return undefined;
}

export function checkVpcCidr(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'cidr must be a string';
  const cidr = parseCidr(value);
  if (!cidr) return `cidr ${value} is not a valid IPv4 network`;
  if (!isAllowedVpcCidr(cidr)) return `cidr ${value} is outside 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 (prefix up to /28)`;
  return undefined;
}

export function checkSharedSnat(value: unknown): string | undefined {
  return typeof value === 'boolean' ? undefined : 'enable_shared_snat must be a boolean';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Routes: an array (or null on seeds) of `{destination, nexthop}` with unique destinations. */
export function checkRoutes(value: unknown, allowNull = false): string | undefined {
  if (value === null && allowNull) return undefined;
  if (!Array.isArray(value)) return 'routes must be an array';
  if (value.length > MAX_ROUTES) return `more than ${MAX_ROUTES} routes`;
  const seen = new Set<string>();
  for (const route of value) {
    if (!isPlainObject(route)) return 'a route must be an object';
    const extra = Object.keys(route).filter((k) => k !== 'destination' && k !== 'nexthop');
    if (extra.length > 0) return `unknown route field ${extra[0]}`;
    const { destination, nexthop } = route;
    if (typeof destination !== 'string' || !isRouteDestination(destination)) return 'route destination must be a CIDR';
    if (typeof nexthop !== 'string' || parseIpv4(nexthop) === undefined) return 'route nexthop must be an IPv4 address';
    if (seen.has(destination)) return `duplicate route destination ${destination}`;
    seen.add(destination);
  }
  return undefined;
}

export function copyRoutes(value: readonly RouteRecord[]): RouteRecord[] {
  return value.map((r) => ({ destination: r.destination, nexthop: r.nexthop }));
}

export const UPDATE_FIELDS = ['name', 'description', 'cidr', 'routes', 'enable_shared_snat'] as const;
export const CREATE_FIELDS = ['name', 'description', 'cidr', 'enterprise_project_id', 'tags'] as const;

export interface VpcPatch {
  name?: string;
  description?: string;
  cidr?: string;
  routes?: RouteRecord[];
  enable_shared_snat?: boolean;
}

/** The `vpc` object of a PUT body: known fields, valid values, and `name` or `cidr` present. */
export function checkUpdateBody(vpc: Record<string, unknown>): { patch: VpcPatch } | { reason: string } {
  const unknown = Object.keys(vpc).filter((k) => !(UPDATE_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) return { reason: `unknown field ${unknown[0]}` };
  if (vpc['name'] === undefined && vpc['cidr'] === undefined) return { reason: 'the body must carry name or cidr' };
  const patch: VpcPatch = {};
  const checks: Array<[string, (v: unknown) => string | undefined]> = [
    ['name', checkName],
    ['description', checkDescription],
    ['cidr', checkVpcCidr],
    ['routes', (v) => checkRoutes(v)],
    ['enable_shared_snat', checkSharedSnat],
  ];
  for (const [field, check] of checks) {
    const value = vpc[field];
    if (value === undefined) continue;
    const reason = check(value);
    if (reason) return { reason };
  }
  if (typeof vpc['name'] === 'string') patch.name = vpc['name'];
  if (typeof vpc['description'] === 'string') patch.description = vpc['description'];
  if (typeof vpc['cidr'] === 'string') patch.cidr = vpc['cidr'];
  if (Array.isArray(vpc['routes'])) patch.routes = copyRoutes(vpc['routes'] as RouteRecord[]);
  if (typeof vpc['enable_shared_snat'] === 'boolean') patch.enable_shared_snat = vpc['enable_shared_snat'];
  return { patch };
}

export interface CreateFields {
  name: string;
  description: string;
  cidr: string;
  enterprise_project_id: string;
}

/** The `vpc` object of a POST body: every field optional; cidr may be omitted (blank). */
export function checkCreateBody(vpc: Record<string, unknown>): { fields: CreateFields } | { reason: string } {
  const unknown = Object.keys(vpc).filter((k) => !(CREATE_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) return { reason: `unknown field ${unknown[0]}` };
  const name = vpc['name'] ?? '';
  const description = vpc['description'] ?? '';
  const cidr = vpc['cidr'];
  const eps = vpc['enterprise_project_id'] ?? '0';
  const reason =
    checkName(name) ??
    checkDescription(description) ??
    (cidr === undefined ? undefined : checkVpcCidr(cidr)) ??
    (typeof eps === 'string' && isEnterpriseProjectId(eps) ? undefined : 'enterprise_project_id must be "0" or a UUID') ??
    (vpc['tags'] === undefined || (Array.isArray(vpc['tags']) && vpc['tags'].every((t) => typeof t === 'string'))
      ? undefined
      : 'tags must be an array of strings');
  if (reason) return { reason };
  return {
    fields: { name: name as string, description: description as string, cidr: (cidr as string | undefined) ?? '', enterprise_project_id: eps as string },
  };
}
