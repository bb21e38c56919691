import { PLAN_FORMAT_VERSION } from './types.js';

/**
 * The JSON Schema (2020-12) of a plan file: the source of truth for `schemas/plan.schema.json`
 * (test/plan/plan-schema.test.ts keeps the two equal; `UPDATE_GOLDEN=1` rewrites the file).
 */
const route = {
  type: 'object',
  additionalProperties: false,
  required: ['destination', 'nexthop'],
  properties: { destination: { type: 'string' }, nexthop: { type: 'string' } },
} as const;

const location = {
  type: 'object',
  additionalProperties: false,
  required: ['file', 'line', 'col'],
  properties: { file: { type: 'string' }, line: { type: 'integer', minimum: 1 }, col: { type: 'integer', minimum: 1 } },
} as const;

const diagnostic = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'severity', 'summary'],
  properties: {
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'Stable code, e.g. PLAN_CIDR_EXCLUDES_SUBNET.' },
    severity: { enum: ['error', 'warning'] },
    summary: { type: 'string' },
    detail: { type: 'string' },
    hint: { type: 'string', description: 'The next step to try.' },
    location: location,
    path: { type: 'string', description: 'Dotted path in the desired-state document, e.g. vpcs.web.cidr.' },
  },
} as const;

const updateBody = {
  type: 'object',
  additionalProperties: false,
  anyOf: [{ required: ['name'] }, { required: ['cidr'] }],
  properties: {
    name: { type: 'string' },
    cidr: { type: 'string' },
    description: { type: 'string' },
    enable_shared_snat: { type: 'boolean' },
    routes: { type: 'array', items: route },
  },
} as const;

/** `POST /v1/{project_id}/vpcs` takes only these; routes and shared SNAT follow in a PUT once the VPC is OK. */
const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'cidr'],
  properties: {
    name: { type: 'string' },
    cidr: { type: 'string' },
    description: { type: 'string' },
    enterprise_project_id: { type: 'string' },
  },
} as const;

/**
 * Attribute values as the plan holds them: normalized strings, booleans and route lists, or null for
 * the side that does not exist (before a create, after a delete). Typed per path so that readers and
 * renderers never meet a route list that is a number.
 */
const nullable = (schema: object) => ({ oneOf: [{ type: 'null' }, schema] }) as const;
const typedValue = (paths: readonly string[], schema: object) => {
  const value = nullable(schema);
  return { if: { properties: { path: { enum: paths } } }, then: { properties: { before: value, after: value } } } as const;
};

const attribute = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'before', 'after'],
  properties: { path: { type: 'string', pattern: '^(name|cidr|description|enterprise_project_id|enable_shared_snat|routes|tags\\..+)$' }, before: {}, after: {} },
  allOf: [
    typedValue(['name', 'cidr', 'description', 'enterprise_project_id'], { type: 'string' }),
    typedValue(['enable_shared_snat'], { type: 'boolean' }),
    typedValue(['routes'], { type: 'array', items: route }),
    // One tag key: `tags.<key>`, a string or null on the side where the key is missing.
    { if: { properties: { path: { type: 'string', pattern: '^tags\\.' } } }, then: { properties: { before: nullable({ type: 'string' }), after: nullable({ type: 'string' }) } } },
  ],
} as const;

/** The body of `POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action` (lifecycle-tags §3.2). */
const tagsRequest = {
  type: 'object',
  additionalProperties: false,
  required: ['action', 'tags'],
  properties: {
    action: { enum: ['create', 'delete'] },
    tags: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', additionalProperties: false, required: ['key', 'value'], properties: { key: { type: 'string', minLength: 1 }, value: { type: 'string' } } },
    },
  },
} as const;

/**
 * What one action must and must not carry. Forbidden keys are `false` schemas, so a reader's error
 * names the key (`/changes/0/request: boolean schema is false`); `fromNothing` is the side of every
 * attribute that does not exist (`before` of a create, `after` of a delete).
 */
