import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { VpcformError } from '../../src/errors/index.js';
import { AK, SK, VPC_A, VPC_B, caught, client, emulator, httpStats } from './helpers.js';

/**
 * The new calls against the emulator (contract): create, delete, quota and the v2.0 tag API, signed
 * with AK/SK, and the two lost-answer cases end to end — a create whose answer is lost is sent once and
 * the VPC exists exactly once; a delete whose answer is lost is retried and resolves on the 404.
 */

let em: RunningEmulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

const CREATE = 'POST /v1/{project_id}/vpcs';
const DELETE = 'DELETE /v1/{project_id}/vpcs/{vpc_id}';
const auth = { kind: 'aksk', accessKey: AK, secretKey: SK } as const;
const start = (options: Parameters<typeof emulator>[0] = {}) => emulator({ credentials: [{ access_key: AK, secret_key: SK }], createDelayMs: 0, ...options });

describe('create, quota and delete against the emulator', () => {
  it('creates a VPC (CREATING), counts it in the quota, deletes it (204), and GET then answers 404', async () => {
    em = await start({ createDelayMs: 50 });
    const c = client(em, auth);
    expect(await c.getVpcQuota()).toEqual({ used: 2, quota: 150 });
    const vpc = await c.createVpc({ name: 'vpc-new', cidr: '10.20.0.0/16', description: 'made by the client' });
    expect(vpc).toMatchObject({ name: 'vpc-new', cidr: '10.20.0.0/16', description: 'made by the client', status: 'CREATING' });
    expect(await c.getVpcQuota()).toEqual({ used: 3, quota: 150 });
    await new Promise((resolve) => setTimeout(resolve, 80));
    await c.deleteVpc(vpc.id);
    expect(((await caught(c.getVpc(vpc.id))) as VpcformError).code).toBe('CLOUD_NOT_FOUND');
  });

  it.each([
    ['503', { fault: '503' as const }],
    ['a reset', { fault: 'reset' as const }],
  ])('a create whose answer is lost (%s after the write) is sent once; the VPC exists once', async (_what, fault) => {
    em = await start();
    em.setFaults({ next: [{ route: CREATE, ...fault, after: true }] });
    const c = client(em, auth);
    const error = (await caught(c.createVpc({ name: 'vpc-lost', cidr: '10.30.0.0/16' }))) as VpcformError;
    expect(error.code).toBe('CLOUD_AMBIGUOUS');
    expect((await httpStats(em)).routes[CREATE]).toBe(1);
    expect((await c.listVpcs()).filter((v) => v.name === 'vpc-lost')).toHaveLength(1);
  });

  it('a delete whose answer is lost (reset after the write) is sent again and resolves on the 404', async () => {
    em = await start();
    em.setFaults({ next: [{ route: DELETE, fault: 'reset', after: true }] });
    const c = client(em, auth);
    const reasons: string[] = [];
    await c.deleteVpc(VPC_B, { onRetry: (i) => reasons.push(i.reason) });
    expect(reasons).toEqual(['ECONNRESET']);
    expect((await httpStats(em)).routes[DELETE]).toBe(2);
    expect(em.vpc(VPC_B)).toBeUndefined();
  });

  it('a VPC with subnets: 409 VPC.0104, CLOUD_IN_USE naming the subnets, sent once', async () => {
    em = await start();
    const error = (await caught(client(em, auth).deleteVpc(VPC_A))) as VpcformError;
    expect(error.code).toBe('CLOUD_IN_USE');
    expect(error.cloud).toMatchObject({ status: 409, serviceCode: 'VPC.0104' });
    expect(error.hint).toContain('subnets');
    expect((await httpStats(em)).routes[DELETE]).toBe(1);
  });

  it('a VPC still CREATING: 409 VPC.0103 is retried within the budget, then CLOUD_BUSY for the engine to wait on', async () => {
    em = await start({ createDelayMs: 60_000 });
    const c = client(em, auth, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    const vpc = await c.createVpc({ name: 'vpc-slow', cidr: '10.40.0.0/16' });
    const error = (await caught(c.deleteVpc(vpc.id))) as VpcformError;
    expect(error.code).toBe('CLOUD_BUSY');
    expect(error.cloud).toMatchObject({ status: 409, serviceCode: 'VPC.0103', retryable: true });
    expect((await httpStats(em)).routes[DELETE]).toBe(3);
  });
});

describe('tags against the emulator', () => {
  it('create, read, project keys, filter, count, delete', async () => {
    em = await start();
    const c = client(em, auth);
    await c.vpcTagsAction(VPC_A, 'create', [
      { key: 'env', value: 'prod' },
      { key: 'owner', value: '' },
    ]);
    await c.vpcTagsAction(VPC_B, 'create', [{ key: 'env', value: 'dev' }]);
    expect({ ...(await c.getVpcTags(VPC_A)) }).toEqual({ env: 'prod', owner: '' });
    const project = await c.listProjectTags();
    expect(project.find((t) => t.key === 'env')?.values.sort()).toEqual(['dev', 'prod']);
    const prod = await c.filterVpcsByTags({ tags: [{ key: 'env', values: ['prod'] }] });
    expect(prod.map((v) => [v.resource_id, v.resource_name, { ...v.tags }])).toEqual([[VPC_A, 'web', { env: 'prod', owner: '' }]]);
    expect(await c.countVpcsByTags({ tags: [{ key: 'env', values: [] }] })).toBe(2);
    expect((await c.filterVpcsByTags({ tags: [{ key: 'env', values: [] }], limit: 1 })).map((v) => v.resource_id).sort()).toEqual([VPC_A, VPC_B].sort());
    await c.vpcTagsAction(VPC_A, 'delete', [{ key: 'owner', value: '' }]);
    expect({ ...(await c.getVpcTags(VPC_A)) }).toEqual({ env: 'prod' });
  });

  it('an invalid tag set is 400 VPC.1801 with the limits hint, sent once', async () => {
    em = await start();
    const error = (await caught(client(em, auth).vpcTagsAction(VPC_A, 'create', [{ key: 'has space', value: 'x' }]))) as VpcformError;
    expect(error.code).toBe('CLOUD_BAD_REQUEST');
    expect(error.cloud).toMatchObject({ status: 400, serviceCode: 'VPC.1801' });
    expect(error.hint).toContain('limits');
    expect((await httpStats(em)).routes['POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action']).toBe(1);
  });
});
