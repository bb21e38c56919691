import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, SEED_FILE, vpcPath, vpcsPath, withEmulator } from './helpers.js';

/** Faults on POST and DELETE, as on PUT (SPEC.md "Faults"): the write may happen before the failure. */

const POST_ROUTE = 'POST /v1/{project_id}/vpcs';
const DELETE_ROUTE = 'DELETE /v1/{project_id}/vpcs/{vpc_id}';
const LEGACY_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const SANDBOX_ID = 'c7d8e9f0-1a2b-4c3d-9e4f-5a6b7c8d9e0f';
const T0 = Date.UTC(2025, 0, 1);

async function statusOrReset(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<number | 'reset'> {
  try {
    return (await call(emu, method, path, body)).status;
  } catch {
    return 'reset';
  }
}

const byName = async (emu: RunningEmulator, name: string) =>
  (await call(emu, 'GET', `${vpcsPath()}?enterprise_project_id=all_granted_eps`)).json.vpcs.filter((v: { name: string }) => v.name === name);
const logOf = async (emu: RunningEmulator, route: string) =>
  (await call(emu, 'GET', `/_emulator/requests?route=${encodeURIComponent(route)}`)).json.requests;

describe('faults on create', () => {
  it('a fault after a POST leaves the VPC created, and the request log names it', async () => {
    await withEmulator({ seed: SEED_FILE }, async (emu) => {
      await call(emu, 'POST', '/_emulator/faults', { next: [{ route: POST_ROUTE, fault: '503', after: true }] });
      const r = await call(emu, 'POST', vpcsPath(), { vpc: { name: 'vpc-lost-answer', cidr: '10.50.0.0/16' } });
      expect(r.status).toBe(503);
      expect(r.json.error_code).toBe('APIGW.0201');
      const found = await byName(emu, 'vpc-lost-answer');
      expect(found).toHaveLength(1);
      expect(await logOf(emu, POST_ROUTE)).toMatchObject([{ status: 503, fault: '503', applied: true, vpc_id: found[0].id }]);
      // A blind retry meets the name rule: why clients look the name up after an ambiguous failure.
      expect((await call(emu, 'POST', vpcsPath(), { vpc: { name: 'vpc-lost-answer', cidr: '10.50.0.0/16' } })).json.code).toBe('VPC.0115');
    });
  });

  it('a reset before a POST creates nothing; scripted faults address a create by the name in its body', async () => {
    await withEmulator({ seed: SEED_FILE }, async (emu) => {
      emu.setFaults({ next: [{ route: POST_ROUTE, vpc: 'vpc-b', fault: 'reset' }] });
      expect(await statusOrReset(emu, 'POST', vpcsPath(), { vpc: { name: 'vpc-a' } })).toBe(200);
      expect(await statusOrReset(emu, 'POST', vpcsPath(), { vpc: { name: 'vpc-b' } })).toBe('reset');
      expect(await byName(emu, 'vpc-b')).toHaveLength(0);
      expect(await logOf(emu, POST_ROUTE)).toMatchObject([
        { status: 200, applied: true },
        { status: 0, fault: 'reset', applied: false },
      ]);
      expect(emu.faults().next).toEqual([]);
    });
  });

  it('create_status keeps a VPC CREATING forever (exact name) or turns it ERROR (pattern with *)', async () => {
    let clock = T0;
    await withEmulator({ seed: SEED_FILE, createDelayMs: 100, now: () => clock }, async (emu) => {
      const set = await call(emu, 'POST', '/_emulator/faults', { create_status: { 'vpc-slow': 'stuck', 'vpc-bad-*': 'error' } });
      expect(set.status).toBe(200);
      const slow = (await call(emu, 'POST', vpcsPath(), { vpc: { name: 'vpc-slow' } })).json.vpc.id;
      const bad = (await call(emu, 'POST', vpcsPath(), { vpc: { name: 'vpc-bad-1' } })).json.vpc.id;
      const fine = (await call(emu, 'POST', vpcsPath(), { vpc: { name: 'vpc-slow-not' } })).json.vpc.id;
      clock += 3_600_000;
      expect((await call(emu, 'GET', vpcPath(slow))).json.vpc.status).toBe('CREATING');
      expect((await call(emu, 'GET', vpcPath(bad))).json.vpc.status).toBe('ERROR');
      expect((await call(emu, 'GET', vpcPath(fine))).json.vpc.status).toBe('OK');
      expect((await call(emu, 'DELETE', vpcPath(slow))).json.code).toBe('VPC.0103');
      expect((await call(emu, 'DELETE', vpcPath(bad))).status).toBe(204);
      await call(emu, 'POST', '/_emulator/reset', { faults: true });
      expect(emu.faults()).toMatchObject({ create_status: {}, delete_status: {} });
    });
  });
});

describe('faults on delete', () => {
  it('a reset after a DELETE leaves the VPC deleted; the retry answers 404', async () => {
    await withEmulator({ seed: SEED_FILE }, async (emu) => {
      emu.setFaults({ next: [{ route: DELETE_ROUTE, vpc: 'vpc-legacy', fault: 'reset', after: true }] });
      expect(await statusOrReset(emu, 'DELETE', vpcPath(LEGACY_ID))).toBe('reset');
      expect((await call(emu, 'GET', vpcPath(LEGACY_ID))).status).toBe(404);
      expect((await call(emu, 'DELETE', vpcPath(LEGACY_ID))).json.code).toBe('VPC.0003');
      expect(await logOf(emu, DELETE_ROUTE)).toMatchObject([
        { vpc_id: LEGACY_ID, status: 0, fault: 'reset', applied: true },
        { vpc_id: LEGACY_ID, status: 404, applied: false },
      ]);
    });
  });

  it('delete_status keeps a VPC in PENDING_DELETE forever, or turns it ERROR instead of going', async () => {
    let clock = T0;
    await withEmulator({ seed: SEED_FILE, now: () => clock }, async (emu) => {
      emu.setFaults({ delete_status: { 'vpc-legacy': 'stuck', [SANDBOX_ID]: 'error' } });
      expect((await call(emu, 'DELETE', vpcPath(LEGACY_ID))).status).toBe(204);
      expect((await call(emu, 'DELETE', vpcPath(SANDBOX_ID))).status).toBe(204);
      clock += 3_600_000;
      expect((await call(emu, 'GET', vpcPath(LEGACY_ID))).json.vpc.status).toBe('PENDING_DELETE');
      expect((await call(emu, 'GET', vpcPath(SANDBOX_ID))).json.vpc.status).toBe('ERROR');
    });
  });
});

describe('gateway faults on POST and DELETE', () => {
  it('throttles POST and DELETE with 429 APIGW.0308, doing nothing', async () => {
    await withEmulator({ seed: SEED_FILE, rateLimitRps: 1, now: () => T0 }, async (emu) => {
      expect((await call(emu, 'GET', vpcPath(LEGACY_ID))).status).toBe(200);
      const post = await call(emu, 'POST', vpcsPath(), { vpc: { name: 'vpc-throttled' } });
      expect(post.status).toBe(429);
      expect(post.json.error_code).toBe('APIGW.0308');
      const del = await call(emu, 'DELETE', vpcPath(LEGACY_ID));
      expect(del.status).toBe(429);
      expect(emu.vpcs().map((v) => v.name)).not.toContain('vpc-throttled');
      expect(emu.vpc(LEGACY_ID)?.status).toBe('OK');
    });
  });

  it('replays the same random faults on creates and deletes from the same seed, some striking after the write', async () => {
    const run = (seed: number) =>
      withEmulator({ seed: SEED_FILE, faultRate: 0.5, faultSeed: seed, createDelayMs: 0 }, async (emu) => {
        const seen: Array<number | 'reset'> = [];
        for (let i = 0; i < 12; i += 1) seen.push(await statusOrReset(emu, 'POST', vpcsPath(), { vpc: { name: `n${i}` } }));
        for (const id of [LEGACY_ID, SANDBOX_ID]) seen.push(await statusOrReset(emu, 'DELETE', vpcPath(id)));
        const log = emu.requestLog().map((e) => `${e.method}:${e.status}:${e.fault ?? '-'}:${String(e.applied)}`);
        return { seen, log, names: emu.vpcs().map((v) => v.name) };
      });
    const a = await run(11);
    expect(await run(11)).toEqual(a);
    expect((await run(12)).log).not.toEqual(a.log);
    expect(a.log.some((l) => l.startsWith('POST:') && !l.includes(':-:') && l.endsWith(':true'))).toBe(true);
    expect(a.log.some((l) => l.startsWith('POST:') && !l.includes(':-:') && l.endsWith(':false'))).toBe(true);
  });

  it('adds latency to POST and DELETE', async () => {
    await withEmulator({ seed: SEED_FILE, latencyMs: 80 }, async (emu) => {
      let t = performance.now();
      await call(emu, 'POST', vpcsPath(), { vpc: { name: 'vpc-slow-net' } });
      expect(performance.now() - t).toBeGreaterThanOrEqual(75);
      t = performance.now();
      await call(emu, 'DELETE', vpcPath(LEGACY_ID));
      expect(performance.now() - t).toBeGreaterThanOrEqual(75);
    });
  });

  it('refuses bad create_status and delete_status values', async () => {
    await withEmulator({ seed: SEED_FILE }, async (emu) => {
      for (const body of [{ create_status: { x: 'down' } }, { delete_status: ['stuck'] }]) {
        const r = await call(emu, 'POST', '/_emulator/faults', body);
        expect(r.status).toBe(400);
        expect(r.json.error).toMatch(/_status/);
      }
    });
  });
});
