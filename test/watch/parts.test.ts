import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCloudClient, type ExchangeInfo } from '../../src/cloud/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { paint } from '../../src/render/paint.js';
import { watchLines } from '../../src/render/watch-text.js';
import { DesiredFiles } from '../../src/watch/desired-files.js';
import { WatchMetrics } from '../../src/watch/metrics.js';
import type { WatchEvent } from '../../src/watch/types.js';
import { desiredYaml, parsePrometheus, PROJECT, seed, value, VPCS } from './helpers.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('DesiredFiles', () => {
  it('loads, keeps the last valid state of a broken file, drops a file gone from its directory, and keeps all when a path vanishes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vpcform-watch-files-'));
    const infra = join(dir, 'infra');
    await mkdir(infra);
    await writeFile(join(infra, 'a.yaml'), desiredYaml());
    // Another project: addresses are unique per target.
    await writeFile(join(infra, 'b.yaml'), desiredYaml().replace(PROJECT, 'fedcba9876543210fedcba9876543210'));
    const files = new DesiredFiles(['infra'], dir);
    const a = join('infra', 'a.yaml');
    const b = join('infra', 'b.yaml');

    const first = await files.reload(1);
    expect([...first.states.keys()]).toEqual([a, b]);
    expect(first.events.map((e) => [e.type, 'target' in e ? e.target : ''])).toEqual([
      ['desired_loaded', a],
      ['desired_loaded', b],
    ]);
    expect((await files.reload(2)).events).toEqual([]);

    await writeFile(join(infra, 'a.yaml'), 'version: 1\ntarget: {cloud: otc}\nvpcs: {}\nbogus: 1\n');
    const broken = await files.reload(3);
    expect(broken.states.get(a)?.sha256).toBe(first.states.get(a)?.sha256);
    expect(broken.invalid).toEqual([a]);
    expect(broken.unwatched).toEqual([]);
    expect(broken.events).toEqual([expect.objectContaining({ type: 'desired_invalid', target: a, scope: 'file', kept: true })]);
    expect((await files.reload(4)).events).toEqual([]);

    // The directory swapped out mid-sync: nothing is dropped.
    await rename(infra, `${infra}.old`);
    const vanished = await files.reload(5);
    expect([...vanished.states.keys()]).toEqual([a, b]);
    expect(vanished.events).toEqual([expect.objectContaining({ type: 'desired_invalid', target: 'infra', scope: 'path', kept: true })]);
    await rename(`${infra}.old`, infra);

    await unlink(join(infra, 'b.yaml'));
    await writeFile(join(infra, 'a.yaml'), desiredYaml());
    const after = await files.reload(6);
    expect([...after.states.keys()]).toEqual([a]);
    expect(after.events.map((e) => e.type)).toEqual(['desired_loaded', 'desired_removed']);
    expect(after.events[0]).toMatchObject({ first: false, target: a });
  });

  it('does not watch a file that was never valid, and forgets it once it is gone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vpcform-watch-files-'));
    await writeFile(join(dir, 'a.yaml'), 'version: 1\n');
    const files = new DesiredFiles(['.'], dir);
    const first = await files.reload(1);
    expect(first.states.size).toBe(0);
    expect(first.unwatched).toEqual(['a.yaml']);
    expect(first.events).toEqual([expect.objectContaining({ type: 'desired_invalid', target: 'a.yaml', kept: false })]);
    await unlink(join(dir, 'a.yaml'));
    await writeFile(join(dir, 'b.yaml'), desiredYaml());
    const second = await files.reload(2);
    expect(second.events.map((e) => [e.type, 'target' in e ? e.target : ''])).toEqual([
      ['desired_loaded', 'b.yaml'],
      ['desired_removed', 'a.yaml'],
    ]);
  });
});

describe('WatchMetrics', () => {
  const summary = { vpcs: 4, in_sync: 2, drifted: 1, missing: 1, unwanted: 0, error: 0 };

  it('turns events into the series the issue names, and drops a target with every series it had', async () => {
    const metrics = new WatchMetrics({ readiness: () => ({ ready: true, targets: [] }) });
    const events: WatchEvent[] = [
      { type: 'desired_loaded', at: 0, target: 'a.yaml', sha256: 'x', vpcs: 4, first: true, warnings: [] },
      { type: 'check_ok', at: 1_700_000_000_000, target: 'a.yaml', duration_ms: 300, summary },
      { type: 'check_failed', at: 1_700_000_001_000, target: 'a.yaml', duration_ms: 20, error: { code: 'CLOUD_NETWORK', summary: 'down' }, failures: 1, retry_in_ms: 1000 },
      { type: 'heal_done', at: 2, target: 'a.yaml', address: 'vpcs.web', action: 'update', result: 'updated' },
      { type: 'heal_done', at: 2, target: 'a.yaml', address: 'vpcs.db', action: 'update', result: 'failed', retry_in_ms: 1 },
      { type: 'cycle', at: 3, cycle: 1, duration_ms: 1, checks: [], invalid: [], ready: true, next_in_ms: 1 },
    ];
    for (const event of events) metrics.observe(event);
    metrics.exchange({ method: 'GET', route: 'GET /v1/{project_id}/vpcs', status: 200 });
    metrics.exchange({ method: 'GET', route: 'GET /v1/{project_id}/vpcs', failure: 'ECONNREFUSED' });
    const samples = parsePrometheus(await metrics.text());
    expect(value(samples, 'vpcform_drifted_vpcs', { target: 'a.yaml' })).toBe(2);
    expect(value(samples, 'vpcform_managed_vpcs', { target: 'a.yaml' })).toBe(4);
    expect(value(samples, 'vpcform_vpcs', { target: 'a.yaml', status: 'missing' })).toBe(1);
    expect(value(samples, 'vpcform_last_success_timestamp_seconds', { target: 'a.yaml' })).toBe(1_700_000_000);
    expect(value(samples, 'vpcform_checks_total', { target: 'a.yaml', result: 'drift' })).toBe(1);
    expect(value(samples, 'vpcform_checks_total', { target: 'a.yaml', result: 'error' })).toBe(1);
    expect(value(samples, 'vpcform_checks_total', { target: 'a.yaml', result: 'in_sync' })).toBe(0);
    expect(value(samples, 'vpcform_check_duration_seconds_count')).toBe(2);
    expect(value(samples, 'vpcform_check_duration_seconds_bucket', { le: '0.5' })).toBe(2);
    expect(value(samples, 'vpcform_heal_total', { target: 'a.yaml', result: 'updated' })).toBe(1);
    expect(value(samples, 'vpcform_heal_total', { target: 'a.yaml', result: 'failed' })).toBe(1);
    expect(value(samples, 'vpcform_api_requests_total', { method: 'GET', route: '/v1/{project_id}/vpcs', code: '200' })).toBe(1);
    expect(value(samples, 'vpcform_api_requests_total', { code: 'ECONNREFUSED' })).toBe(1);
    expect(value(samples, 'vpcform_cycles_total')).toBe(1);
    expect(value(samples, 'vpcform_ready')).toBe(1);
    expect(value(samples, 'vpcform_desired_state_valid', { target: 'a.yaml' })).toBe(1);

    metrics.observe({ type: 'desired_removed', at: 4, target: 'a.yaml' });
    const after = parsePrometheus(await metrics.text());
    expect(after.filter((s) => s.labels['target'] === 'a.yaml')).toEqual([]);
  });
});

