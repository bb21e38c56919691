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

const change = {
  type: 'object',
  additionalProperties: false,
  required: ['address', 'action', 'attributes', 'diagnostics'],
  properties: {
    address: { type: 'string', pattern: '^vpcs\\.' },
    id: { type: 'string', minLength: 1 },
    action: { enum: ['update', 'no-op', 'error'] },
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'before', 'after'],
        properties: { path: { type: 'string' }, before: {}, after: {} },
      },
    },
    request: {
      type: 'object',
      additionalProperties: false,
      required: ['vpc'],
      properties: { vpc: updateBody },
      description: 'The exact body of PUT /v1/{project_id}/vpcs/{vpc_id}.',
    },
    live_fingerprint: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
    diagnostics: { type: 'array', items: diagnostic },
  },
  allOf: [
    { if: { properties: { action: { const: 'update' } } }, then: { required: ['id', 'request', 'live_fingerprint'] }, else: { not: { required: ['request'] } } },
  ],
} as const;

const count = { type: 'integer', minimum: 0 } as const;

export const PLAN_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/vpcform/vpcform/schemas/plan.schema.json',
  title: 'vpcform plan',
  description: 'A saved vpcform plan: the PUT updates that bring the live VPCs in line with one desired-state file.',
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
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['update', 'no_op', 'error'],
      properties: { update: count, no_op: count, error: count },
    },
    changes: { type: 'array', items: change },
  },
} as const;
