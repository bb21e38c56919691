import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { BATCH_ID, call, DB_ID, PROJECT, SEED_FILE, vpcPath, vpcsPath, WEB_ID } from './helpers.js';

let emu: RunningEmulator;
let clock = Date.UTC(2025, 0, 1);
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: SEED_FILE, updateDelayMs: 1500, now: () => clock });
});
afterAll(async () => emu.stop());
beforeEach(() => emu.resetData());

const put = (id: string, body: unknown) => call(emu, 'PUT', vpcPath(id), body);

describe('PUT validation (reference §1.2, §2.3)', () => {
  it.each([
    ['no name nor cidr', { vpc: { description: 'x' } }],
    ['an unknown field', { vpc: { name: 'vpc-web', tenancy: 'default' } }],
    ['a name too long', { vpc: { name: 'x'.repeat(65) } }],
    ['a name with a space', { vpc: { name: 'web tier' } }],
    ['a description with <', { vpc: { name: 'vpc-web', description: '<b>' } }],
    ['a description over 255', { vpc: { name: 'vpc-web', description: 'd'.repeat(256) } }],
    ['a public cidr', { vpc: { cidr: '8.8.0.0/16' } }],
    ['a cidr with host bits', { vpc: { cidr: '192.168.1.0/16' } }],
    ['a /29', { vpc: { cidr: '192.168.0.0/29' } }],
    ['routes not a list', { vpc: { name: 'vpc-web', routes: { destination: '0.0.0.0/0' } } }],
    ['a route without nexthop', { vpc: { name: 'vpc-web', routes: [{ destination: '0.0.0.0/0' }] } }],
    ['a bad route destination', { vpc: { name: 'vpc-web', routes: [{ destination: 'default', nexthop: '192.168.0.5' }] } }],
    ['enable_shared_snat not boolean', { vpc: { name: 'vpc-web', enable_shared_snat: 'yes' } }],
    ['no vpc wrapper', { name: 'vpc-web' }],
    ['extra top-level keys', { vpc: { name: 'vpc-web' }, other: 1 }],
  ])('refuses %s with 400 VPC.0101', async (_why, body) => {
    const r = await put(WEB_ID, body);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'VPC.0101', message: `Update router ${WEB_ID} is invalid.` });
    expect(emu.vpc(WEB_ID)?.status).toBe('OK');
  });

  it('refuses malformed JSON with 400', async () => {
    const r = await call(emu, 'PUT', vpcPath(WEB_ID), '{"vpc":{"name":"a" "cidr":"10.0.0.0/16"}}');
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('VPC.0101');
  });

  it('refuses a duplicate name with VPC.0115, but accepts the VPC keeping its own name', async () => {
    const r = await put(WEB_ID, { vpc: { name: 'vpc-db' } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'VPC.0115', message: 'The router name has exist.' });
    expect((await put(WEB_ID, { vpc: { name: 'vpc-web' } })).status).toBe(200);
  });

  it('refuses a cidr that does not cover the subnets with VPC.0117, accepts one that does', async () => {
    const r = await put(DB_ID, { vpc: { cidr: '10.10.2.0/24' } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'VPC.0117', message: 'Cidr can not contain subnetList cidr.' });
    const wider = await put(BATCH_ID, { vpc: { cidr: '172.16.0.0/12' } });
    expect(wider.status).toBe(200);
    expect(wider.json.vpc.cidr).toBe('172.16.0.0/12');
  });

  it('accepts every documented field and keeps the others', async () => {
    const r = await put(DB_ID, { vpc: { name: 'vpc-db', description: 'db', cidr: '10.10.0.0/16', enable_shared_snat: false, routes: [] } });
    expect(r.status).toBe(200);
    expect(r.json.vpc).toMatchObject({ id: DB_ID, name: 'vpc-db', description: 'db', enable_shared_snat: false, routes: [], status: 'PENDING_UPDATE', tenant_id: PROJECT });
    expect(r.json.vpc.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('answers 404 VPC.0003 for an unknown VPC and VPC.0101 for a malformed id', async () => {
    const missing = await put('00000000-0000-4000-8000-000000000000', { vpc: { name: 'x' } });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ code: 'VPC.0003', message: 'VPC does not exist.' });
    const show = await call(emu, 'GET', vpcPath('00000000-0000-4000-8000-000000000000'));
    expect(show.status).toBe(404);
    const malformed = await call(emu, 'GET', vpcPath('not-a-uuid'));
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({ code: 'VPC.0101', message: 'getVpc error vpcId is invalid.' });
  });

  it('answers 500 VPC.0113 to a PUT on a VPC that is not OK', async () => {
    await put(WEB_ID, { vpc: { name: 'vpc-web' } });
    const r = await put(WEB_ID, { vpc: { name: 'vpc-web' } });
    expect(r.status).toBe(500);
    expect(r.json.code).toBe('VPC.0113');
    clock += 1499;
    expect((await put(WEB_ID, { vpc: { name: 'vpc-web' } })).status).toBe(500);
    clock += 1;
    expect((await put(WEB_ID, { vpc: { name: 'vpc-web' } })).status).toBe(200);
  });
});

