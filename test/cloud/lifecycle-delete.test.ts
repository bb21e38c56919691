import { afterEach, describe, expect, it } from 'vitest';
import { VPC_DELETE_BLOCKERS, createCloudClient, deleteBlocker, type CreateClientOptions } from '../../src/cloud/index.js';
import type { VpcformError } from '../../src/errors/index.js';
import { caught, fastRetry } from './helpers.js';
import { closeScriptedServers, scriptedServer, type ScriptedReply } from './scripted-server.js';

/**
 * DELETE (lifecycle-tags §2): 200/202/204 are success; retried like PUT; a 404 on a retry means an
 * earlier attempt deleted it; 409 busy codes are `busy`, 409 in-use codes are permanent and name the
 * blocking resource. And the VPC quota read.
 */

afterEach(closeScriptedServers);

const DELETE = 'DELETE /v1/{project_id}/vpcs/{vpc_id}';
const notFound: ScriptedReply = { status: 404, body: { code: 'VPC.0003', message: 'VPC does not exist.' } };

function clientAt(url: string, extra: Partial<CreateClientOptions> = {}) {
  return createCloudClient({ endpoint: url, projectId: 'p', auth: { kind: 'none' }, retry: { ...fastRetry, maxAttempts: 4 }, ...extra });
}

describe('deleteVpc', () => {
  it.each([204, 200, 202])('DELETE /v1/{project_id}/vpcs/{vpc_id} answered %i resolves', async (status) => {
    const server = await scriptedServer([{ status }]);
    await expect(clientAt(server.url).deleteVpc('v 1')).resolves.toBeUndefined();
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['DELETE /v1/p/vpcs/v%201']);
  });

  it('a 404 on the first attempt is CLOUD_NOT_FOUND, sent once', async () => {
    const server = await scriptedServer([notFound]);
    const error = (await caught(clientAt(server.url).deleteVpc('v1'))) as VpcformError;
    expect(error.code).toBe('CLOUD_NOT_FOUND');
    expect(error.cloud).toMatchObject({ status: 404, route: DELETE });
    expect(server.count('DELETE')).toBe(1);
  });

  it.each([
    ['a reset after the request was read', 'reset'],
    ['a 503', { status: 503 }],
    ['a 429', { status: 429, body: { error_code: 'APIGW.0308', error_msg: 'throttled' } }],
  ] as Array<[string, ScriptedReply]>)('a 404 on a retry after %s: gone, resolves', async (_what, first) => {
    const server = await scriptedServer([first, notFound]);
    const lines: string[] = [];
    await expect(clientAt(server.url, { debug: (l) => lines.push(l) }).deleteVpc('v1')).resolves.toBeUndefined();
    expect(server.count('DELETE')).toBe(2);
    expect(lines.some((l) => /DELETE \/v1\/p\/vpcs\/v1 -> 404 \(done by an earlier attempt\).* attempt=2$/.test(l))).toBe(true);
  });

  it.each(Object.entries(VPC_DELETE_BLOCKERS))('409 %s is CLOUD_IN_USE, permanent, naming the blocker', async (code, blocker) => {
    const server = await scriptedServer([{ status: 409, body: { code, message: 'Router is used not allow deleted.' } }, { status: 204 }]);
    const error = (await caught(clientAt(server.url).deleteVpc('v1'))) as VpcformError;
    expect(server.count('DELETE')).toBe(1);
    expect(error.code).toBe('CLOUD_IN_USE');
    expect(error.cloud).toMatchObject({ status: 409, serviceCode: code, retryable: false, route: DELETE });
    expect(error.summary).toContain(`still has ${blocker.resource}`);
    expect(error.hint).toBe(blocker.hint);
    expect(deleteBlocker(409, code)).toBe(blocker);
  });

  it('409 VPC.0104: the subnets are named and the hint says what to do', async () => {
    const server = await scriptedServer([{ status: 409, body: { code: 'VPC.0104', message: 'Router contains subnets, please delete subnet first.' } }]);
    const error = (await caught(clientAt(server.url).deleteVpc('v1'))) as VpcformError;
    expect(error.summary).toBe(`${DELETE} failed: 409 VPC.0104 (the VPC still has subnets)`);
    expect(error.hint).toMatch(/^Delete its subnets first: vpcform cannot delete a VPC that still has subnets/);
  });

  it.each(['VPC.0103', 'VPC.0110'])('409 %s is CLOUD_BUSY: retried within the short budget, then left to the engine', async (code) => {
    const busy: ScriptedReply = { status: 409, body: { code, message: 'Resource status is busy, try it again later.' } };
    const server = await scriptedServer([busy]);
    const reasons: string[] = [];
    const error = (await caught(clientAt(server.url).deleteVpc('v1', { onRetry: (i) => reasons.push(i.reason) }))) as VpcformError;
    expect(error.code).toBe('CLOUD_BUSY');
    expect(error.cloud).toMatchObject({ status: 409, serviceCode: code, retryable: true });
    expect(server.count('DELETE')).toBe(4);
    expect(reasons).toEqual([`409 ${code}`, `409 ${code}`, `409 ${code}`]);
  });

  it('busy, then accepted: resolves', async () => {
    const server = await scriptedServer([{ status: 409, body: { code: 'VPC.0103', message: 'busy' } }, { status: 204 }]);
    await clientAt(server.url).deleteVpc('v1');
    expect(server.count('DELETE')).toBe(2);
  });

  it('a 409 with another code is a plain CLOUD_CONFLICT; 500 VPC.0111 (database error) is not retried', async () => {
    const server = await scriptedServer([
      { status: 409, body: { code: 'VPC.9999', message: '?' } },
      { status: 500, body: { code: 'VPC.0111', message: 'Database Error.' } },
    ]);
    const c = clientAt(server.url);
    expect(((await caught(c.deleteVpc('v1'))) as VpcformError).code).toBe('CLOUD_CONFLICT');
    expect(((await caught(c.deleteVpc('v1'))) as VpcformError).code).toBe('CLOUD_API');
    expect(server.count('DELETE')).toBe(2);
  });
});

