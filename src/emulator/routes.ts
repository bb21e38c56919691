import type { TagRouteName } from './handlers/tags.js';

/** The API routes the emulator serves, as templates (these are also the keys of `/_emulator/stats`). */

export type RouteName =
  | 'vpcs.create'
  | 'vpcs.list'
  | 'vpcs.show'
  | 'vpcs.update'
  | 'vpcs.delete'
  | 'subnets.create'
  | 'subnets.list'
  | 'subnets.show'
  | 'subnets.delete'
  | 'quotas.show'
  | 'iam.tokens'
  | 'iam.versions'
  | 'iam.version'
  | TagRouteName;

interface RouteDef {
  name: RouteName;
  method: string;
  template: string;
  /** A POST that only reads (the tag filter): never counted as a write, so never faulted "after the change". */
  readOnly?: true;
}

const ROUTES: readonly RouteDef[] = [
  { name: 'vpcs.create', method: 'POST', template: '/v1/{project_id}/vpcs' },
  { name: 'vpcs.list', method: 'GET', template: '/v1/{project_id}/vpcs' },
  { name: 'vpcs.show', method: 'GET', template: '/v1/{project_id}/vpcs/{vpc_id}' },
  { name: 'vpcs.update', method: 'PUT', template: '/v1/{project_id}/vpcs/{vpc_id}' },
  { name: 'vpcs.delete', method: 'DELETE', template: '/v1/{project_id}/vpcs/{vpc_id}' },
  { name: 'subnets.create', method: 'POST', template: '/v1/{project_id}/subnets' },
  { name: 'subnets.list', method: 'GET', template: '/v1/{project_id}/subnets' },
  { name: 'subnets.show', method: 'GET', template: '/v1/{project_id}/subnets/{subnet_id}' },
  { name: 'subnets.delete', method: 'DELETE', template: '/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}' },
  { name: 'quotas.show', method: 'GET', template: '/v1/{project_id}/quotas' },
  { name: 'iam.tokens', method: 'POST', template: '/v3/auth/tokens' },
  { name: 'iam.versions', method: 'GET', template: '/' },
  { name: 'iam.version', method: 'GET', template: '/v3' },
  { name: 'tags.batch', method: 'POST', template: '/v2.0/{project_id}/vpcs/{vpc_id}/tags/action' },
  { name: 'tags.list', method: 'GET', template: '/v2.0/{project_id}/vpcs/{vpc_id}/tags' },
  { name: 'tags.add', method: 'POST', template: '/v2.0/{project_id}/vpcs/{vpc_id}/tags' },
  { name: 'tags.delete', method: 'DELETE', template: '/v2.0/{project_id}/vpcs/{vpc_id}/tags/{key}' },
  { name: 'tags.project', method: 'GET', template: '/v2.0/{project_id}/vpcs/tags' },
  { name: 'tags.filter', method: 'POST', template: '/v2.0/{project_id}/vpcs/resource_instances/action', readOnly: true },
];

export interface RouteMatch {
  kind: 'match';
  name: RouteName;
  /** `PUT /v1/{project_id}/vpcs/{vpc_id}`. */
  key: string;
  params: Record<string, string>;
  /** The request changes state (any method but GET, except read-only POSTs). */
  write: boolean;
}

export type RouteResult = RouteMatch | { kind: 'method-not-allowed'; allow: string[] } | { kind: 'no-route' };

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function matchTemplate(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = template.split('/').slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part.startsWith('{')) {
      if (segment === '') return undefined;
      params[part.slice(1, -1)] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

/** Matches a raw path (a trailing `/` is tolerated) against the routes. */
export function matchRoute(method: string, rawPath: string): RouteResult {
  const trimmed = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const decoded = trimmed.split('/').slice(1).map(decodeSegment);
  if (decoded.some((s) => s === undefined)) return { kind: 'no-route' };
  const segments = decoded as string[];
  const allow: string[] = [];
  for (const route of ROUTES) {
    const params = matchTemplate(route.template, segments);
    if (!params) continue;
    if (route.method === method) {
      return { kind: 'match', name: route.name, key: `${route.method} ${route.template}`, params, write: method !== 'GET' && route.readOnly !== true };
    }
    allow.push(route.method);
  }
  return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'no-route' };
}
