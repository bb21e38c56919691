import { afterEach, describe, expect, it } from 'vitest';
import { summaryOf, world, type World } from './e2e-helpers.js';

// End-to-end: `vpcform apply` as a process (bin/vpcform.js, needs `npm run build`) against the emulator.
let w: World | undefined;
afterEach(async () => {
  await w?.emu.stop();
  w = undefined;
});

describe('vpcform apply -f (process, emulator)', () => {
  it('refuses without a terminal and without --auto-approve, and changes nothing', async () => {
    w = await world(2);
    const r = await w.vpcform(['apply', '-f', w.file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('APPLY_NOT_APPROVED');
    expect(r.stderr).toContain('--auto-approve');
    expect(w.puts()).toBe(0);
  });

  it('converges every VPC, says so, and a second apply sends no PUT', async () => {
    w = await world(4);
    const r = await w.vpcform(['apply', '-f', w.file, '--auto-approve']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Resources: 4 updated, 0 unchanged, 0 failed');
    for (const [i, id] of w.ids.entries()) {
      expect(r.stdout).toContain(`vpcs.v${i} (${id}): updated`);
      expect(await w.live(id)).toMatchObject({ name: `renamed-${i}`, description: `managed ${i}`, status: 'OK' });
    }
    expect(w.puts()).toBe(4);
    const again = await w.vpcform(['apply', '-f', w.file, '--auto-approve']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 updated, 4 unchanged, 0 failed');
    expect(w.puts()).toBe(4);
  });

  it('--json prints the plan, then one event per line, ending with the summary', async () => {
    w = await world(2);
    const r = await w.vpcform(['apply', '-f', w.file, '--auto-approve', '--json']);
    expect(r.code).toBe(0);
    const types = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types[0]).toBe('plan');
    expect(types[1]).toBe('apply_start');
    expect(types.at(-1)).toBe('apply_done');
    expect(types.filter((t) => t === 'change_done')).toHaveLength(2);
    expect(summaryOf(r.stdout).counts).toMatchObject({ updated: 2, failed: 0 });
  });
});

describe('vpcform apply PLAN (saved plans)', () => {
  it('applies a fresh saved plan without asking; refuses a stale VPC naming what changed; others go on', async () => {
    w = await world(2);
    const planned = await w.vpcform(['plan', '-f', w.file, '--out', 'plan.json']);
    expect(planned.code).toBe(0);
    // Someone renames vpc-1 after the plan was made.
    const id1 = w.ids[1] ?? '';
    await fetch(`${w.emu.url}/v1/${w.emu.projectId}/vpcs/${id1}`, { method: 'PUT', body: JSON.stringify({ vpc: { name: 'hand-edited' } }), headers: { 'content-type': 'application/json' } });
    await new Promise((r) => setTimeout(r, 400));
    const putsBefore = w.puts();
    const r = await w.vpcform(['apply', 'plan.json', '--json']);
    expect(r.code).toBe(1);
    const summary = summaryOf(r.stdout);
    expect(summary.outcomes.map((o) => [o.address, o.result, o.failure?.code])).toEqual([
      ['vpcs.v0', 'updated', undefined],
      ['vpcs.v1', 'failed', 'PLAN_STALE'],
    ]);
    expect(summary.outcomes[1]?.failure?.fields).toEqual(['name']);
    expect(w.puts() - putsBefore).toBe(1);
    expect((await w.live(id1)).name).toBe('hand-edited');
    expect((await w.live(w.ids[0] ?? '')).name).toBe('renamed-0');
  });

  it('refuses a plan made for another endpoint', async () => {
    w = await world(1);
    expect((await w.vpcform(['plan', '-f', w.file, '--out', 'plan.json'])).code).toBe(0);
    const r = await w.vpcform(['apply', 'plan.json', '--endpoint', 'http://127.0.0.1:9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PLAN_TARGET_MISMATCH');
    expect(w.puts()).toBe(0);
  });
});