describe('the cloud client onExchange hook', () => {
  it('reports every HTTP attempt with method, route template and status, or the network error', async () => {
    const emu = await startEmulator({ port: 0, seed: seed() });
    const seen: ExchangeInfo[] = [];
    const client = createCloudClient({ endpoint: emu.url, projectId: PROJECT, auth: { kind: 'none' }, onExchange: (e) => seen.push(e), retry: { maxAttempts: 2, baseDelayMs: 1 } });
    try {
      await client.listVpcs();
      await expect(client.getVpc('00000000-0000-4000-8000-00000000dead')).rejects.toMatchObject({ code: 'CLOUD_NOT_FOUND' });
      await emu.stop();
      await expect(client.getVpc(VPCS[0].id)).rejects.toMatchObject({ code: 'CLOUD_NETWORK' });
    } finally {
      (client as { close?: () => void }).close?.();
      await emu.stop();
    }
    expect(seen).toEqual([
      { method: 'GET', route: 'GET /v1/{project_id}/vpcs', status: 200 },
      { method: 'GET', route: 'GET /v1/{project_id}/vpcs/{vpc_id}', status: 404 },
      // The first attempt may meet the kept-alive socket the server closed: a reset, not a refusal.
      { method: 'GET', route: 'GET /v1/{project_id}/vpcs/{vpc_id}', failure: expect.stringMatching(/^ECONN(REFUSED|RESET)$/) },
      { method: 'GET', route: 'GET /v1/{project_id}/vpcs/{vpc_id}', failure: 'ECONNREFUSED' },
    ]);
  });
});

describe('watch log lines', () => {
  const p = paint(false);
  const at = Date.UTC(2024, 4, 1, 10, 0, 0);

  it('say what drifted as "live has X, git says Y", what healed, and one short line per cycle', () => {
    const lines = [
      ...watchLines({ type: 'drift_started', at, target: 'vpcs.yaml', address: 'vpcs.web', id: 'id-1', status: 'drifted', fields: [{ path: 'description', live: 'web', desired: 'web tier', managed: true }] }, p),
      ...watchLines({ type: 'drift_stopped', at, target: 'vpcs.yaml', address: 'vpcs.web', id: 'id-1', reason: 'in_sync' }, p),
      ...watchLines({ type: 'heal_done', at, target: 'vpcs.yaml', address: 'vpcs.web', id: 'id-1', action: 'update', result: 'updated' }, p),
      ...watchLines({ type: 'heal_done', at, target: 'vpcs.yaml', address: 'vpcs.db', action: 'update', result: 'pending' }, p),
      ...watchLines({ type: 'check_ok', at, target: 'vpcs.yaml', duration_ms: 3, summary: { vpcs: 1, in_sync: 1, drifted: 0, missing: 0, unwanted: 0, error: 0 } }, p),
      ...watchLines({ type: 'cycle', at, cycle: 7, duration_ms: 41, checks: [{ target: 'vpcs.yaml', result: 'drift', vpcs: 3, not_in_sync: 1, healed: 1, duration_ms: 41 }], invalid: [], ready: true, next_in_ms: 300_000 }, p),
    ];
    expect(lines).toEqual([
      '2024-05-01T10:00:00Z drift started: vpcs.web (id-1) [vpcs.yaml]: description: live has "web", git says "web tier"',
      '2024-05-01T10:00:00Z back in sync: vpcs.web (id-1) [vpcs.yaml]',
      '2024-05-01T10:00:00Z healed: vpcs.web (id-1) [vpcs.yaml] updated',
      '2024-05-01T10:00:00Z heal left pending: vpcs.db [vpcs.yaml]: the update was sent and had not settled when the watch stopped; run `vpcform drift` to see where it ended',
      '2024-05-01T10:00:00Z cycle 7: vpcs.yaml: 1 of 3 not in sync (1 healed) (41ms); next in 5m',
    ]);
  });
});
