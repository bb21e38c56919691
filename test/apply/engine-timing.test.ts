import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { adaptivePollPolicy, terraformLikePollPolicy } from '../../src/apply/poll-policy.js';
import type { ApplyEvent, ApplyOptions } from '../../src/apply/types.js';
import type { Plan, PlannedChange } from '../../src/plan/types.js';
import { VpcformError } from '../../src/errors/index.js';
import { FakeTime } from './fake-time.js';
import { ScriptedClient, vpc, type ScriptedVpc } from './scripted-client.js';
import { planOf } from './watch-helpers.js';

function update(id: string, name = `new-${id}`): PlannedChange {
  return { address: `vpcs.${id}`, id, action: 'update', attributes: [{ path: 'name', before: `old-${id}`, after: name }], request: { vpc: { name } }, diagnostics: [] };
}


function setup(specs: Array<[string, Partial<ScriptedVpc>?]>, rttMs = 20) {
  const time = new FakeTime();
  const vpcs = new Map(specs.map(([id, extra]) => [id, { vpc: vpc(id), transitionMs: 1500, ...extra }]));
  const client = new ScriptedClient(time, vpcs, rttMs);
  const events: ApplyEvent[] = [];
  const run = (plan: Plan, options: ApplyOptions = {}) =>
    time.run(applyPlan(plan, client, { clock: time.clock, sleep: time.sleep, pollPolicy: adaptivePollPolicy({ random: () => 0.5 }), onEvent: (e) => events.push(e), ...options }));
  return { time, vpcs, client, events, run };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `v${String(i).padStart(3, '0')}`);

