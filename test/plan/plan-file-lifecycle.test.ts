import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/plan-file.js';
import { summarize } from '../../src/plan/build-plan.js';
import { VpcformError } from '../../src/errors/index.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlannedChange } from '../../src/plan/types.js';
import { createOf } from './helpers/plan-arbitraries.js';

/** Reading plans of format 2: creates and deletes, what each action may carry, and hand edits. */

const FINGERPRINT = `sha256:${'a'.repeat(64)}`;
const ROUTE = { destination: '0.0.0.0/0', nexthop: '10.1.0.5' };

const create = (): PlannedChange =>
  createOf('vpcs.new', { name: 'vpc-new', cidr: '10.1.0.0/16', description: 'made by vpcform', routes: [ROUTE] }, ['vpcs.old']);
const del = (): PlannedChange => ({
  address: 'vpcs.old',
  id: '5f0c9a1e-2b3d-4c5e-8f6a-7b8c9d0e1f2a',
  action: 'delete',
  attributes: [
    { path: 'name', before: 'vpc-new', after: null },
    { path: 'cidr', before: '10.9.0.0/16', after: null },
  ],
  live_fingerprint: FINGERPRINT,
  diagnostics: [],
});

function planText(changes: readonly unknown[], extra: Record<string, unknown> = {}): string {
  const plan = {
    format_version: PLAN_FORMAT_VERSION,
    tool: { name: 'vpcform', version: '0.2.0' },
    created_at: '2025-01-02T03:04:05.000Z',
    target: { endpoint: 'http://127.0.0.1:8080', project_id: '0123456789abcdef0123456789abcdef' },
    desired: { path: 'vpcs.yaml', sha256: 'b'.repeat(64) },
    summary: summarize(changes as PlannedChange[]),
    changes,
    ...extra,
  };
  return JSON.stringify(plan);
}

function refusal(text: string): VpcformError {
  try {
    parsePlan(text, 'plan.json');
  } catch (err) {
    if (err instanceof VpcformError) return err;
    throw err;
  }
  throw new Error('parsePlan accepted it');
}

/** A create as a hand editor sees it: plain JSON. */
interface EditableCreate {
  attributes: Array<{ path: string; before: unknown; after: unknown }>;
  create_request: { vpc: Record<string, unknown> };
  request?: { vpc: Record<string, unknown> };
}

/** A create edited by `edit`, next to the delete it waits for. */
const editedCreate = (edit: (c: EditableCreate) => unknown): string => {
  const c = structuredClone(create()) as unknown as EditableCreate;
  edit(c);
  return planText([del(), c]);
};

