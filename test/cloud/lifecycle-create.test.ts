import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCloudClient, type CreateClientOptions, type RetryInfo } from '../../src/cloud/index.js';
import type { VpcformError } from '../../src/errors/index.js';
import { caught, fastRetry } from './helpers.js';
import { closeScriptedServers, scriptedServer, vpcJson, type ScriptedReply } from './scripted-server.js';

/**
 * POST create is not idempotent (reference §2.5, lifecycle-tags §1.1: no client token): the client
 * never sends it twice after a failure that leaves its outcome open, and says so with CLOUD_AMBIGUOUS.
 * Failures that prove it was not carried out (429 from the gateway, a refused connection, a token
 * renewal) are retried as usual. PUT and DELETE keep their retries.
 */

afterEach(closeScriptedServers);

const CREATE = 'POST /v1/{project_id}/vpcs';
const created: ScriptedReply = { status: 200, body: vpcJson('new-id', { name: 'web', cidr: '10.1.0.0/16', status: 'CREATING' }) };
const body = { name: 'web', cidr: '10.1.0.0/16' };

function clientAt(url: string, extra: Partial<CreateClientOptions> = {}) {
  return createCloudClient({ endpoint: url, projectId: 'p', auth: { kind: 'none' }, retry: { ...fastRetry, maxAttempts: 4 }, ...extra });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('createVpc', () => {
  it('POSTs {"vpc": body} to /v1/{project_id}/vpcs and returns the VPC, CREATING', async () => {
    const server = await scriptedServer([created]);
    const vpc = await clientAt(server.url).createVpc({ ...body, description: 'web tier', enterprise_project_id: '0' });
    expect(vpc).toMatchObject({ id: 'new-id', status: 'CREATING' });
    const [request] = server.seen;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/p/vpcs' });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({ vpc: { name: 'web', cidr: '10.1.0.0/16', description: 'web tier', enterprise_project_id: '0' } });
  });

  it('a 200 without a vpc object is CLOUD_BAD_RESPONSE, not a crash later', async () => {
    const server = await scriptedServer([{ status: 200, body: { vpcs: [] } }]);
    const error = (await caught(clientAt(server.url).createVpc(body))) as VpcformError;
    expect(error.code).toBe('CLOUD_BAD_RESPONSE');
    expect(error.summary).toContain(CREATE);
  });
});

describe('a POST whose outcome is unknown is sent exactly once and surfaces as CLOUD_AMBIGUOUS', () => {
  const ambiguous: Array<[string, ScriptedReply, number | undefined]> = [
    ['a reset after the body was read', 'reset', undefined],
    ['500 without a code', { status: 500, body: { code: 'VPC.0111', message: 'Database Error.' } }, 500],
    ['500 VPC.0105 (retried on a GET)', { status: 500, body: { code: 'VPC.0105', message: 'Neutron Error.' } }, 500],
    ['502 APIGW.0610', { status: 502, body: { error_code: 'APIGW.0610', error_msg: 'no backend' } }, 502],
    ['503', { status: 503, body: { error_code: 'APIGW.0201', error_msg: 'unavailable' } }, 503],
    ['504', { status: 504, body: '<html>gateway timeout</html>' }, 504],
  ];
  it.each(ambiguous)('%s', async (_what, reply, status) => {
    const server = await scriptedServer([reply, created]);
    const retries: RetryInfo[] = [];
    const error = (await caught(clientAt(server.url).createVpc(body, { onRetry: (i) => retries.push(i) }))) as VpcformError;
    expect(server.count('POST')).toBe(1);
    expect(retries).toEqual([]);
    expect(error.code).toBe('CLOUD_AMBIGUOUS');
    expect(error.cloud).toMatchObject({ method: 'POST', route: CREATE, retryable: false });
    expect(error.cloud?.status).toBe(status);
    expect(error.summary).toContain('outcome unknown');
    expect(error.hint).toMatch(/look the resource up/i);
  });

  it('a timeout (no answer within timeoutMs)', async () => {
    const server = await scriptedServer(['hang', created]);
    const error = (await caught(clientAt(server.url, { timeoutMs: 150 }).createVpc(body))) as VpcformError;
    expect(server.count('POST')).toBe(1);
    expect(error.code).toBe('CLOUD_AMBIGUOUS');
    expect(error.summary).toContain('timeout');
  });

  it('a 429 first, then a 503: the 429 is retried, the 503 is not', async () => {
    const server = await scriptedServer([{ status: 429, body: { error_code: 'APIGW.0308', error_msg: 'throttled' } }, { status: 503 }, created]);
    const error = (await caught(clientAt(server.url).createVpc(body))) as VpcformError;
    expect(server.count('POST')).toBe(2);
    expect(error.code).toBe('CLOUD_AMBIGUOUS');
    expect(error.detail).toContain('2 attempts');
  });
});

describe('a POST that provably did not happen is retried', () => {
  it('429 APIGW.0308 (the gateway throttles before the backend): retried, then created', async () => {
    const server = await scriptedServer([{ status: 429, body: { error_code: 'APIGW.0308', error_msg: 'throttled' } }, created]);
    const reasons: string[] = [];
    const vpc = await clientAt(server.url).createVpc(body, { onRetry: (i) => reasons.push(`${i.route} ${i.reason}`) });
    expect(vpc.id).toBe('new-id');
    expect(server.count('POST')).toBe(2);
    expect(reasons).toEqual([`${CREATE} 429 APIGW.0308`]);
  });

  it('a refused connection (nothing was sent): retried, then CLOUD_NETWORK — not ambiguous', async () => {
    const port = await closedPort();
    const reasons: string[] = [];
    const error = (await caught(clientAt(`http://127.0.0.1:${port}`).createVpc(body, { onRetry: (i) => reasons.push(i.reason) }))) as VpcformError;
    expect(error.code).toBe('CLOUD_NETWORK');
    expect(reasons).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('401 APIGW.0307 with password auth: one new login, the POST is sent again and succeeds', async () => {
    let logins = 0;
    const server = await scriptedServer((request, n) => {
      if (request.url.startsWith('/v3/auth/tokens')) {
        logins += 1;
        return { status: 201, headers: { 'X-Subject-Token': `token-${logins}` }, body: { token: {} } };
      }
      return request.headers['x-auth-token'] === 'token-1' && n === 2
        ? { status: 401, body: { error_code: 'APIGW.0307', error_msg: 'The token must be updated.' } }
        : created;
    });
    const c = clientAt(server.url, { auth: { kind: 'password', authUrl: `${server.url}/v3`, username: 'u', password: 'PW-SENTINEL-x', domainName: 'd' } });
    expect((await c.createVpc(body)).id).toBe('new-id');
    expect(server.count('POST', '/v1/')).toBe(2);
    expect(logins).toBe(2);
  });

  it('4xx refusals are answers, not ambiguity: 400 VPC.0115 and 409 VPC.0114 once each, with their hints', async () => {
    const server = await scriptedServer([
      { status: 400, body: { code: 'VPC.0115', message: 'The router name has exist.' } },
      { status: 409, body: { code: 'VPC.0114', message: "Quota exceeded for resources: ['router']." } },
    ]);
    const c = clientAt(server.url);
    const taken = (await caught(c.createVpc(body))) as VpcformError;
    expect(taken.code).toBe('CLOUD_BAD_REQUEST');
    expect(taken.hint).toContain('already has this name');
    const quota = (await caught(c.createVpc(body))) as VpcformError;
    expect(quota.code).toBe('CLOUD_CONFLICT');
    expect(quota.hint).toContain('quota');
    expect(server.count('POST')).toBe(2);
  });
});

describe('PUT and DELETE keep retrying (they are idempotent)', () => {
  it.each([
    ['PUT', 503],
    ['PUT', 'reset'],
    ['DELETE', 503],
    ['DELETE', 'reset'],
  ] as const)('%s after %s: sent again until it succeeds', async (method, fault) => {
    const failure: ScriptedReply = fault === 'reset' ? 'reset' : { status: fault, body: { error_code: 'APIGW.0201', error_msg: 'busy backend' } };
    const success: ScriptedReply = method === 'PUT' ? { status: 200, body: vpcJson('v1') } : { status: 204 };
    const server = await scriptedServer([failure, failure, success]);
    const c = clientAt(server.url);
    if (method === 'PUT') await c.updateVpc('v1', { name: 'n' });
    else await c.deleteVpc('v1');
    expect(server.count(method)).toBe(3);
  });
});
