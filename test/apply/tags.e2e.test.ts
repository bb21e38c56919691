import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import type { CliResult } from '../helpers/cli.js';
import { desiredYaml, jsonLines, spawnCli, summaryOf } from './e2e-helpers.js';

// End-to-end: VPC tags through `vpcform` as a process against the emulator's v2.0 tag API.
const TAG_ACTION = 'POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action';
const TAG_GET = 'GET /v2.0/{project_id}/vpcs/{vpc_id}/tags';
const TAG_FILTER = 'POST /v2.0/{project_id}/vpcs/resource_instances/action';
const PUT = 'PUT /v1/{project_id}/vpcs/{vpc_id}';
const ID = (i: number) => `${String(i).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`;

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

interface Lab {
  emu: RunningEmulator;
  file: string;
  run(args: string[]): Promise<CliResult>;
  write(vpcsYaml: string): void;
  tags(id: string): Promise<Record<string, string>>;
  count(route: string): number;
}

async function lab(seedVpcs: NonNullable<EmulatorSeed['vpcs']>, vpcsYaml: string, options: EmulatorOptions = {}): Promise<Lab> {
  emu = await startEmulator({ port: 0, updateDelayMs: 300, createDelayMs: 100, seed: { vpcs: seedVpcs }, ...options });
  const running = emu;
  const dir = mkdtempSync(join(tmpdir(), 'vpcform-tags-'));
  const file = join(dir, 'vpcs.yaml');
  const write = (yaml: string) => writeFileSync(file, desiredYaml(running, yaml));
  write(vpcsYaml);
  return {
    emu: running,
    file,
    write,
    run: (args) => spawnCli(args, { cwd: dir }).done,
    async tags(id) {
      const res = await fetch(`${running.url}/v2.0/${running.projectId}/vpcs/${id}/tags`);
      const body = (await res.json()) as { tags: Array<{ key: string; value: string }> };
      return Object.fromEntries(body.tags.map((t) => [t.key, t.value]));
    },
    count: (route) => running.stats().routes[route] ?? 0,
  };
}

const WEB = { id: ID(1), name: 'vpc-web', cidr: '10.1.0.0/16', tags: { team: 'a', owner: 'x', keep: 'yes' } };
const WEB_FILE = `  web:\n    id: ${ID(1)}\n    name: vpc-web\n    tags:\n      team: b\n      env: prod\n      keep: "yes"\n`;