describe('applyPlan with fake time', () => {
  it('100 VPCs at parallelism 10 finish within 1.2x of 10 waves of one transition, with few polls', async () => {
    const all = ids(100);
    const { run, client, time } = setup(all.map((id) => [id]));
    const start = time.now;
    const summary = await run(planOf(all.map((id) => update(id))), { parallelism: 10 });
    const elapsed = time.now - start;
    expect(summary.counts.updated).toBe(100);
    expect(summary.converged).toBe(true);
    const lowerBound = 10 * (1500 + 20 + 20);
    expect(elapsed / lowerBound).toBeLessThanOrEqual(1.2);
    const gets = client.calls.filter((c) => c.startsWith('GET')).length;
    expect(gets / 100).toBeLessThanOrEqual(3);
  });

  it('never has more than `parallelism` VPCs between PUT sent and done', async () => {
    const all = ids(30);
    const { run, events } = setup(all.map((id) => [id]));
    await run(planOf(all.map((id) => update(id))), { parallelism: 4 });
    let open = 0;
    let max = 0;
    for (const e of events) {
      if (e.type === 'change_start') max = Math.max(max, ++open);
      if (e.type === 'change_done' || e.type === 'change_failed') open -= 1;
    }
    expect(max).toBe(4);
  });

  it('the Terraform-like schedule takes about three times as long on the same work', async () => {
    const all = ids(20);
    const a = setup(all.map((id) => [id]));
    await a.run(planOf(all.map((id) => update(id))));
    const adaptive = a.time.now;
    const b = setup(all.map((id) => [id]));
    await b.run(planOf(all.map((id) => update(id))), { pollPolicy: terraformLikePollPolicy() });
    const terraform = b.time.now;
    const startA = new FakeTime().now;
    expect((terraform - startA) / (adaptive - startA)).toBeGreaterThan(2.5);
  });

  it('a VPC stuck in PENDING_UPDATE times out with its last status while the others finish', async () => {
    const { run, events } = setup([['stuck', { settleTo: null }], ['a'], ['b']]);
    const summary = await run(planOf([update('stuck'), update('a'), update('b')]), { timeoutMs: 5_000 });
    const stuck = summary.outcomes.find((o) => o.address === 'vpcs.stuck');
    expect(stuck?.result).toBe('failed');
    expect(stuck?.failure?.code).toBe('APPLY_TIMEOUT');
    expect(stuck?.failure?.lastStatus).toBe('PENDING_UPDATE');
    expect(summary.counts.updated).toBe(2);
    const stuckPolls = events.filter((e) => e.type === 'poll' && e.address === 'vpcs.stuck');
    const lastPoll = stuckPolls.at(-1);
    expect(lastPoll?.type === 'poll' && lastPoll.elapsedMs).toBeGreaterThanOrEqual(5_000);
  });

  it('ERROR and unexpected statuses fail with their value; others are unaffected', async () => {
    const { run } = setup([['bad', { settleTo: 'ERROR' }], ['odd', { settleTo: 'FROZEN' }], ['ok']]);
    const summary = await run(planOf([update('bad'), update('odd'), update('ok')]));
    expect(summary.outcomes.map((o) => [o.address, o.result, o.failure?.code, o.lastStatus ?? o.failure?.lastStatus])).toEqual([
      ['vpcs.bad', 'failed', 'APPLY_VPC_STATUS', 'ERROR'],
      ['vpcs.odd', 'failed', 'APPLY_VPC_STATUS', 'FROZEN'],
      ['vpcs.ok', 'updated', undefined, 'OK'],
    ]);
  });

  it('VPC.0113 after a lost PUT means "already in progress": wait, verify, no failure', async () => {
    const { run, client } = setup([['lost', { busyOnPut: true }]]);
    const summary = await run(planOf([update('lost')]));
    expect(summary.outcomes[0]?.result).toBe('updated');
    expect(client.calls.filter((c) => c.startsWith('PUT'))).toHaveLength(1);
  });

  it('a VPC busy with someone else\'s update is PUT again once it is OK', async () => {
    const { run, client, vpcs, time } = setup([['busy']]);
    const entry = vpcs.get('busy');
    if (!entry) throw new Error('setup');
    entry.vpc.status = 'PENDING_UPDATE';
    time.at(time.now + 2_000, () => (entry.vpc.status = 'OK'));
    const summary = await run(planOf([update('busy')]));
    expect(summary.outcomes[0]?.result).toBe('updated');
    expect(client.calls.filter((c) => c.startsWith('PUT'))).toHaveLength(2);
    expect(entry.vpc.name).toBe('new-busy');
  });

  it('a PUT that is accepted but not applied fails as not converged, naming the field', async () => {
    const { run } = setup([['deaf', { applies: false }]]);
    const summary = await run(planOf([update('deaf')]));
    expect(summary.outcomes[0]?.failure).toMatchObject({ code: 'APPLY_NOT_CONVERGED', fields: ['name'] });
  });

  it('abort: no new PUT starts, in-flight VPCs are followed to their end, the rest are not started', async () => {
    const all = ids(6);
    const { run, client, time, events } = setup(all.map((id) => [id]));
    const controller = new AbortController();
    time.at(time.now + 500, () => controller.abort());
    const summary = await run(planOf(all.map((id) => update(id))), { parallelism: 2, signal: controller.signal });
    expect(summary.interrupted).toBe(true);
    expect(summary.counts).toMatchObject({ updated: 2, not_started: 4 });
    expect(client.calls.filter((c) => c.startsWith('PUT'))).toHaveLength(2);
    const interrupted = events.find((e) => e.type === 'interrupted');
    expect(interrupted?.type === 'interrupted' && interrupted.inFlight.map((v) => v.id)).toEqual(['v000', 'v001']);
  });

  it('abort: in-flight VPCs still pending after the grace are reported pending with their id', async () => {
    const { run, time } = setup([['slow', { transitionMs: 120_000 }]]);
    const controller = new AbortController();
    time.at(time.now + 1_000, () => controller.abort());
    const summary = await run(planOf([update('slow')]), { signal: controller.signal, abortGraceMs: 2_000 });
    expect(summary.outcomes[0]).toMatchObject({ address: 'vpcs.slow', id: 'slow', result: 'pending', lastStatus: 'PENDING_UPDATE' });
  });

  it('abort: a saved plan\'s stale check cut off by the end of the grace leaves the VPC not started, not failed', async () => {
    const { run, client, time } = setup([['a']]);
    // As the real client does: a call cut off by its signal rejects with INTERRUPTED.
    client.getVpc = (_id, options) =>
      new Promise((_resolve, reject) => options?.signal?.addEventListener('abort', () => reject(new VpcformError('INTERRUPTED', { summary: 'Interrupted' }))));
    const controller = new AbortController();
    time.at(time.now + 100, () => controller.abort());
    const summary = await run(planOf([{ ...update('a'), live_fingerprint: `sha256:${'0'.repeat(64)}` }]), { checkStale: true, signal: controller.signal, abortGraceMs: 1_000 });
    expect(summary.outcomes).toEqual([{ address: 'vpcs.a', id: 'a', result: 'not_started' }]);
    expect(client.calls.filter((c) => c.startsWith('PUT'))).toEqual([]);
  });

  it('no-op and error changes are reported without any call; every change appears once', async () => {
    const { run, client } = setup([['a']]);
    const noop: PlannedChange = { address: 'vpcs.same', id: 'same', action: 'no-op', attributes: [], diagnostics: [] };
    const bad: PlannedChange = {
      address: 'vpcs.gone',
      action: 'error',
      attributes: [],
      diagnostics: [{ code: 'CLOUD_NOT_FOUND', severity: 'error', summary: 'No VPC named gone', hint: 'Check the name' }],
    };
    const summary = await run(planOf([noop, update('a'), bad]));
    expect(summary.outcomes.map((o) => [o.address, o.result])).toEqual([
      ['vpcs.same', 'unchanged'],
      ['vpcs.a', 'updated'],
      ['vpcs.gone', 'failed'],
    ]);
    expect(summary.outcomes[2]?.failure).toMatchObject({ code: 'CLOUD_NOT_FOUND', hint: 'Check the name' });
    expect(client.calls.filter((c) => c.includes('same') || c.includes('gone'))).toEqual([]);
  });
});
