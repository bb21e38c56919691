import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import type { LiveVpc } from '../../src/model/vpc.js';
import type { CliResult } from '../helpers/cli.js';
import { desiredYaml, jsonLines, spawnCli, summaryOf } from './e2e-helpers.js';

// End-to-end: the lifecycle (create, delete) through `vpcform` as a process against the emulator.
const POST = 'POST /v1/{project_id}/vpcs';
const DELETE = 'DELETE /v1/{project_id}/vpcs/{vpc_id}';
const PUT = 'PUT /v1/{project_id}/vpcs/{vpc_id}';
const OLD = '00000001-1111-4222-8333-444444444444';
const KEEP = '00000002-1111-4222-8333-444444444444';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

interface Lab {
  emu: RunningEmulator;
  dir: string;
  file: string;
  run(args: string[], timeoutMs?: number): Promise<CliResult>;
  vpcs(): Promise<LiveVpc[]>;
  count(route: string): number;
}

/** An emulator with vpc-old (to delete) and vpc-keep (to update), and a file that creates vpc-new. */
async function lab(vpcsYaml: string, options: EmulatorOptions = {}, seedExtra: Record<string, unknown> = {}): Promise<Lab> {
  emu = await startEmulator({
    port: 0,
    updateDelayMs: 100,
    createDelayMs: 150,
    deleteDelayMs: 100,
    seed: {
      vpcs: [
        { id: OLD, name: 'vpc-old', cidr: '10.1.0.0/16' },
        { id: KEEP, name: 'vpc-keep', cidr: '10.2.0.0/16' },
      ],
      ...seedExtra,
    },
    ...options,
  });
  const running = emu;
  const dir = mkdtempSync(join(tmpdir(), 'vpcform-lifecycle-'));
  const file = join(dir, 'vpcs.yaml');
  writeFileSync(file, desiredYaml(running, vpcsYaml));
  return {
    emu: running,
    dir,
    file,
    run: (args, timeoutMs) => spawnCli(args, { cwd: dir, ...(timeoutMs !== undefined && { timeoutMs }) }).done,
    async vpcs() {
      const res = await fetch(`${running.url}/v1/${running.projectId}/vpcs?enterprise_project_id=all_granted_eps`);
      return ((await res.json()) as { vpcs: LiveVpc[] }).vpcs;
    },
    count: (route) => running.stats().routes[route] ?? 0,
  };
}

const THREE_WAY = `  old:
    name: vpc-old
    ensure: absent
  keep:
    id: ${KEEP}
    name: vpc-keep
    description: kept and updated
  fresh:
    name: vpc-new
    cidr: 10.9.0.0/16
    description: made by vpcform
    routes:
      - { destination: 0.0.0.0/0, nexthop: 10.9.0.5 }
`;

