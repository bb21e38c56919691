import { afterEach, describe, expect, it } from 'vitest';
import { createCloudClient, type CreateClientOptions, type RetryInfo } from '../../src/cloud/index.js';
import type { VpcformError } from '../../src/errors/index.js';
import { caught, fastRetry } from './helpers.js';
import { closeScriptedServers, scriptedServer, type ScriptedReply, type SeenRequest } from './scripted-server.js';

/** The v2.0 tag API (lifecycle-tags.md §3) through the real client, over real HTTP. */

afterEach(closeScriptedServers);

const ACTION = 'POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action';
const FILTER = 'POST /v2.0/{project_id}/vpcs/resource_instances/action';

function clientAt(url: string, extra: Partial<CreateClientOptions> = {}) {
  return createCloudClient({ endpoint: url, projectId: 'p', auth: { kind: 'none' }, retry: { ...fastRetry, maxAttempts: 4 }, ...extra });
}

const tagError = (status: number, message: string): ScriptedReply => ({ status, body: { code: 'VPC.1801', message } });

describe('vpcTagsAction', () => {
  it('POSTs {action, tags:[{key, value}]} with every value, "" included, and accepts 204 and 200', async () => {
    const server = await scriptedServer([{ status: 204 }, { status: 200, body: '' }]);
    const c = clientAt(server.url, { auth: { kind: 'aksk', accessKey: 'AK', secretKey: 'SK-SENTINEL-tags' } });
    await c.vpcTagsAction('v1', 'create', [
      { key: 'env', value: 'prod' },
      { key: 'empty', value: '' },
    ]);
    await c.vpcTagsAction('v1', 'delete', [{ key: 'env', value: 'prod' }]);
    const [create, remove] = server.seen;
    expect(create).toMatchObject({ method: 'POST', url: '/v2.0/p/vpcs/v1/tags/action' });
    expect(create!.body).toBe('{"action":"create","tags":[{"key":"env","value":"prod"},{"key":"empty","value":""}]}');
    expect(create!.headers['content-type']).toBe('application/json');
    expect(create!.headers['x-project-id']).toBe('p');
    expect(create!.headers['authorization']).toMatch(/^SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-project-id;x-sdk-date,/);
    expect(JSON.parse(remove!.body)).toEqual({ action: 'delete', tags: [{ key: 'env', value: 'prod' }] });
  });

  it('is idempotent (§3.2), so it is retried like a PUT — after a 503 and after a reset', async () => {
    const server = await scriptedServer([{ status: 503 }, 'reset', { status: 204 }]);
    const retries: RetryInfo[] = [];
    await clientAt(server.url).vpcTagsAction('v1', 'create', [{ key: 'a', value: 'b' }], { onRetry: (i) => retries.push(i) });
    expect(server.count('POST')).toBe(3);
    expect(retries.map((r) => [r.route, r.reason])).toEqual([
      [ACTION, '503'],
      [ACTION, 'ECONNRESET'],
    ]);
  });

  it('400 VPC.1801: not retried; status, code, message and a hint about the limits', async () => {
    const server = await scriptedServer([tagError(400, 'number of tags exceeds max num of 10.')]);
    const error = (await caught(clientAt(server.url).vpcTagsAction('v1', 'create', [{ key: 'a', value: 'b' }]))) as VpcformError;
    expect(server.count('POST')).toBe(1);
    expect(error.code).toBe('CLOUD_BAD_REQUEST');
    expect(error.cloud).toMatchObject({ status: 400, serviceCode: 'VPC.1801', message: 'number of tags exceeds max num of 10.', route: ACTION, retryable: false });
    expect(error.summary).toBe(`${ACTION} failed: 400 VPC.1801`);
    expect(error.hint).toMatch(/tag.*limits.*10 tags.*1-36.*0-43/);
  });

  it('500 VPC.1801 ("Invalid input"): not retried either, with its own hint', async () => {
    const server = await scriptedServer([tagError(500, 'Invalid input.')]);
    const error = (await caught(clientAt(server.url).vpcTagsAction('v1', 'create', [{ key: 'a', value: 'b' }]))) as VpcformError;
    expect(server.count('POST')).toBe(1);
    expect(error.code).toBe('CLOUD_API');
    expect(error.cloud).toMatchObject({ status: 500, serviceCode: 'VPC.1801' });
    expect(error.hint).toContain('could not read the request body');
  });

  it('a VPC that does not exist: CLOUD_NOT_FOUND', async () => {
    const server = await scriptedServer([{ status: 404, body: { code: 'VPC.0003', message: 'VPC does not exist.' } }]);
    const error = (await caught(clientAt(server.url).vpcTagsAction('v1', 'delete', [{ key: 'a', value: '' }]))) as VpcformError;
    expect(error.code).toBe('CLOUD_NOT_FOUND');
  });
});

