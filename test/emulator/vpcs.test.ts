import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { BATCH_ID, call, DB_ID, PROJECT, SEED_FILE, sleep, vpcPath, vpcsPath, WEB_ID } from './helpers.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

describe('VPC v1 operations on the example seed', () => {
  let emu: RunningEmulator;
  let clock = Date.UTC(2025, 0, 1);
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: SEED_FILE, updateDelayMs: 1500, now: () => clock });
  });
  afterAll(async () => emu.stop());
  // Each case starts from the seed: the PUT case changes vpc-web, which 'shows a VPC' reads (any order).
  beforeEach(() => emu.resetData());

  it('shows a VPC with every documented field and an X-Request-Id', async () => {
    const r = await call(emu, 'GET', vpcPath(WEB_ID));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.keys(r.json.vpc)).toEqual([
      'id', 'name', 'description', 'cidr', 'status', 'routes', 'enable_shared_snat',
      'enterprise_project_id', 'tenant_id', 'created_at', 'updated_at',
    ]);
    expect(r.json.vpc).toMatchObject({ id: WEB_ID, name: 'vpc-web', cidr: '192.168.0.0/16', description: 'web', status: 'OK', routes: [], tenant_id: PROJECT });
    expect(r.json.vpc.created_at).toMatch(TIMESTAMP);
    expect(r.json.vpc.created_at).toBe('2025-01-01T00:00:00');
    const db = await call(emu, 'GET', vpcPath(DB_ID));
    expect(db.json.vpc.routes).toBeNull();
    expect(db.json.vpc.enable_shared_snat).toBe(true);
  });

  it('lists only the default enterprise project unless all_granted_eps is asked', async () => {
    const plain = await call(emu, 'GET', vpcsPath());
    const ids = plain.json.vpcs.map((v: { id: string }) => v.id);
    expect(ids).toContain(WEB_ID);
    expect(ids).not.toContain(BATCH_ID);
    const all = await call(emu, 'GET', `${vpcsPath()}?enterprise_project_id=all_granted_eps`);
    expect(all.json.vpcs.map((v: { id: string }) => v.id)).toContain(BATCH_ID);
    expect(all.json.vpcs).toHaveLength(5);
  });

  it('pages with limit and marker, and filters by id', async () => {
    const first = await call(emu, 'GET', `${vpcsPath()}?enterprise_project_id=all_granted_eps&limit=2`);
    expect(first.json.vpcs).toHaveLength(2);
    const second = await call(emu, 'GET', `${vpcsPath()}?enterprise_project_id=all_granted_eps&limit=2&marker=${first.json.vpcs[1].id}`);
    expect(second.json.vpcs[0].id).toBe(BATCH_ID);
    const byId = await call(emu, 'GET', `${vpcsPath()}?id=${DB_ID}`);
    expect(byId.json.vpcs.map((v: { id: string }) => v.id)).toEqual([DB_ID]);
  });

  it('PUT answers the new values with PENDING_UPDATE, then OK after the delay', async () => {
    const put = await call(emu, 'PUT', vpcPath(WEB_ID), { vpc: { name: 'vpc-web', description: 'web tier', routes: [{ destination: '0.0.0.0/0', nexthop: '192.168.0.5' }] } });
    expect(put.status).toBe(200);
    expect(put.json.vpc).toMatchObject({ description: 'web tier', status: 'PENDING_UPDATE', routes: [{ destination: '0.0.0.0/0', nexthop: '192.168.0.5' }] });
    expect((await call(emu, 'GET', vpcPath(WEB_ID))).json.vpc.status).toBe('PENDING_UPDATE');
    const busy = await call(emu, 'PUT', vpcPath(WEB_ID), { vpc: { name: 'vpc-web' } });
    expect(busy.status).toBe(500);
    expect(busy.json).toEqual({ code: 'VPC.0113', message: 'Router status is not active.' });
    clock += 1500;
    expect((await call(emu, 'GET', vpcPath(WEB_ID))).json.vpc).toMatchObject({ status: 'OK', description: 'web tier' });
  });

  it('counts calls per route template', async () => {
    await call(emu, 'POST', '/_emulator/reset');
    await call(emu, 'GET', vpcPath(DB_ID));
    await call(emu, 'GET', vpcPath(WEB_ID));
    const stats = await call(emu, 'GET', '/_emulator/stats');
    expect(stats.json).toEqual({ total: 2, routes: { 'GET /v1/{project_id}/vpcs/{vpc_id}': 2 } });
  });
});

describe('the real clock', () => {
  it('turns PENDING_UPDATE into OK after updateDelayMs without any fake time', async () => {
    const emu = await startEmulator({ port: 0, seed: SEED_FILE, updateDelayMs: 30 });
    try {
      await call(emu, 'PUT', vpcPath(WEB_ID), { vpc: { name: 'vpc-web2' } });
      await sleep(60);
      expect((await call(emu, 'GET', vpcPath(WEB_ID))).json.vpc).toMatchObject({ name: 'vpc-web2', status: 'OK' });
    } finally {
      await emu.stop();
    }
  });
});
