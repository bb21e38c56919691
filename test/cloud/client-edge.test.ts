import { afterEach, describe, expect, it } from 'vitest';
import { createCloudClient } from '../../src/cloud/index.js';
import type { VpcformError } from '../../src/errors/index.js';
import { caught, fastRetry } from './helpers.js';
import { closeScriptedServers, scriptedServer as scripted, vpcJson, type ScriptedReply } from './scripted-server.js';

/**
 * Answers the emulator does not give (a proxy's HTML page, Retry-After, a body echoing headers),
 * from a tiny scripted server on 127.0.0.1 — still real HTTP through the real client.
 */

afterEach(closeScriptedServers);

const ok: ScriptedReply = { status: 200, body: vpcJson('v1') };

describe('edge cases over real HTTP', () => {
  it('honours Retry-After on a 429 (seconds), capped by maxRetryAfterMs', async () => {
    const { url, seen } = await scripted([
      { status: 429, headers: { 'Retry-After': '1' }, body: '{"error_code":"APIGW.0308","error_msg":"throttled"}' },
      ok,
    ]);
    const delays: number[] = [];
    const c = createCloudClient({ endpoint: url, projectId: 'p', auth: { kind: 'none' }, retry: { ...fastRetry, maxRetryAfterMs: 300 } });
    await c.getVpc('v1', { onRetry: (i) => delays.push(i.delayMs) });
    expect(delays).toEqual([300]);
    expect(seen).toHaveLength(2);
  });

  it('a huge non-JSON 502 page from a proxy is retried, then reported short', async () => {
    const page = `<html><body>${'Bad gateway '.repeat(20_000)}</body></html>`;
    const { url, seen } = await scripted([{ status: 502, headers: { 'Content-Type': 'text/html' }, body: page }]);
    const c = createCloudClient({ endpoint: url, projectId: 'p', auth: { kind: 'none' }, retry: { ...fastRetry, maxAttempts: 3 } });
    const error = (await caught(c.getVpc('v1'))) as VpcformError;
    expect(error.code).toBe('CLOUD_UNAVAILABLE');
    expect(error.cloud?.message?.length).toBeLessThan(400);
    expect(JSON.stringify(error.toJSON()).length).toBeLessThan(2000);
    expect(seen).toHaveLength(3);
  });

  it('a 400 without a service code is not retried', async () => {
    const { url, seen } = await scripted([{ status: 400, headers: { 'Content-Type': 'text/plain' }, body: 'bad' }]);
    const error = (await caught(createCloudClient({ endpoint: url, projectId: 'p', auth: { kind: 'none' }, retry: fastRetry }).getVpc('v1'))) as VpcformError;
    expect(error.code).toBe('CLOUD_BAD_REQUEST');
    expect(seen).toHaveLength(1);
  });

  it('an error body that echoes the request headers never leaks the secret, token or signature', async () => {
    const { url } = await scripted((req) => ({
      status: 401,
      body: { error_code: 'APIGW.0301', error_msg: `verify aksk signature fail, headers: ${JSON.stringify(req.headers)}` },
    }));
    const lines: string[] = [];
    const c = createCloudClient({
      endpoint: url,
      projectId: 'p',
      auth: { kind: 'aksk', accessKey: 'AKSENTINEL', secretKey: 'SK-SENTINEL-ECHO-1234', securityToken: 'STS-SENTINEL-ECHO-5678' },
      retry: fastRetry,
      debug: (l) => lines.push(l),
    });
    const error = (await caught(c.listVpcs())) as VpcformError;
    const text = [JSON.stringify(error.toJSON()), error.message, error.detail ?? '', ...lines].join('\n');
    expect(text).toContain('verify aksk signature fail');
    expect(text).not.toContain('STS-SENTINEL-ECHO-5678');
    expect(text).not.toContain('SK-SENTINEL-ECHO-1234');
    expect(text).not.toMatch(/Signature=[0-9a-f]{64}/);
  });

  it('sends exactly what it signed: RFC 3986 query, string body with its length, user agent', async () => {
    const { url, seen } = await scripted([ok]);
    const c = createCloudClient({ endpoint: url, projectId: 'p', auth: { kind: 'aksk', accessKey: 'AK', secretKey: 'SECRETSECRET' }, retry: fastRetry });
    await c.updateVpc('v1', { name: 'n', description: 'ü & spaces' });
    await c.listVpcs({ id: 'a b', limit: 5 }).catch(() => undefined);
    const [put, list] = seen;
    expect(put!.headers['content-type']).toBe('application/json');
    expect(put!.headers['user-agent']).toMatch(/^vpcform\//);
    expect(put!.headers['authorization']).toMatch(/SignedHeaders=content-type;host;x-project-id;x-sdk-date,/);
    expect(put!.body).toBe('{"vpc":{"name":"n","description":"ü & spaces"}}');
    expect(Number(put!.headers['content-length'])).toBe(Buffer.byteLength(put!.body, 'utf8'));
    expect(list!.url).toBe('/v1/p/vpcs?id=a%20b&enterprise_project_id=all_granted_eps&limit=5');
  });
});
