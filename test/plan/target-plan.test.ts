import { describe, expect, it } from 'vitest';
import type { DesiredState, DesiredVpc } from '../../src/config/types.js';
import type { LiveVpc } from '../../src/model/vpc.js';
import { parsePlan, serializePlan } from '../../src/plan/plan-file.js';
import { makePlan } from '../../src/refresh/make-plan.js';
import { isVpcformError } from '../../src/errors/index.js';
import { MemoryCloud } from './helpers/memory-cloud.js';

/**
 * `--target` in the plan stage (makePlan over an in-memory cloud): what is read, what is planned, and
 * the dependency rule — an untargeted entry that a targeted one needs is planned with it.
 */
const id = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const live = (n: number, name = `vpc-${n}`): LiveVpc => ({ id: id(n), name, cidr: `10.${n}.0.0/16`, status: 'OK', routes: null, description: '' });
const state = (vpcs: Array<Omit<DesiredVpc, 'address'>>): DesiredState => ({
  file: 'vpcs.yaml',
  sha256: '0'.repeat(64),
  version: 1,
  target: { cloud: 'otc', region: 'eu-de' },
  vpcs: vpcs.map((v) => ({ ensure: 'present', ...v, address: `vpcs.${v.key}` })),
  sourceMap: {},
});
const cloud = () => new MemoryCloud({ vpcs: [live(1, 'vpc-app'), live(2), live(3), live(4)], subnets: [] });
const now = new Date('2025-01-02T03:04:05Z');

/** The file of a replacement by name (old holds the name app needs) next to two plain updates. */
const REPLACE = state([
  { key: 'old', id: id(1), ensure: 'absent' },
  { key: 'app', name: 'vpc-app', cidr: '10.50.0.0/16' },
  { key: 'web', id: id(2), description: 'web tier' },
  { key: 'other', id: id(3), description: 'other tier' },
]);

const summaryOf = (plan: { changes: Array<{ address: string; action: string; waits_for?: string[] }> }) =>
  plan.changes.map((c) => `${c.address}:${c.action}${c.waits_for ? `<${c.waits_for.join(',')}` : ''}`);

describe('makePlan with targets', () => {
  it('reads and plans only the targets, and records them', async () => {
    const c = cloud();
    const plan = await makePlan(c, REPLACE, { now, targets: ['vpcs.web'] });
    expect(summaryOf(plan)).toEqual(['vpcs.web:update']);
    expect(plan.targets).toEqual(['vpcs.web']);
    expect(plan.summary).toEqual({ create: 0, update: 1, delete: 0, no_op: 0, error: 0 });
    // One GET, for web's VPC: no listing, no quota, nothing of old, app or other.
    expect(c.calls).toMatchObject({ listVpcs: 0, getVpc: 1, getVpcQuota: 0, listSubnets: 0 });
    // `targets` sits after `desired` in the file, and the file reads back.
    expect(Object.keys(plan)).toEqual(['format_version', 'tool', 'created_at', 'target', 'desired', 'targets', 'summary', 'changes']);
    expect(parsePlan(serializePlan(plan), 'plan.json')).toEqual(plan);
  });

  it('plans the delete a targeted create waits for (a replacement by name), and says why in waits_for', async () => {
    const plan = await makePlan(cloud(), REPLACE, { now, targets: ['vpcs.app'] });
    expect(summaryOf(plan)).toEqual(['vpcs.old:delete', 'vpcs.app:create<vpcs.old']);
    expect(plan.targets).toEqual(['vpcs.app']);
    // The whole file plans the same two changes for old and app.
    const whole = await makePlan(cloud(), REPLACE, { now });
    expect(summaryOf(whole).filter((s) => /old|app/.test(s))).toEqual(summaryOf(plan));
  });

  it('does not add a create that waits for a targeted delete: it depends on the target, not the reverse', async () => {
    const plan = await makePlan(cloud(), REPLACE, { now, targets: ['vpcs.old'] });
    expect(summaryOf(plan)).toEqual(['vpcs.old:delete']);
  });

  it('plans the rename a targeted create waits for', async () => {
    const file = state([
      { key: 'renamed', id: id(1), name: 'vpc-renamed' },
      { key: 'app', name: 'vpc-app', cidr: '10.50.0.0/16' },
      { key: 'web', id: id(2), description: 'web tier' },
    ]);
    const plan = await makePlan(cloud(), file, { now, targets: ['vpcs.app'] });
    expect(summaryOf(plan)).toEqual(['vpcs.renamed:update', 'vpcs.app:create<vpcs.renamed']);
    expect(summaryOf(await makePlan(cloud(), file, { now, targets: ['vpcs.renamed'] }))).toEqual(['vpcs.renamed:update']);
  });

  it('plans the absent entry by name that frees a targeted create\'s name', async () => {
    const file = state([
      { key: 'gone', name: 'vpc-app', ensure: 'absent' },
      { key: 'app', name: 'vpc-app', cidr: '10.50.0.0/16' },
    ]);
    const plan = await makePlan(cloud(), file, { now, targets: ['vpcs.app'] });
    expect(summaryOf(plan)).toEqual(['vpcs.gone:delete', 'vpcs.app:create<vpcs.gone']);
  });

  it('plans an untargeted entry that resolves to the targeted VPC: both are refused, as in the whole file', async () => {
    const file = state([
      { key: 'a', id: id(2), description: 'from a' },
      { key: 'b', name: 'vpc-2', description: 'from b' },
      { key: 'c', name: 'vpc-3', description: 'c' },
    ]);
    for (const target of ['vpcs.a', 'vpcs.b']) {
      const plan = await makePlan(cloud(), file, { now, targets: [target] });
      expect(summaryOf(plan)).toEqual(['vpcs.a:error', 'vpcs.b:error']);
      expect(plan.changes.map((c) => c.diagnostics[0]?.code)).toEqual(['CONFIG_DUPLICATE', 'CONFIG_DUPLICATE']);
    }
  });

  it('adds nothing for entries that merely share the listing', async () => {
    const file = state([
      { key: 'a', name: 'vpc-2', description: 'a' },
      { key: 'b', name: 'vpc-3', description: 'b' },
      { key: 'gone', name: 'vpc-4', ensure: 'absent' },
      { key: 'new', name: 'vpc-new', cidr: '10.60.0.0/16' },
    ]);
    const plan = await makePlan(cloud(), file, { now, targets: ['vpcs.a'] });
    expect(summaryOf(plan)).toEqual(['vpcs.a:update']);
  });
});

describe('plan file targets', () => {
  it('refuses a targets entry with no change in the plan', async () => {
    const plan = await makePlan(cloud(), REPLACE, { now, targets: ['vpcs.web'] });
    const edited = serializePlan({ ...plan, targets: ['vpcs.web', 'vpcs.other'] });
    let err: unknown;
    try {
      parsePlan(edited, 'plan.json');
    } catch (e) {
      err = e;
    }
    expect(isVpcformError(err) && err.code).toBe('PLAN_CORRUPT');
    expect(isVpcformError(err) && err.detail).toContain('targets names vpcs.other, which has no change in this plan');
    for (const targets of [[], ['web'], ['vpcs.web', 'vpcs.web']]) {
      expect(() => parsePlan(serializePlan({ ...plan, targets }), 'plan.json')).toThrow(/not a valid vpcform plan/);
    }
  });
});