describe('getVpcTags and listProjectTags', () => {
  it('reads [{key, value}] into a null-prototype record: __proto__ and constructor stay data', async () => {
    const server = await scriptedServer([
      {
        status: 200,
        body: '{"tags":[{"key":"__proto__","value":"polluted"},{"key":"constructor","value":"c"},{"key":"env","value":"prod"},{"key":"blank","value":null}]}',
      },
    ]);
    const tags = await clientAt(server.url).getVpcTags('v1');
    expect(server.seen[0]).toMatchObject({ method: 'GET', url: '/v2.0/p/vpcs/v1/tags' });
    expect(Object.getPrototypeOf(tags)).toBeNull();
    expect(Object.keys(tags)).toEqual(['__proto__', 'constructor', 'env', 'blank']);
    expect(tags['__proto__']).toBe('polluted');
    expect(tags['blank']).toBe('');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(tags))).toEqual(JSON.parse('{"__proto__":"polluted","constructor":"c","env":"prod","blank":""}'));
  });

  it.each([
    ['no tags array', { tags: {} }],
    ['a key twice', { tags: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }],
    ['a value that is not a string', { tags: [{ key: 'a', value: 1 }] }],
  ])('%s: CLOUD_BAD_RESPONSE', async (_what, body) => {
    const server = await scriptedServer([{ status: 200, body }]);
    expect(((await caught(clientAt(server.url).getVpcTags('v1'))) as VpcformError).code).toBe('CLOUD_BAD_RESPONSE');
  });

  it('listProjectTags reads GET /v2.0/{project_id}/vpcs/tags', async () => {
    const server = await scriptedServer([{ status: 200, body: { tags: [{ key: 'env', values: ['prod', 'dev'] }, { key: 'team', values: [] }] } }]);
    expect(await clientAt(server.url).listProjectTags()).toEqual([
      { key: 'env', values: ['prod', 'dev'] },
      { key: 'team', values: [] },
    ]);
    expect(server.seen[0]).toMatchObject({ method: 'GET', url: '/v2.0/p/vpcs/tags' });
  });
});

/** A filter endpoint over `count` VPCs named vpc-0…, honouring limit and offset unless told not to. */
function filterEndpoint(count: number, options: { ignoreOffset?: boolean; claimTotal?: number } = {}) {
  const all = Array.from({ length: count }, (_, i) => ({
    resource_id: `id-${i}`,
    resource_name: `vpc-${i}`,
    resource_detail: null,
    tags: [{ key: 'env', value: i % 2 === 0 ? 'prod' : 'dev' }],
  }));
  return (request: SeenRequest): ScriptedReply => {
    const body = JSON.parse(request.body) as { action: string; limit?: number; offset?: number };
    const total = options.claimTotal ?? count;
    if (body.action === 'count') return { status: 200, body: { total_count: total } };
    const offset = options.ignoreOffset === true ? 0 : (body.offset ?? 0);
    return { status: 200, body: { resources: all.slice(offset, offset + (body.limit ?? 1000)), total_count: total } };
  };
}

const sentPages = (seen: SeenRequest[]): Array<[unknown, unknown]> =>
  seen.map((r) => JSON.parse(r.body) as { limit?: number; offset?: number }).map((b) => [b.limit, b.offset]);

