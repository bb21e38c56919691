import { describe, expect, it } from 'vitest';
import { startEmulator, type DeleteBlocker, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { isVpcformError } from '../../src/errors/index.js';
import { call, PROJECT, SEED_FILE, vpcPath, vpcsPath, withEmulator, WEB_ID } from './helpers.js';

/** Create, delete and quotas against lifecycle-tags.md §1, §2 and vpc-api.md §2.3 (SPEC.md "Create and delete"). */

const LEGACY_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const A_ID = '11111111-1111-4111-8111-111111111111';
const B_ID = '22222222-2222-4222-8222-222222222222';
const T0 = Date.UTC(2025, 0, 1);

const names = async (emu: RunningEmulator): Promise<string[]> =>
  (await call(emu, 'GET', `${vpcsPath()}?enterprise_project_id=all_granted_eps`)).json.vpcs.map((v: { name: string }) => v.name);
const create = (emu: RunningEmulator, vpc: Record<string, unknown>) => call(emu, 'POST', vpcsPath(), { vpc });

describe('create (lifecycle §1)', () => {
  it('shows CREATING for createDelayMs, meanwhile refusing DELETE (409 VPC.0103) and PUT (500 VPC.0113), then OK', async () => {
    let clock = T0;
    await withEmulator({ seed: SEED_FILE, createDelayMs: 500, now: () => clock }, async (emu) => {
      const r = await create(emu, { name: 'vpc-new', cidr: '10.30.0.0/16' });
      expect(r.status).toBe(200);
      const id = r.json.vpc.id;
      clock += 499;
      expect((await call(emu, 'GET', vpcPath(id))).json.vpc.status).toBe('CREATING');
      const listed = (await call(emu, 'GET', `${vpcsPath()}?id=${id}`)).json.vpcs;
      expect(listed).toMatchObject([{ id, status: 'CREATING' }]);
      const busy = await call(emu, 'DELETE', vpcPath(id));
      expect(busy.status).toBe(409);
      expect(busy.json).toEqual({ code: 'VPC.0103', message: 'Resource status is busy, try it again later.' });
      expect((await call(emu, 'PUT', vpcPath(id), { vpc: { name: 'vpc-new' } })).json.code).toBe('VPC.0113');
      clock += 1;
      expect((await call(emu, 'GET', vpcPath(id))).json.vpc.status).toBe('OK');
      expect((await call(emu, 'DELETE', vpcPath(id))).status).toBe(204);
    });
  });

  it('refuses a name in use with 400 VPC.0115 and creates nothing; blank names may repeat', async () => {
    await withEmulator({ seed: SEED_FILE }, async (emu) => {
      const dup = await create(emu, { name: 'vpc-web', cidr: '10.31.0.0/16' });
      expect(dup.status).toBe(400);
      expect(dup.json).toEqual({ code: 'VPC.0115', message: 'The router name has exist.' });
      expect((await names(emu)).filter((n) => n === 'vpc-web')).toHaveLength(1);
      expect((await create(emu, {})).json.vpc).toMatchObject({ name: '', cidr: '' });
      expect((await create(emu, {})).status).toBe(200);
      expect((await names(emu)).filter((n) => n === '')).toHaveLength(2);
    });
  });
});

describe('VPC quota (lifecycle §1.3)', () => {
  const seed = { quotas: { vpc: 2 }, vpcs: [{ id: A_ID, name: 'a', cidr: '10.1.0.0/16' }] };

  it('answers 409 VPC.0114 with the documented body once the quota is used, and frees it when a VPC is gone', async () => {
    await withEmulator({ seed, createDelayMs: 0 }, async (emu) => {
      expect((await create(emu, { name: 'b' })).status).toBe(200);
      const over = await create(emu, { name: 'c' });
      expect(over.status).toBe(409);
      expect(over.text).toBe(`{"code":"VPC.0114","message":"Quota exceeded for resources: ['router']."}`);
      expect(await names(emu)).toEqual(['a', 'b']);
      expect((await call(emu, 'DELETE', vpcPath(A_ID))).status).toBe(204);
      expect((await create(emu, { name: 'c' })).status).toBe(200);
    });
  });

  it('counts a VPC in PENDING_DELETE until it is gone', async () => {
    let clock = T0;
    await withEmulator({ seed, createDelayMs: 0, deleteDelayMs: 100, now: () => clock }, async (emu) => {
      await create(emu, { name: 'b' });
      await call(emu, 'DELETE', vpcPath(A_ID));
      expect((await create(emu, { name: 'c' })).json.code).toBe('VPC.0114');
      clock += 100;
      expect((await create(emu, { name: 'c' })).status).toBe(200);
    });
  });

  it('the vpcQuota option wins over the seed; -1 means no limit', async () => {
    await withEmulator({ seed, vpcQuota: -1 }, async (emu) => {
      for (const name of ['b', 'c', 'd']) expect((await create(emu, { name })).status).toBe(200);
      const q = await call(emu, 'GET', `/v1/${PROJECT}/quotas?type=vpc`);
      expect(q.json).toEqual({ quotas: { resources: [{ type: 'vpc', used: 4, quota: -1, min: 0 }] } });
    });
  });

  it('GET /v1/{project_id}/quotas answers the documented shape, filtered by type', async () => {
    await withEmulator({ seed: SEED_FILE }, async (emu) => {
      const vpc = await call(emu, 'GET', `/v1/${PROJECT}/quotas?type=vpc`);
      expect(vpc.status).toBe(200);
      expect(vpc.text).toBe('{"quotas":{"resources":[{"type":"vpc","used":5,"quota":150,"min":0}]}}');
      const all = await call(emu, 'GET', `/v1/${PROJECT}/quotas`);
      expect(all.json.quotas.resources).toEqual([
        { type: 'vpc', used: 5, quota: 150, min: 0 },
        { type: 'subnet', used: 3, quota: 400, min: 0 },
      ]);
      expect((await call(emu, 'GET', `/v1/${PROJECT}/quotas?type=subnet`)).json.quotas.resources).toEqual([{ type: 'subnet', used: 3, quota: 400, min: 0 }]);
      const unknown = await call(emu, 'GET', `/v1/${PROJECT}/quotas?type=router`);
      expect(unknown.status).toBe(400);
      expect(unknown.json).toEqual({ code: 'VPC.0101', message: 'Param is invalid.' });
      const foreign = await call(emu, 'GET', `/v1/${'f'.repeat(32)}/quotas`);
      expect(foreign.json.code).toBe('VPC.0007');
      expect(emu.stats().routes['GET /v1/{project_id}/quotas']).toBe(5);
    });
  });

  it('POST /_emulator/quotas changes a quota at run time and refuses bad values', async () => {
    await withEmulator({ seed: SEED_FILE }, async (emu) => {
      const set = await call(emu, 'POST', '/_emulator/quotas', { vpc: 5 });
      expect(set.json).toEqual({ vpc: 5, subnet: 400 });
      expect((await create(emu, { name: 'one-more' })).json.code).toBe('VPC.0114');
      for (const body of [{ vpc: -2 }, { vpc: 1.5 }, { router: 3 }, [1]]) {
        expect((await call(emu, 'POST', '/_emulator/quotas', body)).status).toBe(400);
      }
      expect(emu.quotas()).toEqual({ vpc: 5, subnet: 400 });
    });
  });

  it('refuses a seed with bad quotas or blockers, naming each problem', async () => {
    const err = await startEmulator({
      port: 0,
      seed: { quotas: { vpc: 'many', router: 1 }, vpcs: [{ name: 'a', cidr: '10.1.0.0/16', blockers: ['peering'] }] } as unknown as EmulatorSeed,
    }).catch((e: unknown) => e);
    expect(isVpcformError(err) && err.code).toBe('EMULATOR_SEED');
    if (isVpcformError(err)) {
      expect(err.detail).toContain('quotas.vpc must be an integer >= -1');
      expect(err.detail).toContain('quotas: unknown key "router"');
      expect(err.detail).toContain('vpcs[0]: blockers must be a list of');
    }
  });
});

describe('delete (lifecycle §2)', () => {
  it('answers 204 with an empty body; then GET answers 404 VPC.0003 and the name is free', async () => {
    await withEmulator({ seed: SEED_FILE }, async (emu) => {
      const r = await call(emu, 'DELETE', vpcPath(LEGACY_ID));
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
      const gone = await call(emu, 'GET', vpcPath(LEGACY_ID));
      expect(gone.status).toBe(404);
      expect(gone.json).toEqual({ code: 'VPC.0003', message: 'VPC does not exist.' });
      expect(await names(emu)).not.toContain('vpc-legacy');
      expect((await create(emu, { name: 'vpc-legacy' })).status).toBe(200);
      expect((await call(emu, 'DELETE', vpcPath(LEGACY_ID))).status).toBe(404);
      const malformed = await call(emu, 'DELETE', vpcPath('not-a-uuid'));
      expect(malformed.status).toBe(400);
      expect(malformed.json).toEqual({ code: 'VPC.0101', message: 'Delete router error not-a-uuid is invalid.' });
    });
  });

  it('shows PENDING_DELETE for deleteDelayMs: GET and list show it, PUT 500 VPC.0113, DELETE 409 VPC.0110, name taken', async () => {
    let clock = T0;
    await withEmulator({ seed: SEED_FILE, deleteDelayMs: 300, now: () => clock }, async (emu) => {
      const r = await call(emu, 'DELETE', vpcPath(LEGACY_ID));
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
      expect((await call(emu, 'GET', vpcPath(LEGACY_ID))).json.vpc).toMatchObject({ name: 'vpc-legacy', status: 'PENDING_DELETE' });
      expect((await call(emu, 'GET', `${vpcsPath()}?id=${LEGACY_ID}`)).json.vpcs).toMatchObject([{ status: 'PENDING_DELETE' }]);
      const put = await call(emu, 'PUT', vpcPath(LEGACY_ID), { vpc: { name: 'vpc-legacy' } });
      expect(put.status).toBe(500);
      expect(put.json.code).toBe('VPC.0113');
      const again = await call(emu, 'DELETE', vpcPath(LEGACY_ID));
      expect(again.status).toBe(409);
      expect(again.json).toEqual({ code: 'VPC.0110', message: 'deleteDefaultNetworkFromRouter router status is invalid.' });
      expect((await create(emu, { name: 'vpc-legacy' })).json.code).toBe('VPC.0115');
      const subnet = { subnet: { name: 'late', cidr: '10.20.1.0/24', gateway_ip: '10.20.1.1', vpc_id: LEGACY_ID } };
      expect((await call(emu, 'POST', `/v1/${PROJECT}/subnets`, subnet)).json.code).toBe('VPC.0101');
      clock += 299;
      expect((await call(emu, 'GET', vpcPath(LEGACY_ID))).status).toBe(200);
      clock += 1;
      expect((await call(emu, 'GET', vpcPath(LEGACY_ID))).json).toEqual({ code: 'VPC.0003', message: 'VPC does not exist.' });
      expect(await names(emu)).not.toContain('vpc-legacy');
      expect((await create(emu, { name: 'vpc-legacy' })).status).toBe(200);
    });
  });

  it.each([
    ['firewall', 'VPC.0107', 'Delete the firewall first before deleting the router.'],
    ['eip', 'VPC.0108', 'Router is used not allow deleted.'],
    ['vpn', 'VPC.0109', 'Router is used not allow deleted.'],
    ['security_group', 'VPC.0112', 'Delete the securitygroup first before deleting the router.'],
    ['elb', 'VPC.0118', 'ELB exists under this router, delete ELB firstly.'],
    ['extension_route', 'VPC.0120', 'exroutes exists under this router, delete exroutes firstly.'],
  ])('a seeded %s blocks the delete with 409 %s', async (blocker, code, message) => {
    await withEmulator({ seed: { vpcs: [{ id: A_ID, name: 'a', cidr: '10.1.0.0/16', blockers: [blocker as DeleteBlocker] }] } }, async (emu) => {
      const r = await call(emu, 'DELETE', vpcPath(A_ID));
      expect(r.status).toBe(409);
      expect(r.json).toEqual({ code, message });
      expect((await call(emu, 'GET', vpcPath(A_ID))).json.vpc.status).toBe('OK');
      expect((await call(emu, 'GET', vpcPath(A_ID))).json.vpc).not.toHaveProperty('blockers');
    });
  });

  it('subnets answer first (VPC.0104), then the blockers in seed order', async () => {
    const seed: EmulatorSeed = {
      vpcs: [{ id: A_ID, name: 'a', cidr: '10.1.0.0/16', blockers: ['elb', 'eip'] }],
      subnets: [{ vpc_id: A_ID, name: 's', cidr: '10.1.1.0/24' }],
    };
    await withEmulator({ seed }, async (emu) => {
      expect((await call(emu, 'DELETE', vpcPath(A_ID))).json.code).toBe('VPC.0104');
      const subnet = emu.subnets()[0]!;
      await call(emu, 'DELETE', `/v1/${PROJECT}/vpcs/${A_ID}/subnets/${subnet.id}`);
      expect((await call(emu, 'DELETE', vpcPath(A_ID))).json.code).toBe('VPC.0118');
    });
  });

  it('answers 409 VPC.0110 while PENDING_UPDATE or a seeded PENDING_DELETE, and deletes a VPC in ERROR', async () => {
    const seed = {
      vpcs: [
        { id: A_ID, name: 'a', cidr: '10.1.0.0/16', status: 'PENDING_DELETE' },
        { id: B_ID, name: 'b', cidr: '10.2.0.0/16', status: 'ERROR' },
        { id: WEB_ID, name: 'w', cidr: '10.3.0.0/16' },
      ],
    };
    await withEmulator({ seed, updateDelayMs: 60_000 }, async (emu) => {
      expect((await call(emu, 'DELETE', vpcPath(A_ID))).json.code).toBe('VPC.0110');
      await call(emu, 'PUT', vpcPath(WEB_ID), { vpc: { name: 'w', description: 'changing' } });
      const pending = await call(emu, 'DELETE', vpcPath(WEB_ID));
      expect(pending.status).toBe(409);
      expect(pending.json.code).toBe('VPC.0110');
      expect((await call(emu, 'DELETE', vpcPath(B_ID))).status).toBe(204);
      expect((await call(emu, 'GET', vpcPath(B_ID))).status).toBe(404);
    });
  });
});