describe('create, update and delete in one apply', () => {
  it('plans all three, applies them, verifies, and a second apply sends nothing', async () => {
    const l = await lab(THREE_WAY);
    const plan = await l.run(['plan', '-f', l.file, '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout + plan.stderr).toContain('Plan: 1 to create, 1 to update, 1 to delete');

    const r = await l.run(['apply', '-f', l.file, '--auto-approve', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = summaryOf(r.stdout);
    expect(summary.counts).toMatchObject({ created: 1, updated: 1, deleted: 1, failed: 0 });
    const created = summary.outcomes.find((o) => o.address === 'vpcs.fresh');
    expect(created?.result).toBe('created');
    const done = jsonLines(r.stdout).find((l) => l.type === 'change_done' && l['address'] === 'vpcs.fresh');
    expect(done?.['id']).toBe(created?.id);

    const live = await l.vpcs();
    expect(live.map((v) => v.name).sort()).toEqual(['vpc-keep', 'vpc-new']);
    const fresh = live.find((v) => v.name === 'vpc-new');
    expect(fresh).toMatchObject({ id: created?.id, cidr: '10.9.0.0/16', description: 'made by vpcform', status: 'OK', routes: [{ destination: '0.0.0.0/0', nexthop: '10.9.0.5' }] });
    expect(live.find((v) => v.id === KEEP)?.description).toBe('kept and updated');
    expect([l.count(POST), l.count(DELETE)]).toEqual([1, 1]);
    // One PUT for vpc-keep, one follow-up PUT (routes) for vpc-new.
    expect(l.count(PUT)).toBe(2);

    const again = await l.run(['apply', '-f', l.file, '--auto-approve']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 updated, 3 unchanged, 0 failed');
    expect([l.count(POST), l.count(DELETE), l.count(PUT)]).toEqual([1, 1, 2]);
  });

  it('names creates and deletes in the human summary', async () => {
    const l = await lab(THREE_WAY);
    const r = await l.run(['apply', '-f', l.file, '--auto-approve']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\+ vpcs\.fresh \([0-9a-f-]{36}\): created in/);
    expect(r.stdout).toContain(`- vpcs.old (${OLD}): deleted in`);
    expect(r.stdout).toContain('Resources: 1 created, 1 updated, 1 deleted, 0 unchanged, 0 failed');
  });
});

describe('POST is not idempotent', () => {
  it('a lost answer (503 after the write, then a reset after the next) still leaves exactly one VPC, adopted', async () => {
    const l = await lab('  fresh:\n    name: vpc-new\n    cidr: 10.9.0.0/16\n');
    l.emu.setFaults({
      next: [
        { route: POST, fault: '503', after: true },
        { route: POST, fault: 'reset', after: true },
      ],
    });
    const r = await l.run(['apply', '-f', l.file, '--auto-approve', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const named = (await l.vpcs()).filter((v) => v.name === 'vpc-new');
    expect(named).toHaveLength(1);
    const summary = summaryOf(r.stdout);
    expect(summary.outcomes.find((o) => o.address === 'vpcs.fresh')).toMatchObject({ result: 'created', id: named[0]?.id });
    // The first POST made the VPC; the look-up found it, so no second POST was sent.
    expect(l.count(POST)).toBe(1);
    expect(jsonLines(r.stdout).some((e) => e.type === 'create_answered' && e['adopted'] === true)).toBe(true);
  });

  it('a POST reset before the write is sent again once the look-up finds nothing', async () => {
    const l = await lab('  fresh:\n    name: vpc-new\n    cidr: 10.9.0.0/16\n');
    l.emu.setFaults({ next: [{ route: POST, fault: 'reset', after: false }] });
    const r = await l.run(['apply', '-f', l.file, '--auto-approve', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((await l.vpcs()).filter((v) => v.name === 'vpc-new')).toHaveLength(1);
    expect(l.count(POST)).toBe(2);
  });
});

describe('refusals predicted at plan time', () => {
  it('a delete of a VPC with subnets is an error naming them, and no DELETE is sent', async () => {
    const l = await lab('  old:\n    id: ' + OLD + '\n    ensure: absent\n', {}, { subnets: [{ vpc_id: OLD, name: 'sn-app', cidr: '10.1.1.0/24' }] });
    const plan = await l.run(['plan', '-f', l.file]);
    expect(plan.code).toBe(1);
    const out = plan.stdout + plan.stderr;
    expect(out).toContain('PLAN_VPC_HAS_SUBNETS');
    expect(out).toContain('sn-app (10.1.1.0/24)');
    const apply = await l.run(['apply', '-f', l.file, '--auto-approve']);
    expect(apply.code).toBe(1);
    expect(l.count(DELETE)).toBe(0);
  });

  it('quota exhaustion is predicted: creates beyond the quota are errors, none is POSTed', async () => {
    const l = await lab('  a:\n    name: vpc-a\n    cidr: 10.10.0.0/16\n  b:\n    name: vpc-b\n    cidr: 10.11.0.0/16\n', { vpcQuota: 3 });
    const plan = await l.run(['plan', '-f', l.file, '--json']);
    expect(plan.code).toBe(1);
    const changes = (JSON.parse(plan.stdout) as { changes: Array<{ address: string; action: string; diagnostics: Array<{ code: string }> }> }).changes;
    expect(changes.map((c) => c.action)).toEqual(['create', 'error']);
    expect(changes[1]?.diagnostics.map((d) => d.code)).toContain('PLAN_QUOTA_EXCEEDED');
    expect(l.count('GET /v1/{project_id}/quotas')).toBe(1);
    expect(l.count(POST)).toBe(0);
  });

  it('a create beyond the quota waits for a delete of the same plan instead', async () => {
    const l = await lab('  old:\n    id: ' + OLD + '\n    ensure: absent\n  a:\n    name: vpc-a\n    cidr: 10.10.0.0/16\n', { vpcQuota: 2 });
    const plan = await l.run(['plan', '-f', l.file, '--json', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    const create = (JSON.parse(plan.stdout) as { changes: Array<{ address: string; waits_for?: string[] }> }).changes.find((c) => c.address === 'vpcs.a');
    expect(create?.waits_for).toEqual(['vpcs.old']);
    const r = await l.run(['apply', '-f', l.file, '--auto-approve']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await l.vpcs()).map((v) => v.name).sort()).toEqual(['vpc-a', 'vpc-keep']);
  });
});

describe('replacing a VPC by name', () => {
  it('the create of the new one waits until the old one of that name is gone', async () => {
    const l = await lab(`  old:\n    id: ${OLD}\n    ensure: absent\n  fresh:\n    name: vpc-old\n    cidr: 10.20.0.0/16\n`, { deleteDelayMs: 300 });
    const plan = await l.run(['plan', '-f', l.file]);
    expect(plan.code).toBe(0);
    expect(plan.stdout + plan.stderr).toContain('vpcs.old');
    const r = await l.run(['apply', '-f', l.file, '--auto-approve', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const named = (await l.vpcs()).filter((v) => v.name === 'vpc-old');
    expect(named).toHaveLength(1);
    expect(named[0]).toMatchObject({ cidr: '10.20.0.0/16' });
    expect(named[0]?.id).not.toBe(OLD);
    const events = jsonLines(r.stdout);
    const deleted = events.findIndex((e) => e.type === 'change_done' && e['address'] === 'vpcs.old');
    const posted = events.findIndex((e) => e.type === 'create_sent' && e['address'] === 'vpcs.fresh');
    expect(deleted).toBeGreaterThan(-1);
    expect(posted).toBeGreaterThan(deleted);
  });
});

describe('saved plans re-check creates and deletes', () => {
  it('refuses a create whose name was taken since, and a delete of a VPC changed since', async () => {
    const l = await lab(`  old:\n    id: ${OLD}\n    ensure: absent\n  fresh:\n    name: vpc-new\n    cidr: 10.9.0.0/16\n`);
    expect((await l.run(['plan', '-f', l.file, '--out', 'plan.json'])).code).toBe(0);
    const headers = { 'content-type': 'application/json' };
    await fetch(`${l.emu.url}/v1/${l.emu.projectId}/vpcs`, { method: 'POST', headers, body: JSON.stringify({ vpc: { name: 'vpc-new', cidr: '10.30.0.0/16' } }) });
    await fetch(`${l.emu.url}/v1/${l.emu.projectId}/vpcs/${OLD}`, { method: 'PUT', headers, body: JSON.stringify({ vpc: { name: 'vpc-old', description: 'now in use' } }) });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const postsBefore = l.count(POST);
    const r = await l.run(['apply', 'plan.json', '--json']);
    expect(r.code).toBe(1);
    const outcomes = summaryOf(r.stdout).outcomes;
    expect(outcomes.find((o) => o.address === 'vpcs.fresh')?.failure?.code).toBe('PLAN_STALE');
    expect(outcomes.find((o) => o.address === 'vpcs.old')?.failure?.code).toBe('PLAN_STALE');
    expect(l.count(POST)).toBe(postsBefore);
    expect(l.count(DELETE)).toBe(0);
    expect((await l.vpcs()).filter((v) => v.name === 'vpc-new')).toHaveLength(1);
  });
});

describe('waiting and interruption', () => {
  it('a VPC stuck in CREATING times out while the others finish', async () => {
    const l = await lab('  stuck:\n    name: vpc-stuck\n    cidr: 10.40.0.0/16\n  ok:\n    name: vpc-ok\n    cidr: 10.41.0.0/16\n');
    l.emu.setFaults({ create_status: { 'vpc-stuck': 'stuck' } });
    const r = await l.run(['apply', '-f', l.file, '--auto-approve', '--json', '--timeout', '2s']);
    expect(r.code).toBe(1);
    const outcomes = summaryOf(r.stdout).outcomes;
    expect(outcomes.find((o) => o.address === 'vpcs.ok')?.result).toBe('created');
    const stuck = outcomes.find((o) => o.address === 'vpcs.stuck');
    expect(stuck?.result).toBe('failed');
    expect(stuck?.failure?.code).toBe('APPLY_TIMEOUT');
    expect(stuck?.failure?.message).toContain('CREATING');
    expect(stuck?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('Ctrl-C mid-create: nothing new starts, the VPC in flight is followed and reported with its id', async () => {
    const l = await lab(`  a:\n    name: vpc-a\n    cidr: 10.50.0.0/16\n  b:\n    name: vpc-b\n    cidr: 10.51.0.0/16\n`, { createDelayMs: 1500 });
    const child = spawnCli(['apply', '-f', l.file, '--auto-approve', '--json', '--parallelism', '1'], { cwd: l.dir });
    await child.waitFor('"create_answered"');
    child.signal('SIGINT');
    const r = await child.done;
    expect(r.code).toBe(130);
    const outcomes = summaryOf(r.stdout).outcomes;
    const a = outcomes.find((o) => o.address === 'vpcs.a');
    expect(a?.result).toBe('created');
    expect(a?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcomes.find((o) => o.address === 'vpcs.b')?.result).toBe('not_started');
    expect(l.count(POST)).toBe(1);
  });
});