describe('gateway answers and list parameters', () => {
  it('answers an unknown route with 404 APIGW.0101 and a wrong method with 405', async () => {
    const r = await call(emu, 'GET', `/v1/${PROJECT}/routers`);
    expect(r.status).toBe(404);
    expect(r.json.error_code).toBe('APIGW.0101');
    expect(r.json.request_id).toBe(r.headers.get('x-request-id'));
    const m = await call(emu, 'PATCH', vpcPath(WEB_ID), { vpc: {} });
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('GET, PUT, DELETE');
  });

  it.each(['limit=2001', 'limit=-1', 'limit=abc', 'marker=00000000-0000-4000-8000-000000000000', 'enterprise_project_id=nope'])(
    'refuses %s with 400 VPC.0101',
    async (query) => {
      const r = await call(emu, 'GET', `${vpcsPath()}?${query}`);
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ code: 'VPC.0101', message: 'Query vpc list error.' });
    },
  );

  it('filters by one enterprise project', async () => {
    const eps = emu.vpc(BATCH_ID)!.enterprise_project_id;
    const r = await call(emu, 'GET', `${vpcsPath()}?enterprise_project_id=${eps}`);
    expect(r.json.vpcs.map((v: { id: string }) => v.id)).toEqual([BATCH_ID]);
    const zero = await call(emu, 'GET', `${vpcsPath()}?enterprise_project_id=0&limit=0`);
    expect(zero.json.vpcs).toHaveLength(4);
  });
});

describe('create, delete and subnets', () => {
  it('POST answers 200 with CREATING, then the VPC is OK after the default create delay (1000 ms)', async () => {
    const r = await call(emu, 'POST', vpcsPath(), { vpc: { name: 'vpc-new', cidr: '10.30.0.0/16', description: 'new' } });
    expect(r.status).toBe(200);
    expect(r.json.vpc).toMatchObject({ name: 'vpc-new', status: 'CREATING', routes: [], enterprise_project_id: '0' });
    expect(r.json.vpc).not.toHaveProperty('enable_shared_snat');
    clock += 999;
    expect((await call(emu, 'GET', vpcPath(r.json.vpc.id))).json.vpc.status).toBe('CREATING');
    clock += 1;
    const shown = await call(emu, 'GET', vpcPath(r.json.vpc.id));
    expect(shown.json.vpc.status).toBe('OK');
    const dup = await call(emu, 'POST', vpcsPath(), { vpc: { name: 'vpc-new' } });
    expect(dup.json.code).toBe('VPC.0115');
    const bad = await call(emu, 'POST', vpcsPath(), { vpc: { name: 'x', cidr: '1.0.0.0/8' } });
    expect(bad.json).toEqual({ code: 'VPC.0101', message: 'Param is invalid.' });
  });

  it('DELETE answers 204, refuses a VPC with subnets (409 VPC.0104) until they are deleted', async () => {
    const blocked = await call(emu, 'DELETE', vpcPath(WEB_ID));
    expect(blocked.status).toBe(409);
    expect(blocked.json.code).toBe('VPC.0104');
    const subnets = await call(emu, 'GET', `/v1/${PROJECT}/subnets?vpc_id=${WEB_ID}`);
    expect(subnets.json.subnets).toHaveLength(1);
    const subnet = subnets.json.subnets[0];
    expect(subnet).toMatchObject({ cidr: '192.168.0.0/24', vpc_id: WEB_ID, gateway_ip: '192.168.0.1', status: 'ACTIVE' });
    expect((await call(emu, 'DELETE', `/v1/${PROJECT}/vpcs/${WEB_ID}/subnets/${subnet.id}`)).status).toBe(204);
    const done = await call(emu, 'DELETE', vpcPath(WEB_ID));
    expect(done.status).toBe(204);
    expect(done.text).toBe('');
    expect((await call(emu, 'GET', vpcPath(WEB_ID))).status).toBe(404);
  });

  it('creates subnets inside the VPC cidr only, without overlap, and then enforces VPC.0117', async () => {
    const make = (cidr: string, gateway: string) =>
      call(emu, 'POST', `/v1/${PROJECT}/subnets`, { subnet: { name: `s-${cidr.replace(/[./]/g, '-')}`, cidr, gateway_ip: gateway, vpc_id: BATCH_ID } });
    expect((await make('172.16.9.0/24', '172.16.9.1')).status).toBe(200);
    expect((await make('172.17.0.0/24', '172.17.0.1')).json.code).toBe('VPC.0101');
    expect((await make('172.16.9.0/25', '172.16.9.1')).json.code).toBe('VPC.0101');
    const r = await put(BATCH_ID, { vpc: { cidr: '172.16.1.0/24' } });
    expect(r.json.code).toBe('VPC.0117');
  });
});