const whenAction = (actions: readonly string[], rule: { required?: string[]; forbidden: string[]; fromNothing?: 'before' | 'after' }) => {
  const properties: Record<string, unknown> = Object.fromEntries(rule.forbidden.map((k) => [k, false]));
  if (rule.fromNothing !== undefined) {
    const present = rule.fromNothing === 'before' ? 'after' : 'before';
    const values = { [rule.fromNothing]: { type: 'null' }, [present]: { type: ['string', 'boolean', 'number', 'array', 'object'] } };
    properties['attributes'] = { type: 'array', items: { type: 'object', properties: values } };
  }
  return { if: { properties: { action: { enum: actions } } }, then: { ...(rule.required && { required: rule.required }), properties } } as const;
};

const change = {
  type: 'object',
  additionalProperties: false,
  required: ['address', 'action', 'attributes', 'diagnostics'],
  properties: {
    address: { type: 'string', pattern: '^vpcs\\.' },
    id: { type: 'string', minLength: 1 },
    action: { enum: ['create', 'update', 'delete', 'no-op', 'error'] },
    attributes: { type: 'array', items: attribute },
    request: {
      type: 'object',
      additionalProperties: false,
      required: ['vpc'],
      properties: { vpc: updateBody },
      description: 'The exact body of PUT /v1/{project_id}/vpcs/{vpc_id}: the update, or the follow-up update of a create once the VPC is OK.',
    },
    create_request: {
      type: 'object',
      additionalProperties: false,
      required: ['vpc'],
      properties: { vpc: createBody },
      description: 'create only: the exact body of POST /v1/{project_id}/vpcs.',
    },
    waits_for: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', pattern: '^vpcs\\.' },
      description: 'create only: addresses of this plan\'s deletes and renames that free the name or the quota first.',
    },
    tags_requests: {
      type: 'array',
      minItems: 1,
      maxItems: 2,
      items: tagsRequest,
      description: 'update and create: the exact tag calls, in order (removed keys, then one create for new and changed keys).',
    },
    live_fingerprint: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
    fingerprint_covers_tags: { const: true, description: 'The fingerprint covers the tags (the file manages them): a stale check reads them too.' },
    diagnostics: { type: 'array', items: diagnostic },
  },
  allOf: [
    whenAction(['create'], { required: ['create_request'], forbidden: ['id', 'live_fingerprint', 'fingerprint_covers_tags'], fromNothing: 'before' }),
    whenAction(['update'], { required: ['id', 'live_fingerprint'], forbidden: ['create_request', 'waits_for'] }),
    // An update sends a PUT, tag calls, or both.
    { if: { properties: { action: { const: 'update' } } }, then: { anyOf: [{ required: ['request'] }, { required: ['tags_requests'] }] } },
    whenAction(['delete'], { required: ['id', 'live_fingerprint'], forbidden: ['request', 'create_request', 'waits_for', 'tags_requests'], fromNothing: 'after' }),
    whenAction(['no-op', 'error'], { forbidden: ['request', 'create_request', 'waits_for', 'tags_requests'] }),
  ],
} as const;

const count = { type: 'integer', minimum: 0 } as const;

export const PLAN_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/vpcform/vpcform/schemas/plan.schema.json',
  title: 'vpcform plan',
  description: 'A saved vpcform plan: the creates (POST), updates (PUT) and deletes that bring the live VPCs in line with one desired-state file.',
  type: 'object',
  additionalProperties: false,
  required: ['format_version', 'tool', 'created_at', 'target', 'desired', 'summary', 'changes'],
  properties: {
    format_version: { const: PLAN_FORMAT_VERSION },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { const: 'vpcform' }, version: { type: 'string' } },
    },
    created_at: { type: 'string', format: 'date-time' },
    target: {
      type: 'object',
      additionalProperties: false,
      required: ['endpoint', 'project_id'],
      properties: { endpoint: { type: 'string', pattern: '^https?://[^\\s]+$' }, project_id: { type: 'string', minLength: 1 } },
    },
    desired: {
      type: 'object',
      additionalProperties: false,
      required: ['path', 'sha256'],
      properties: { path: { type: 'string' }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
    },
    targets: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', pattern: '^vpcs\\.[A-Za-z_][A-Za-z0-9_-]{0,63}$' },
      description:
        'The addresses given with --target; absent for a plan of the whole file. The changes are these and the entries they depend on; the other entries of the file were not planned.',
    },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['create', 'update', 'delete', 'no_op', 'error'],
      properties: { create: count, update: count, delete: count, no_op: count, error: count },
    },
    changes: { type: 'array', items: change },
  },
} as const;
