import fc from 'fast-check';
import { summarize } from '../../../src/plan/build-plan.js';
import { followUpBody, postBody } from '../../../src/plan/plan-create.js';
import type { DesiredVpc } from '../../../src/config/types.js';
import { PLAN_FORMAT_VERSION, type AttributeChange, type Plan, type PlannedChange } from '../../../src/plan/types.js';

/** Plans as buildPlan makes them, of every action, for the plan-file properties. */

export const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const route = fc.record({ destination: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8'), nexthop: fc.ipV4() });
const diagnostic = fc.record(
  {
    code: fc.constantFrom('PLAN_VPC_NOT_FOUND', 'PLAN_NAME_TAKEN', 'PLAN_NEXTHOP_OUTSIDE_SUBNETS') as fc.Arbitrary<'PLAN_VPC_NOT_FOUND'>,
    severity: fc.constantFrom('error', 'warning') as fc.Arbitrary<'error' | 'warning'>,
    summary: fc.string(),
    detail: fc.string(),
    hint: fc.string(),
    location: fc.record({ file: fc.string(), line: fc.integer({ min: 1, max: 9999 }), col: fc.integer({ min: 1, max: 200 }) }),
    path: fc.string(),
  },
  { requiredKeys: ['code', 'severity', 'summary'] },
);
const attribute = fc.oneof(
  fc.record({ path: fc.constantFrom('name', 'cidr', 'description'), before: fc.string(), after: fc.string() }),
  fc.record({ path: fc.constant('enable_shared_snat'), before: fc.boolean(), after: fc.boolean() }),
  fc.record({ path: fc.constant('routes'), before: fc.array(route, { maxLength: 3 }), after: fc.array(route, { maxLength: 3 }) }),
);
/** The declared fields of a VPC to create (name and cidr always), in the field table's order. */
const declared = fc.record(
  {
    name: fc.string({ minLength: 1 }),
    cidr: fc.constantFrom('10.1.0.0/16', '192.168.0.0/24'),
    description: fc.string(),
    enable_shared_snat: fc.boolean(),
    routes: fc.array(route, { maxLength: 3 }),
    enterprise_project_id: fc.constantFrom('0', '0aad99bc-f5f6-4f78-8404-c598d76b0ed2'),
  },
  { requiredKeys: ['name', 'cidr'] },
);

/** As buildPlan makes it: each changed field's `after`, plus a `name` anchor when neither name nor cidr changes. */
export function requestFor(attributes: ReadonlyArray<{ path: string; after: unknown }>, anchor: string): Record<string, unknown> {
  const body: Record<string, unknown> = Object.fromEntries(attributes.map((a) => [a.path, a.after]));
  if (!('name' in body) && !('cidr' in body)) body['name'] = anchor;
  return body;
}

/** A create as planCreates makes it, from the declared fields. */
export function createOf(address: string, fields: Record<string, unknown>, waitsFor: string[] = []): PlannedChange {
  const attributes: AttributeChange[] = Object.entries(fields).map(([path, after]) => ({ path, before: null, after }));
  const desired = { ...fields, address, key: address.slice(5), ensure: 'present' } as DesiredVpc;
  const followUp = followUpBody(attributes);
  return {
    address,
    action: 'create',
    attributes,
    create_request: { vpc: postBody(desired) },
    ...(followUp !== undefined && { request: { vpc: followUp } }),
    ...(waitsFor.length > 0 && { waits_for: waitsFor }),
    diagnostics: [],
  };
}

const change = fc.record({
  key: fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/),
  action: fc.constantFrom('create', 'update', 'delete', 'no-op', 'error') as fc.Arbitrary<PlannedChange['action']>,
  attributes: fc.uniqueArray(attribute, { maxLength: 4, selector: (a) => a.path }),
  fields: declared,
  name: fc.string(),
  fingerprint: hex64,
  diagnostics: fc.array(diagnostic, { maxLength: 2 }),
  resolved: fc.boolean(),
  waits: fc.boolean(),
});

type Drawn = typeof change extends fc.Arbitrary<infer T> ? T : never;

function build(c: Drawn, index: number, earlier: readonly PlannedChange[]): PlannedChange {
  // Ids by position: fast-check's uuids repeat often, and two changes of one VPC are refused.
  const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  const base = { address: `vpcs.${c.key}`, attributes: c.attributes, diagnostics: c.diagnostics };
  const fingerprint = `sha256:${c.fingerprint}`;
  switch (c.action) {
    case 'create': {
      const freer = earlier.find((e) => e.action === 'delete' || e.action === 'update');
      return { ...createOf(base.address, c.fields, c.waits && freer ? [freer.address] : []), diagnostics: c.diagnostics };
    }
    case 'update':
      return { ...base, id, action: 'update', request: { vpc: requestFor(c.attributes, c.name) }, live_fingerprint: fingerprint };
    case 'delete': {
      const attributes = Object.entries(c.fields).map(([path, before]) => ({ path, before, after: null }));
      return { ...base, id, action: 'delete', attributes, live_fingerprint: fingerprint };
    }
    case 'error':
      return c.resolved ? { ...base, id, action: 'error', live_fingerprint: fingerprint } : { ...base, action: 'error' };
    case 'no-op':
      return { ...base, id, action: 'no-op', live_fingerprint: fingerprint };
    default:
      throw new Error(`unknown action ${String(c.action)}`);
  }
}

export const planArbitrary: fc.Arbitrary<Plan> = fc
  .record({
    changes: fc.uniqueArray(change, { maxLength: 6, selector: (c) => c.key }),
    sha: hex64,
    date: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
    path: fc.string(),
  })
  .map(({ changes: drawn, sha, date, path }) => {
    const changes: PlannedChange[] = [];
    drawn.forEach((c, i) => changes.push(build(c, i, changes)));
    return {
      format_version: PLAN_FORMAT_VERSION,
      tool: { name: 'vpcform', version: '0.2.0' },
      created_at: date.toISOString(),
      target: { endpoint: 'http://127.0.0.1:8080', project_id: '0123456789abcdef0123456789abcdef' },
      desired: { path, sha256: sha },
      summary: summarize(changes),
      changes,
    };
  });
