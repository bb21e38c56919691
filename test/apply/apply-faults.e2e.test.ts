import { afterEach, describe, expect, it } from 'vitest';
import { jsonLines, LIST_ROUTE, PUT_ROUTE, spawnCli, summaryOf, world, type World } from './e2e-helpers.js';

// End-to-end: `vpcform apply` as a process (bin/vpcform.js, needs `npm run build`) against the
// emulator with faults; each time the emulator's final state must agree with the summary.
let w: World | undefined;
afterEach(async () => {
  await w?.emu.stop();
  w = undefined;
});

async function expectRenamed(wld: World, indexes: number[]): Promise<void> {
  // The final read must not be throttled or failed by the faults the run was put through.
  wld.emu.setFaults({ rate_limit_rps: 0, latency_ms: 0, fault_rate: 0, next: [] });
  for (const i of indexes) expect(await wld.live(wld.ids[i] ?? '')).toMatchObject({ name: `renamed-${i}`, description: `managed ${i}`, status: 'OK' });
}

describe('vpcform apply under faults', () => {
  it('a 429 storm with latency: retried with the reason reported, everything converges', async () => {
    w = await world(6, { latencyMs: 30, rateLimitRps: 4 });
    const r = await w.vpcform(['apply', '-f', w.file, '--auto-approve', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const retries = jsonLines(r.stdout).filter((l) => l.type === 'retry_scheduled');
    expect(retries.some((l) => String(l['reason']).includes('429'))).toBe(true);
    expect(summaryOf(r.stdout).counts).toMatchObject({ updated: 6, failed: 0 });
    await expectRenamed(w, [0, 1, 2, 3, 4, 5]);
  });

  it('5xx bursts and connection resets, one after the PUT landed: retried, converged, nothing lost', async () => {
    w = await world(4);
    const id0 = w.ids[0] ?? '';
    w.emu.setFaults({
      next: [
        { route: PUT_ROUTE, vpc: id0, fault: 'reset', after: true },
        { route: PUT_ROUTE, fault: '503' },
        { route: PUT_ROUTE, fault: '502' },
        { route: PUT_ROUTE, fault: 'reset' },
        // The reads: the plan's refresh and the status watcher both list (four VPCs in one page).
        { route: LIST_ROUTE, fault: '503' },
        { route: LIST_ROUTE, fault: 'reset' },
      ],
    });
    const r = await w.vpcform(['apply', '-f', w.file, '--auto-approve', '--json']);
    expect(r.code).toBe(0);
    expect(w.emu.faults().next).toEqual([]);
    const reasons = jsonLines(r.stdout).filter((l) => l.type === 'retry_scheduled').map((l) => String(l['reason']));
    // One per PUT fault at least; the listing faults may strike the plan's refresh, whose retries are no apply events.
    expect(reasons.length).toBeGreaterThanOrEqual(4);
    expect(summaryOf(r.stdout).counts).toMatchObject({ updated: 4, failed: 0 });
    await expectRenamed(w, [0, 1, 2, 3]);
  });

  it('a VPC stuck in PENDING_UPDATE times out with its last status, one turning ERROR fails, the others finish', async () => {
    w = await world(4);
    const [stuck, broken] = [w.ids[0] ?? '', w.ids[1] ?? ''];
    w.emu.setFaults({ vpc_status: { [stuck]: 'stuck', [broken]: 'error' } });
    const r = await w.vpcform(['apply', '-f', w.file, '--auto-approve', '--timeout', '2s', '--json']);
    expect(r.code).toBe(1);
    const s = summaryOf(r.stdout);
    expect(s.outcomes.map((o) => [o.address, o.result, o.failure?.code])).toEqual([
      ['vpcs.v0', 'failed', 'APPLY_TIMEOUT'],
      ['vpcs.v1', 'failed', 'APPLY_VPC_STATUS'],
      ['vpcs.v2', 'updated', undefined],
      ['vpcs.v3', 'updated', undefined],
    ]);
    expect(s.outcomes[0]?.failure?.message).toContain('PENDING_UPDATE');
    expect(s.outcomes[1]?.failure?.message).toContain('ERROR');
    expect((await w.live(stuck)).status).toBe('PENDING_UPDATE');
    expect((await w.live(broken)).status).toBe('ERROR');
    await expectRenamed(w, [2, 3]);
  });

  it('the plain summary names each failure with its code and hint', async () => {
    w = await world(2);
    w.emu.setFaults({ vpc_status: { [w.ids[0] ?? '']: 'error' } });
    const r = await w.vpcform(['apply', '-f', w.file, '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✗ vpcs.v0 (${w.ids[0]}): failed`);
    expect(r.stdout).toContain('APPLY_VPC_STATUS: The VPC went to status ERROR');
    expect(r.stdout).toContain('hint:');
    expect(r.stdout).toContain('1 updated, 0 unchanged, 1 failed');
    expect(r.stderr).toMatch(/\d\d:\d\d:\d\d\.\d{3} vpcs\.v1 .*: PUT sent/);
  });

  it('a busy VPC (VPC.0113: another update in progress) is waited for, then converged', async () => {
    // The emulator runs on the test's clock: an update takes 10 minutes, so the other actor's update is
    // still in progress whenever apply's PUT arrives (no race with process start, however loaded the
    // machine); once apply has met the busy VPC, time runs 1500x fast, so no update costs real minutes.
    let offset = 0;
    w = await world(2, { updateDelayMs: 600_000, now: () => Date.now() + offset });
    const id0 = w.ids[0] ?? '';
    expect((await w.vpcform(['plan', '-f', w.file, '--out', 'plan.json'])).code).toBe(0);
    // Another actor PUTs the same values: the VPC is busy, but the saved plan is not stale.
    const other = await fetch(`${w.emu.url}/v1/${w.emu.projectId}/vpcs/${id0}`, {
      method: 'PUT',
      body: JSON.stringify({ vpc: { name: 'vpc-0' } }),
      headers: { 'content-type': 'application/json' },
    });
    expect(other.status).toBe(200);
    const child = spawnCli(['apply', 'plan.json', '--json'], { cwd: w.dir });
    await Promise.race([child.waitFor('VPC.0113'), child.waitFor('"busy":true'), child.done]);
    expect(w.emu.vpc(id0)?.status, 'the other update is still in progress').toBe('PENDING_UPDATE');
    const fastForward = setInterval(() => (offset += 30_000), 20);
    const r = await child.done.finally(() => clearInterval(fastForward));
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout).filter((l) => l['address'] === 'vpcs.v0');
    const sawBusy = lines.some((l) => (l.type === 'retry_scheduled' && String(l['reason']).includes('VPC.0113')) || (l.type === 'put_answered' && l['busy'] === true));
    expect(sawBusy).toBe(true);
    expect(summaryOf(r.stdout).counts).toMatchObject({ updated: 2, failed: 0 });
    await expectRenamed(w, [0, 1]);
  });
});

describe('vpcform apply and Ctrl-C', () => {
  it('first Ctrl-C: no new PUT, in-flight VPCs followed to the end, summary, exit 130', async () => {
    w = await world(6, { updateDelayMs: 1500 });
    const child = spawnCli(['apply', '-f', w.file, '--auto-approve', '--parallelism', '2'], { cwd: w.dir });
    await child.waitFor(`${w.ids[1]}): PUT sent`);
    child.signal('SIGINT');
    const r = await child.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Interrupted: no new change starts');
    expect(r.stdout).toContain('Apply interrupted.');
    expect(r.stdout).toContain('2 updated, 0 unchanged, 0 failed, 4 not started');
    expect(w.puts()).toBe(2);
    await expectRenamed(w, [0, 1]);
    for (const i of [2, 3, 4, 5]) expect((await w.live(w.ids[i] ?? '')).name).toBe(`vpc-${i}`);
  });

  it('second Ctrl-C exits at once; what was in flight was already named', async () => {
    w = await world(2);
    w.emu.setFaults({ vpc_status: Object.fromEntries(w.ids.map((id) => [id, 'stuck'])) });
    const child = spawnCli(['apply', '-f', w.file, '--auto-approve'], { cwd: w.dir });
    await child.waitFor(`${w.ids[1]}): PUT sent`);
    child.signal('SIGINT');
    await child.waitFor('Ctrl-C again');
    child.signal('SIGINT');
    const r = await child.done;
    expect(r.code).toBe(130);
    const named = r.stderr.slice(r.stderr.indexOf('Ctrl-C again'));
    for (const [i, id] of w.ids.entries()) expect(named).toContain(`vpcs.v${i} (${id}): `);
    expect(r.stderr).toContain('second SIGINT');
  });
});