describe('getVpcQuota', () => {
  it('reads the vpc entry of GET /v1/{project_id}/quotas?type=vpc', async () => {
    const server = await scriptedServer([
      { status: 200, body: { quotas: { resources: [{ type: 'subnet', used: 9, quota: 100, min: 0 }, { type: 'vpc', used: 4, quota: 150, min: 0 }] } } },
    ]);
    expect(await clientAt(server.url).getVpcQuota()).toEqual({ used: 4, quota: 150 });
    expect(server.seen[0]!.url).toBe('/v1/p/quotas?type=vpc');
  });

  it.each([
    ['no vpc entry', { quotas: { resources: [{ type: 'subnet', used: 1, quota: 100 }] } }],
    ['no resources', { quotas: {} }],
    ['used is not a count', { quotas: { resources: [{ type: 'vpc', used: '4', quota: 150 }] } }],
    ['quota is not an integer', { quotas: { resources: [{ type: 'vpc', used: 4, quota: null }] } }],
    ['quota below -1', { quotas: { resources: [{ type: 'vpc', used: 4, quota: -2 }] } }],
  ])('%s: CLOUD_BAD_RESPONSE', async (_what, body) => {
    const server = await scriptedServer([{ status: 200, body }]);
    const error = (await caught(clientAt(server.url).getVpcQuota())) as VpcformError;
    expect(error.code).toBe('CLOUD_BAD_RESPONSE');
    expect(error.summary).toContain('GET /v1/{project_id}/quotas');
  });

  it('quota -1 (not limited) is passed on as it is', async () => {
    const server = await scriptedServer([{ status: 200, body: { quotas: { resources: [{ type: 'vpc', used: 3, quota: -1, min: 0 }] } } }]);
    expect(await clientAt(server.url).getVpcQuota()).toEqual({ used: 3, quota: -1 });
  });

  it('is retried like any GET', async () => {
    const server = await scriptedServer([{ status: 503 }, { status: 200, body: { quotas: { resources: [{ type: 'vpc', used: 0, quota: 5 }] } } }]);
    expect(await clientAt(server.url).getVpcQuota()).toEqual({ used: 0, quota: 5 });
    expect(server.count('GET')).toBe(2);
  });
});
