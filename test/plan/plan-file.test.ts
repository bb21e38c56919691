import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePlan, serializePlan } from '../../src/plan/plan-file.js';
import { summarize } from '../../src/plan/build-plan.js';
import type { Plan, PlannedChange } from '../../src/plan/types.js';
import { VpcformError } from '../../src/errors/index.js';

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
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
const change: fc.Arbitrary<PlannedChange> = fc
  .record({
    key: fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/),
    id: fc.uuid(),
    action: fc.constantFrom('update', 'no-op', 'error') as fc.Arbitrary<PlannedChange['action']>,
    attributes: fc.uniqueArray(attribute, { maxLength: 4, selector: (a) => a.path }),
    name: fc.string(),
    fingerprint: hex64,
    diagnostics: fc.array(diagnostic, { maxLength: 2 }),
    resolved: fc.boolean(),
  })
  .map((c): PlannedChange => {
    const base = { address: `vpcs.${c.key}`, attributes: c.attributes, diagnostics: c.diagnostics };
    if (c.action === 'update') return { ...base, id: c.id, action: 'update', request: { vpc: requestFor(c.attributes, c.name) }, live_fingerprint: `sha256:${c.fingerprint}` };
    if (c.action === 'error' && !c.resolved) return { ...base, action: 'error' };
    return { ...base, id: c.id, action: c.action, live_fingerprint: `sha256:${c.fingerprint}` };
  });
/** As buildPlan makes it: each changed field's `after`, plus a `name` anchor when neither name nor cidr changes. */
function requestFor(attributes: ReadonlyArray<{ path: string; after: unknown }>, anchor: string): Record<string, unknown> {
  const body: Record<string, unknown> = Object.fromEntries(attributes.map((a) => [a.path, a.after]));
  if (!('name' in body) && !('cidr' in body)) body['name'] = anchor;
  return body;
}

const plan: fc.Arbitrary<Plan> = fc
  .record({ changes: fc.uniqueArray(change, { maxLength: 5, selector: (c) => c.address }), sha: hex64, date: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }), path: fc.string() })
  .map(({ changes, sha, date, path }) => ({
    format_version: 1,
    tool: { name: 'vpcform', version: '0.1.0' },
    created_at: date.toISOString(),
    target: { endpoint: 'http://127.0.0.1:8080', project_id: '0123456789abcdef0123456789abcdef' },
    desired: { path, sha256: sha },
    summary: summarize(changes),
    changes,
  }));

function refusal(text: string): VpcformError {
  try {
    parsePlan(text, 'plan.json');
  } catch (err) {
    if (err instanceof VpcformError) return err;
    throw err;
  }
  throw new Error('parsePlan accepted it');
}

describe('plan file', () => {
  it('parse(serialize(plan)) equals plan (property)', () => {
    fc.assert(
      fc.property(plan, (p) => {
        expect(parsePlan(serializePlan(p), 'plan.json')).toEqual(p);
      }),
      { numRuns: 200 },
    );
  });

  const sample = (): Plan => fc.sample(plan.filter((p) => p.changes.length > 0), { numRuns: 1, seed: 7 })[0] as Plan;

  it('refuses text that is not JSON, naming the file', () => {
    const err = refusal(serializePlan(sample()).slice(0, 40));
    expect(err.code).toBe('PLAN_CORRUPT');
    expect(err.summary).toContain('plan.json');
    expect(err.hint).toBeDefined();
  });

  it('refuses an unknown format_version before anything else', () => {
    const newer = { ...sample(), format_version: 2, something_new: true };
    const err = refusal(JSON.stringify(newer));
    expect(err.code).toBe('PLAN_FORMAT_VERSION');
    expect(err.summary).toContain('format_version 2');
    expect(err.hint).toContain('newer vpcform');
    expect(refusal('{"format_version": "1"}').code).toBe('PLAN_FORMAT_VERSION');
    expect(refusal('{"changes": []}').code).toBe('PLAN_CORRUPT');
  });

  it('refuses a plan that does not match the schema', () => {
    const p = sample();
    const broken = { ...p, changes: [{ ...p.changes[0], action: 'delete' }] };
    const err = refusal(JSON.stringify(broken));
    expect(err.code).toBe('PLAN_CORRUPT');
    expect(err.detail).toContain('/changes/0');
    expect(refusal('[]').code).toBe('PLAN_CORRUPT');
  });

  it('refuses an update without a request, and a request without name or cidr', () => {
    const base = sample();
    const update: PlannedChange = { address: 'vpcs.a', id: 'x', action: 'update', attributes: [], diagnostics: [], live_fingerprint: `sha256:${'0'.repeat(64)}` };
    const noRequest = { ...base, changes: [update], summary: summarize([update]) };
    expect(refusal(JSON.stringify(noRequest)).code).toBe('PLAN_CORRUPT');
    const noAnchor = { ...noRequest, changes: [{ ...update, request: { vpc: { description: 'x' } } }] };
    expect(refusal(JSON.stringify(noAnchor)).code).toBe('PLAN_CORRUPT');
  });

  it('refuses a repeated address, and two updates of one VPC', () => {
    const update: PlannedChange = {
      address: 'vpcs.a',
      id: 'x',
      action: 'update',
      attributes: [{ path: 'description', before: '', after: 'a' }],
      request: { vpc: { description: 'a', name: 'web' } },
      live_fingerprint: `sha256:${'0'.repeat(64)}`,
      diagnostics: [],
    };
    const withChanges = (changes: PlannedChange[]): string => JSON.stringify({ ...sample(), changes, summary: summarize(changes) });
    const sameAddress = refusal(withChanges([update, { ...update, id: 'y' }]));
    expect(sameAddress.code).toBe('PLAN_CORRUPT');
    expect(sameAddress.detail).toContain('vpcs.a appears more than once');
    const sameVpc = refusal(withChanges([update, { ...update, address: 'vpcs.b' }]));
    expect(sameVpc.code).toBe('PLAN_CORRUPT');
    expect(sameVpc.detail).toContain('VPC x is updated by more than one change');
    const noop: PlannedChange = { address: 'vpcs.b', id: 'x', action: 'no-op', attributes: [], live_fingerprint: update.live_fingerprint as string, diagnostics: [] };
    expect(parsePlan(withChanges([update, noop]), 'plan.json').changes).toHaveLength(2);
  });

  it('refuses a summary that does not match the changes', () => {
    const p = sample();
    const err = refusal(JSON.stringify({ ...p, summary: { ...p.summary, update: p.summary.update + 1 } }));
    expect(err.code).toBe('PLAN_CORRUPT');
    expect(err.detail).toContain('summary');
  });
});