describe('tags: exact sets, changed with the fewest calls', () => {
  it('plans per key, then adds, changes and removes with one delete and one create, no PUT', async () => {
    const l = await lab([WEB], WEB_FILE);
    const plan = await l.run(['plan', '-f', l.file, '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const change = (JSON.parse(plan.stdout) as { changes: Array<Record<string, unknown>> }).changes[0] ?? {};
    expect(change['attributes']).toEqual([
      { path: 'tags.env', before: null, after: 'prod' },
      { path: 'tags.owner', before: 'x', after: null },
      { path: 'tags.team', before: 'a', after: 'b' },
    ]);
    expect(change['request']).toBeUndefined();
    expect(change['tags_requests']).toEqual([
      { action: 'delete', tags: [{ key: 'owner', value: 'x' }] },
      { action: 'create', tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'b' }] },
    ]);

    const before = { put: l.count(PUT), action: l.count(TAG_ACTION) };
    const r = await l.run(['apply', '-f', l.file, '--auto-approve', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(summaryOf(r.stdout).counts).toMatchObject({ updated: 1, failed: 0 });
    expect(await l.tags(ID(1))).toEqual({ env: 'prod', keep: 'yes', team: 'b' });
    expect(l.count(PUT) - before.put).toBe(0);
    expect(l.count(TAG_ACTION) - before.action).toBe(2);
    // A tag-only change does not wait for PENDING_UPDATE: no poll of the VPC.
    expect(jsonLines(r.stdout).filter((e) => e.type === 'poll')).toEqual([]);

    const again = await l.run(['apply', '-f', l.file, '--auto-approve']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 updated, 1 unchanged');
    expect(l.count(TAG_ACTION) - before.action).toBe(2);
  });

  it('never removes a kept or changed key: when the one create call fails, the VPC keeps every tag it had', async () => {
    // Terraform's providers delete every old tag and then create the new set: a failure in between
    // leaves the VPC untagged. Here nothing is removed but the keys the file drops.
    const l = await lab([WEB], `  web:\n    id: ${ID(1)}\n    tags: { team: b, owner: x, keep: "yes", env: prod }\n`);
    l.emu.setFaults({ next: Array.from({ length: 6 }, () => ({ route: TAG_ACTION, fault: '503' as const })) });
    const r = await l.run(['apply', '-f', l.file, '--auto-approve', '--json']);
    expect(r.code).toBe(1);
    expect(summaryOf(r.stdout).outcomes[0]?.result).toBe('failed');
    expect(l.count(TAG_ACTION)).toBe(6);
    expect(await l.tags(ID(1))).toEqual({ keep: 'yes', owner: 'x', team: 'a' });
  });

  it('an out-of-band tag is drift, reported per key, and the next apply removes it', async () => {
    const l = await lab([{ ...WEB, tags: { team: 'b', env: 'prod', keep: 'yes' } }], WEB_FILE);
    expect((await l.run(['drift', '-f', l.file])).code).toBe(0);
    await fetch(`${l.emu.url}/v2.0/${l.emu.projectId}/vpcs/${ID(1)}/tags/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'create', tags: [{ key: 'rogue', value: 'console' }, { key: 'team', value: 'z' }] }),
    });
    const drift = await l.run(['drift', '-f', l.file]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('tags.rogue: live has "console", git says (not set)');
    expect(drift.stdout).toContain('tags.team: live has "z", git says "b"');
    const r = await l.run(['apply', '-f', l.file, '--auto-approve']);
    expect(r.code, r.stderr).toBe(0);
    expect(await l.tags(ID(1))).toEqual({ env: 'prod', keep: 'yes', team: 'b' });
    expect((await l.run(['drift', '-f', l.file])).code).toBe(0);
  });

  it('a created VPC gets its tags once OK, and they are verified', async () => {
    const l = await lab([], '  fresh:\n    name: vpc-fresh\n    cidr: 10.5.0.0/16\n    tags: { env: dev, team: net }\n');
    const r = await l.run(['apply', '-f', l.file, '--auto-approve', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const created = summaryOf(r.stdout).outcomes[0];
    expect(created?.result).toBe('created');
    // One create call, one read back to verify; nothing read for a VPC that did not exist at plan time.
    expect([l.count(TAG_ACTION), l.count(TAG_GET), l.count(TAG_FILTER)]).toEqual([1, 1, 0]);
    expect(await l.tags(created?.id ?? '')).toEqual({ env: 'dev', team: 'net' });
  });

  it('faults during tag calls are retried (the batch action is idempotent) and the apply converges', async () => {
    const l = await lab([WEB], WEB_FILE);
    l.emu.setFaults({
      next: [
        { route: TAG_ACTION, fault: '503', after: true },
        { route: TAG_ACTION, fault: 'reset', after: false },
        { route: TAG_GET, fault: '502' },
      ],
    });
    const r = await l.run(['apply', '-f', l.file, '--auto-approve', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(await l.tags(ID(1))).toEqual({ env: 'prod', keep: 'yes', team: 'b' });
    // The 502 hit the plan's tag read (retried there); the 503 after the write and the reset, the apply's.
    const statuses = l.emu.requestLog().map((e) => [e.route, e.status]);
    expect(statuses).toContainEqual([TAG_GET, 502]);
    expect(jsonLines(r.stdout).filter((e) => e.type === 'retry_scheduled' && e['phase'] === 'tags').map((e) => e['reason'])).toEqual(['503 APIGW.0201', 'ECONNRESET']);
  });

  it('a refused tag call fails that VPC with the API\'s code, the others go on', async () => {
    const other = { id: ID(2), name: 'vpc-db', cidr: '10.2.0.0/16' };
    const l = await lab([WEB, other], `${WEB_FILE}  db:\n    id: ${ID(2)}\n    description: database\n`);
    l.emu.setFaults({ next: [{ route: TAG_ACTION, fault: '500' }] });
    const r = await l.run(['apply', '-f', l.file, '--auto-approve', '--json']);
    const outcomes = summaryOf(r.stdout).outcomes;
    expect(outcomes.find((o) => o.address === 'vpcs.db')?.result).toBe('updated');
    // A plain 500 (no code) on an idempotent call is retried; the apply still converges.
    expect(outcomes.find((o) => o.address === 'vpcs.web')?.result).toBe('updated');
  });
});

describe('bad tags are refused offline', () => {
  it('validate and plan name each bad tag at file:line:col and send nothing', async () => {
    const l = await lab([WEB], `  web:\n    id: ${ID(1)}\n    tags:\n      "bad key": x\n      ok: "has space"\n      n: 5\n`);
    const r = await l.run(['plan', '-f', l.file]);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/vpcs\.yaml:11:\d+/);
    expect(out).toMatch(/vpcs\.yaml:12:\d+/);
    expect(out).toMatch(/vpcs\.yaml:13:\d+/);
    expect(l.emu.stats().total).toBe(0);
  });
});

describe('saved plans and tags', () => {
  it('a tag changed since the plan makes it stale; an untouched saved plan applies', async () => {
    const l = await lab([WEB, { id: ID(2), name: 'vpc-db', cidr: '10.2.0.0/16', tags: { team: 'db' } }], `${WEB_FILE}  db:\n    id: ${ID(2)}\n    description: database\n    tags: { team: db }\n`);
    expect((await l.run(['plan', '-f', l.file, '--out', 'plan.json'])).code).toBe(0);
    // Out of band: the tags of vpc-db change (not its v1 fields).
    await fetch(`${l.emu.url}/v2.0/${l.emu.projectId}/vpcs/${ID(2)}/tags/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'create', tags: [{ key: 'team', value: 'hijacked' }] }),
    });
    const puts = l.count(PUT);
    const r = await l.run(['apply', 'plan.json', '--json']);
    expect(r.code).toBe(1);
    const outcomes = summaryOf(r.stdout).outcomes;
    expect(outcomes.find((o) => o.address === 'vpcs.db')?.failure?.code).toBe('PLAN_STALE');
    expect(outcomes.find((o) => o.address === 'vpcs.web')?.result).toBe('updated');
    expect(l.count(PUT)).toBe(puts);
    expect(await l.tags(ID(2))).toEqual({ team: 'hijacked' });
  });
});