describe('filterVpcsByTags and countVpcsByTags', () => {
  it('pages with limit and offset until total_count is read, and sends only the given clauses', async () => {
    const server = await scriptedServer(filterEndpoint(5));
    const found = await clientAt(server.url).filterVpcsByTags({ tags: [{ key: 'env', values: [] }], matches: [], limit: 2 });
    expect(found.map((v) => v.resource_id)).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4']);
    expect(found[1]).toMatchObject({ resource_name: 'vpc-1' });
    expect(Object.getPrototypeOf(found[1]!.tags)).toBeNull();
    expect({ ...found[1]!.tags }).toEqual({ env: 'dev' });
    expect(sentPages(server.seen)).toEqual([
      [2, 0],
      [2, 2],
      [2, 4],
    ]);
    expect(JSON.parse(server.seen[0]!.body)).toEqual({ action: 'filter', tags: [{ key: 'env', values: [] }], limit: 2, offset: 0 });
    expect(server.seen.every((r) => r.method === 'POST' && r.url === '/v2.0/p/vpcs/resource_instances/action')).toBe(true);
  });

  it('an exact multiple of the page size stops on total_count, without asking for an empty page', async () => {
    const server = await scriptedServer(filterEndpoint(4));
    expect(await clientAt(server.url).filterVpcsByTags({ limit: 2 })).toHaveLength(4);
    expect(server.seen).toHaveLength(2);
  });

  it('does not trust total_count alone: a short or empty page ends the paging', async () => {
    const short = await scriptedServer(filterEndpoint(3, { claimTotal: 50 }));
    expect(await clientAt(short.url).filterVpcsByTags({ limit: 2 })).toHaveLength(3);
    expect(sentPages(short.seen)).toEqual([
      [2, 0],
      [2, 2],
    ]);
    const empty = await scriptedServer(filterEndpoint(2, { claimTotal: 50 }));
    expect(await clientAt(empty.url).filterVpcsByTags({ limit: 2 })).toHaveLength(2);
    expect(sentPages(empty.seen)).toEqual([
      [2, 0],
      [2, 2],
    ]);
  });

  it('an API that ignores offset is a bad response, not an endless loop', async () => {
    const server = await scriptedServer(filterEndpoint(5, { ignoreOffset: true }));
    const error = (await caught(clientAt(server.url).filterVpcsByTags({ limit: 2 }))) as VpcformError;
    expect(error.code).toBe('CLOUD_BAD_RESPONSE');
    expect(error.detail).toContain('ignore the offset');
    expect(server.seen).toHaveLength(2);
  });

  it('is a read: retried like a GET after a 503 and a reset', async () => {
    const answer = filterEndpoint(1);
    const server = await scriptedServer((request, n) => (n === 1 ? { status: 503 } : n === 2 ? 'reset' : answer(request)));
    const reasons: string[] = [];
    expect(await clientAt(server.url).filterVpcsByTags({}, { onRetry: (i) => reasons.push(`${i.route} ${i.reason}`) })).toHaveLength(1);
    expect(reasons).toEqual([`${FILTER} 503`, `${FILTER} ECONNRESET`]);
  });

  it('refuses a page size outside 1..1000 before sending anything', async () => {
    const server = await scriptedServer(filterEndpoint(1));
    for (const limit of [0, 1001, 2.5]) expect(((await caught(clientAt(server.url).filterVpcsByTags({ limit }))) as VpcformError).code).toBe('INTERNAL');
    expect(server.seen).toHaveLength(0);
  });

  it('a tag filter error is 400 VPC.1801 with the limits hint', async () => {
    const server = await scriptedServer([tagError(400, 'Value of tags in resourceInstancesReq is duplicate.')]);
    const error = (await caught(clientAt(server.url).filterVpcsByTags({ tags: [{ key: 'a', values: ['x', 'x'] }] }))) as VpcformError;
    expect(error.cloud).toMatchObject({ status: 400, serviceCode: 'VPC.1801', route: FILTER });
    expect(error.hint).toContain('limits');
  });

  it('countVpcsByTags sends action "count" without paging and returns total_count', async () => {
    const server = await scriptedServer(filterEndpoint(7));
    expect(await clientAt(server.url).countVpcsByTags({ matches: [{ key: 'resource_name', value: 'vpc-1' }] })).toBe(7);
    expect(JSON.parse(server.seen[0]!.body)).toEqual({ action: 'count', matches: [{ key: 'resource_name', value: 'vpc-1' }] });
  });
});