describe('plan file, format 2: creates and deletes', () => {
  it('reads a create that waits for a delete, as buildPlan writes it', () => {
    const plan: Plan = parsePlan(planText([del(), create()]), 'plan.json');
    expect(plan.summary).toEqual({ create: 1, update: 0, delete: 1, no_op: 0, error: 0 });
    expect(plan.changes[1]?.create_request).toEqual({ vpc: { name: 'vpc-new', cidr: '10.1.0.0/16', description: 'made by vpcform' } });
    expect(plan.changes[1]?.request).toEqual({ vpc: { routes: [ROUTE], name: 'vpc-new' } });
  });

  it('refuses a plan of format 1 with what made it and what to do', () => {
    const v1 = JSON.stringify({ format_version: 1, tool: { name: 'vpcform', version: '0.1.0' }, summary: { update: 0, no_op: 0, error: 0 }, changes: [] });
    const err = refusal(v1);
    expect(err.code).toBe('PLAN_FORMAT_VERSION');
    expect(err.summary).toBe('plan.json was made by vpcform 0.1.0 (plan format 1); this vpcform writes format 2: run `vpcform plan --out` again');
    expect(err.hint).toContain('vpcform plan --out PLAN');
    // The file's own version is printed only when it looks like one.
    const hostile = JSON.stringify({ format_version: 1, tool: { version: '\u001b[2Jrm -rf' } });
    expect(refusal(hostile).summary).toContain('was made by an older vpcform (plan format 1)');
  });

  it('refuses a hand-edited POST body: what is sent must be what was shown', () => {
    const cases: Array<[string, (c: EditableCreate) => unknown, string]> = [
      ['name', (c) => (c.create_request.vpc['name'] = 'other'), 'create_request.vpc.name is not the planned value'],
      ['cidr', (c) => (c.create_request.vpc['cidr'] = '10.2.0.0/16'), 'create_request.vpc.cidr is not the planned value'],
      ['added key', (c) => (c.create_request.vpc['enterprise_project_id'] = '0'), 'create_request.vpc carries enterprise_project_id'],
      ['dropped key', (c) => delete c.create_request.vpc['description'], 'create_request.vpc lacks description'],
      ['attribute', (c) => ((c.attributes[0] as { after: unknown }).after = 'renamed'), 'create_request.vpc.name is not the planned value'],
      ['follow-up routes', (c) => ((c.request as { vpc: Record<string, unknown> }).vpc['routes'] = []), 'request.vpc.routes is not the planned value'],
      ['follow-up extra', (c) => ((c.request as { vpc: Record<string, unknown> }).vpc['enable_shared_snat'] = true), 'request.vpc carries enable_shared_snat'],
      ['follow-up dropped', (c) => delete c.request, 'the follow-up update is missing: routes, name would never be sent'],
    ];
    for (const [what, edit, detail] of cases) {
      const err = refusal(editedCreate(edit));
      expect(err.code, what).toBe('PLAN_CORRUPT');
      expect(err.detail, what).toContain(`vpcs.new: ${detail}`);
    }
    // An attribute no plan ever holds is refused by the schema already.
    const unknown = refusal(editedCreate((c) => c.attributes.push({ path: 'id', before: null, after: 'x' })));
    expect(unknown.code).toBe('PLAN_CORRUPT');
    expect(unknown.detail).toContain('/changes/1/attributes/4/path: must match pattern');
  });

  it('refuses a follow-up update a new VPC does not need', () => {
    const bare = createOf('vpcs.new', { name: 'vpc-new', cidr: '10.1.0.0/16', enable_shared_snat: false });
    expect(bare.request).toBeUndefined();
    expect(parsePlan(planText([bare]), 'plan.json').changes).toHaveLength(1);
    const err = refusal(planText([{ ...bare, request: { vpc: { name: 'vpc-new', enable_shared_snat: false } } }]));
    expect(err.detail).toBe('vpcs.new: request (the follow-up update) is set, but a new VPC already has every planned value');
  });

  it('compares bodies by content, not by the order of their keys', () => {
    const text = editedCreate((c) => {
      c.create_request = { vpc: Object.fromEntries(Object.entries(c.create_request.vpc).reverse()) };
    });
    expect(parsePlan(text, 'plan.json').changes[1]?.action).toBe('create');
  });

  it('holds each action to its own fields (schema)', () => {
    const bad: Array<[string, unknown, string]> = [
      ['create with an id', { ...create(), id: 'x' }, '/changes/1/id: must not be set'],
      ['create with a fingerprint', { ...create(), live_fingerprint: FINGERPRINT }, '/changes/1/live_fingerprint: must not be set'],
      ['create without its POST body', { ...create(), create_request: undefined }, '/changes/1: must have required property \'create_request\''],
      ['POST body without cidr', { ...create(), create_request: { vpc: { name: 'vpc-new' } } }, '/changes/1/create_request/vpc: must have required property \'cidr\''],
      ['create with a before value', { ...create(), attributes: [{ path: 'name', before: 'old', after: 'vpc-new' }] }, '/changes/1/attributes/0/before: must be null'],
      ['create with a null after', { ...create(), attributes: [{ path: 'description', before: null, after: null }] }, '/changes/1/attributes/0/after: must be string'],
      ['delete with a PUT body', { ...del(), request: { vpc: { name: 'x' } } }, '/changes/0/request: must not be set'],
      ['delete with a POST body', { ...del(), create_request: { vpc: { name: 'x', cidr: '10.0.0.0/8' } } }, '/changes/0/create_request: must not be set'],
      ['delete without a fingerprint', { ...del(), live_fingerprint: undefined }, '/changes/0: must have required property \'live_fingerprint\''],
      ['delete without an id', { ...del(), id: undefined }, '/changes/0: must have required property \'id\''],
      ['delete with an after value', { ...del(), attributes: [{ path: 'name', before: 'a', after: 'b' }] }, '/changes/0/attributes/0/after: must be null'],
      ['delete that waits', { ...del(), waits_for: ['vpcs.x'] }, '/changes/0/waits_for: must not be set'],
      ['no-op with a POST body', { address: 'vpcs.n', action: 'no-op', attributes: [], diagnostics: [], create_request: { vpc: { name: 'a', cidr: '10.0.0.0/8' } } }, '/changes/0/create_request: must not be set'],
      ['error that waits', { address: 'vpcs.e', action: 'error', attributes: [], diagnostics: [], waits_for: ['vpcs.old'] }, '/changes/0/waits_for: must not be set'],
      ['routes that are a number', { ...create(), attributes: [{ path: 'routes', before: null, after: 5 }] }, '/changes/1/attributes/0/after: must be array'],
      ['empty waits_for', { ...create(), waits_for: [] }, '/changes/1/waits_for: must NOT have fewer than 1 items'],
    ];
    for (const [what, change, detail] of bad) {
      const c = JSON.parse(JSON.stringify(change)) as PlannedChange;
      const err = refusal(planText(c.action === 'create' ? [del(), c] : [c]));
      expect(err.code, what).toBe('PLAN_CORRUPT');
      expect(err.detail, what).toContain(detail);
    }
  });

  it('lets a create wait only for a delete or an update of this plan', () => {
    const update: PlannedChange = {
      address: 'vpcs.renamed',
      id: '00000000-0000-4000-8000-000000000001',
      action: 'update',
      attributes: [{ path: 'name', before: 'vpc-new', after: 'vpc-old' }],
      request: { vpc: { name: 'vpc-old' } },
      live_fingerprint: FINGERPRINT,
      diagnostics: [],
    };
    const waiting = (on: string): PlannedChange => ({ ...create(), waits_for: [on] });
    expect(parsePlan(planText([update, waiting('vpcs.renamed')]), 'plan.json').changes[1]?.waits_for).toEqual(['vpcs.renamed']);
    expect(refusal(planText([del(), waiting('vpcs.elsewhere')])).detail).toBe('vpcs.new: waits_for names vpcs.elsewhere, which is not in this plan');
    expect(refusal(planText([del(), waiting('vpcs.new')])).detail).toBe('vpcs.new: waits_for names the create itself');
    const noop: PlannedChange = { address: 'vpcs.same', id: 'y', action: 'no-op', attributes: [], live_fingerprint: FINGERPRINT, diagnostics: [] };
    expect(refusal(planText([noop, waiting('vpcs.same')])).detail).toBe('vpcs.new: waits_for names vpcs.same, whose action is no-op: a create waits only for a delete or an update');
  });
});