describe('tags are read in bulk', () => {
  it('a plan over many VPCs that declare tags reads them with one filter call, never one GET each', async () => {
    const seed = Array.from({ length: 40 }, (_, i) => ({ id: ID(i + 10), name: `vpc-${i}`, cidr: '10.0.0.0/16', tags: { n: String(i) } }));
    const yaml = seed.map((v, i) => `  v${i}:\n    id: ${v.id}\n    tags: { n: "${i}" }\n`).join('');
    const l = await lab(seed, yaml);
    const r = await l.run(['plan', '-f', l.file, '--detailed-exitcode']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(l.count(TAG_FILTER)).toBe(1);
    expect(l.count(TAG_GET)).toBe(0);
    expect(l.emu.stats().total).toBeLessThanOrEqual(5);
  });

  it('no tag API call at all when no entry declares tags', async () => {
    const l = await lab([WEB], `  web:\n    id: ${ID(1)}\n    description: d\n`);
    expect((await l.run(['plan', '-f', l.file])).code).toBe(0);
    expect([l.count(TAG_FILTER), l.count(TAG_GET), l.count('GET /v2.0/{project_id}/vpcs/tags')]).toEqual([0, 0, 0]);
  });

  it('import writes the tags, and the imported file plans no change', async () => {
    const l = await lab([WEB], '');
    const imported = await l.run(['import', '--endpoint', l.emu.url, '--region', 'eu-de', '--project-id', l.emu.projectId, '-o', 'imported.yaml']);
    expect(imported.code, imported.stderr).toBe(0);
    const again = await l.run(['plan', '-f', 'imported.yaml', '--detailed-exitcode']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });
});
