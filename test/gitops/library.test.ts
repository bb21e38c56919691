import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apply,
  drift,
  driftExitCode,
  isVpcformError,
  loadDesired,
  plan,
  startEmulator,
  type ApplyEvent,
  type ApplyOutcome,
  type ApplySummary,
  type ChangeAction,
  type RunningEmulator,
} from '../../src/index.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SEED = `${ROOT}examples/emulator-seed.yaml`;
const EXAMPLE = `${ROOT}examples/vpcs.yaml`;
const PUT = 'PUT /v1/{project_id}/vpcs/{vpc_id}';
const POST = 'POST /v1/{project_id}/vpcs';
const DELETE = 'DELETE /v1/{project_id}/vpcs/{vpc_id}';
const LEGACY_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: SEED, updateDelayMs: 50 });
});
afterAll(async () => {
  await emu?.stop();
});

describe('the library API against the emulator', () => {
  it('loadDesired -> plan -> apply -> drift, with typed results and no output: updates, a create and a delete', async () => {
    emu.resetData();
    emu.resetStats();
    const env = { VPCFORM_ENDPOINT: emu.url };
    const loaded = await loadDesired([EXAMPLE]);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.states[0]?.vpcs.map((v) => [v.address, v.ensure])).toEqual([
      ['vpcs.web', 'present'],
      ['vpcs.db', 'present'],
      ['vpcs.batch', 'present'],
      ['vpcs.analytics', 'present'],
      ['vpcs.legacy', 'absent'],
    ]);

    const before = await drift({ states: loaded.states, env });
    expect(driftExitCode(before.summary)).toBe(2);
    expect(before.summary).toMatchObject({ vpcs: 5, drifted: 3, missing: 1, unwanted: 1 });

    const planned = await plan({ files: [EXAMPLE], endpoint: emu.url, env: {} });
    expect(planned).toMatchObject({ creates: 1, updates: 3, deletes: 1, errors: 0 });
    const first = planned.plans[0]!;
    expect(first.format_version).toBe(2);
    expect(first.target).toEqual({ endpoint: emu.url, project_id: emu.projectId });
    const actions: Record<string, ChangeAction> = Object.fromEntries(first.changes.map((c) => [c.address, c.action]));
    expect(actions).toEqual({ 'vpcs.web': 'update', 'vpcs.db': 'update', 'vpcs.batch': 'update', 'vpcs.analytics': 'create', 'vpcs.legacy': 'delete' });
    const create = first.changes.find((c) => c.action === 'create');
    expect(create?.create_request).toEqual({ vpc: { name: 'vpc-analytics', cidr: '10.30.0.0/16', description: 'analytics jobs' } });
    expect(create?.request?.vpc.routes).toEqual([{ destination: '0.0.0.0/0', nexthop: '10.30.0.10' }]);
    for (const route of [PUT, POST, DELETE]) expect(emu.stats().routes[route] ?? 0, route).toBe(0);

    const events: ApplyEvent[] = [];
    const applied = await apply({ plans: planned.plans, endpoint: emu.url, env: {}, onEvent: (e) => events.push(e) });
    expect(applied.converged).toBe(true);
    const summary: ApplySummary = applied.summaries[0]!;
    expect(summary.counts).toMatchObject({ created: 1, updated: 3, deleted: 1, unchanged: 0, failed: 0 });
    expect(events[0]?.type).toBe('apply_start');
    expect(events.at(-1)?.type).toBe('apply_done');
    // The new VPC's id reaches the caller in the events and the outcome; the delete names the old one.
    const answered = events.find((e) => e.type === 'create_answered');
    const newId = answered?.type === 'create_answered' ? answered.id : undefined;
    expect(emu.vpc(newId ?? '')).toMatchObject({ name: 'vpc-analytics', cidr: '10.30.0.0/16', status: 'OK', routes: [{ destination: '0.0.0.0/0', nexthop: '10.30.0.10' }] });
    const outcomes: Record<string, ApplyOutcome> = Object.fromEntries(summary.outcomes.map((o) => [o.address, o]));
    expect(outcomes['vpcs.analytics']).toMatchObject({ result: 'created', id: newId });
    expect(outcomes['vpcs.legacy']).toMatchObject({ result: 'deleted', id: LEGACY_ID });
    const done = events.filter((e) => e.type === 'change_done').map((e) => (e.type === 'change_done' ? [e.address, e.result] : []));
    expect(Object.fromEntries(done)).toEqual({ 'vpcs.web': 'updated', 'vpcs.db': 'updated', 'vpcs.batch': 'updated', 'vpcs.analytics': 'created', 'vpcs.legacy': 'deleted' });
    // One POST for the one create, the three updates plus the create's follow-up PUT (its routes), one DELETE.
    expect(emu.stats().routes[POST]).toBe(1);
    expect(emu.stats().routes[PUT]).toBe(4);
    expect(emu.stats().routes[DELETE]).toBe(1);
    expect(emu.vpc(LEGACY_ID)).toBeUndefined();
    expect(emu.vpcs().filter((v) => v.name === 'vpc-analytics')).toHaveLength(1);

    const after = await drift({ files: ['examples/vpcs.yaml'], cwd: ROOT, env });
    expect(driftExitCode(after.summary)).toBe(0);
    expect(after.summary).toMatchObject({ in_sync: 5, missing: 0, unwanted: 0 });
    const again = await apply({ files: [EXAMPLE], env });
    expect(again.summaries[0]?.counts).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 5 });
    expect(again.plans[0]?.summary).toEqual({ create: 0, update: 0, delete: 0, no_op: 5, error: 0 });
    expect(emu.stats().routes[POST]).toBe(1);
    expect(emu.stats().routes[PUT]).toBe(4);
    expect(emu.stats().routes[DELETE]).toBe(1);
  });

  it('refuses a saved plan when the environment names another project, as `vpcform apply PLAN` does', async () => {
    const { plans } = await plan({ files: [EXAMPLE], endpoint: emu.url, env: {} });
    const puts = emu.stats().routes[PUT] ?? 0;
    const refused = await apply({ plans, endpoint: emu.url, env: { HW_PROJECT_ID: 'f'.repeat(32) } }).catch((e: unknown) => e);
    expect(isVpcformError(refused) && refused.code).toBe('PLAN_TARGET_MISMATCH');
    expect(isVpcformError(refused) && refused.detail).toContain('project');
    expect(emu.stats().routes[PUT] ?? 0).toBe(puts);
  });

  it('refuses a plan object edited after planning, as `vpcform apply PLAN` refuses the edited file', async () => {
    emu.resetData(); // back to the seed, which differs from the example file
    const { plans } = await plan({ files: [EXAMPLE], endpoint: emu.url, env: {} });
    const change = plans[0]!.changes.find((c) => c.action === 'update')!;
    change.request!.vpc.cidr = '10.99.0.0/16'; // not among the reviewed attributes
    const puts = emu.stats().routes[PUT] ?? 0;
    const refused = await apply({ plans, endpoint: emu.url, env: {} }).catch((e: unknown) => e);
    expect(isVpcformError(refused) && refused.code).toBe('PLAN_CORRUPT');
    expect(emu.stats().routes[PUT] ?? 0).toBe(puts);
  });

  it('throws VpcformError with a stable code and a hint', async () => {
    const invalid = await plan({ files: [SEED], env: {} }).catch((e: unknown) => e);
    expect(isVpcformError(invalid) && invalid.code).toBe('CONFIG_INVALID');
    expect(isVpcformError(invalid) && invalid.diagnostics.length).toBeGreaterThan(0);
    const noCreds = await drift({ files: [EXAMPLE], env: {} }).catch((e: unknown) => e);
    expect(isVpcformError(noCreds) && noCreds.code).toBe('CLOUD_AUTH_MISSING');
    expect(isVpcformError(noCreds) && noCreds.hint).toContain('HW_ACCESS_KEY');
  });

  it("resolves as the package: import { plan, apply, drift, loadDesired } from 'vpcform'", () => {
    if (!existsSync(`${ROOT}dist/index.js`)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    const probe = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "import * as v from 'vpcform'; console.log(['loadDesired','plan','apply','drift','startEmulator'].map((k) => typeof v[k]).join(','))"],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(probe.stderr).toBe('');
    expect(probe.stdout.trim()).toBe('function,function,function,function,function');
  });
});
