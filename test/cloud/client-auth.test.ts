import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/cloud/signer.js';
import { VpcformError } from '../../src/errors/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { AK, SK, STS, USER, VPC_A, caught, client, emulator, httpStats } from './helpers.js';

let em: RunningEmulator | undefined;

/** A token obtained directly from the emulator's IAM, as a user would put in OS_AUTH_TOKEN. */
async function login(running: RunningEmulator): Promise<string> {
  const response = await fetch(`${running.url}/v3/auth/tokens?nocatalog=true`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: USER.name, password: USER.password, domain: { name: USER.domain } } } },
        scope: { project: { id: running.projectId } },
      },
    }),
  });
  const token = response.headers.get('x-subject-token');
  if (token === null) throw new Error(`no token: ${response.status}`);
  return token;
}
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

describe('AK/SK signing against the emulator', () => {
  it('signed requests are accepted: list, get, update', async () => {
    em = await emulator({ credentials: [{ access_key: AK, secret_key: SK }] });
    const c = client(em, { kind: 'aksk', accessKey: AK, secretKey: SK });
    const vpcs = await c.listVpcs();
    expect(vpcs.map((v) => v.name).sort()).toEqual(['db', 'web']);
    expect((await c.getVpc(VPC_A)).cidr).toBe('192.168.0.0/16');
    // Non-ASCII and quotes: the signature covers the exact UTF-8 bytes sent.
    const updated = await c.updateVpc(VPC_A, { name: 'web-2', description: 'quoted " and ü' });
    expect(updated.name).toBe('web-2');
    expect(em.vpc(VPC_A)?.description).toBe('quoted " and ü');
  });

  it('temporary keys send and sign X-Security-Token', async () => {
    em = await emulator({ credentials: [{ access_key: AK, secret_key: SK, security_token: STS }] });
    await expect(client(em, { kind: 'aksk', accessKey: AK, secretKey: SK, securityToken: STS }).listVpcs()).resolves.toHaveLength(2);
    const without = await caught(client(em, { kind: 'aksk', accessKey: AK, secretKey: SK }).listVpcs());
    expect(without).toBeInstanceOf(VpcformError);
    expect((without as VpcformError).code).toBe('CLOUD_AUTH_FAILED');
  });

  it('a tampered request (body or query changed after signing) is refused with 401 APIGW.0301', async () => {
    em = await emulator({ credentials: [{ access_key: AK, secret_key: SK }] });
    const url = `${em.url}/v1/${em.projectId}/vpcs/${VPC_A}`;
    const body = JSON.stringify({ vpc: { name: 'signed-name' } });
    const headers = signRequest(
      { method: 'PUT', url, headers: { 'Content-Type': 'application/json', 'X-Project-Id': em.projectId }, body },
      { accessKey: AK, secretKey: SK },
      new Date(),
    );
    delete headers['Host'];
    const tampered = await fetch(url, { method: 'PUT', headers, body: body.replace('signed-name', 'evil-name') });
    expect(tampered.status).toBe(401);
    expect(((await tampered.json()) as { error_code: string }).error_code).toBe('APIGW.0301');
    const listUrl = `${em.url}/v1/${em.projectId}/vpcs`;
    const listHeaders = signRequest(
      { method: 'GET', url: listUrl, query: [['limit', '1']], headers: { 'Content-Type': 'application/json', 'X-Project-Id': em.projectId } },
      { accessKey: AK, secretKey: SK },
      new Date(),
    );
    delete listHeaders['Host'];
    expect((await fetch(`${listUrl}?limit=2`, { headers: listHeaders })).status).toBe(401);
    expect((await fetch(`${listUrl}?limit=1`, { headers: listHeaders })).status).toBe(200);
    // The untampered PUT goes through, so the refusals above are about the tampering.
    expect((await fetch(url, { method: 'PUT', headers, body })).status).toBe(200);
    expect(em.vpc(VPC_A)?.name).toBe('signed-name');
  });

  it('a wrong secret key fails once (no retry) with a hint about keys and clock skew, and no secret in the error', async () => {
    em = await emulator({ credentials: [{ access_key: AK, secret_key: SK }] });
    const wrong = 'WRONG-SK-SENTINEL-0001';
    const error = (await caught(client(em, { kind: 'aksk', accessKey: AK, secretKey: wrong }).getVpc(VPC_A))) as VpcformError;
    expect(error.code).toBe('CLOUD_AUTH_FAILED');
    expect(error.cloud).toMatchObject({ status: 401, serviceCode: 'APIGW.0301', retryable: false });
    expect(error.cloud?.requestId).toBeTruthy();
    expect(error.hint).toMatch(/clock/);
    const text = JSON.stringify(error.toJSON()) + error.message + (error.stack ?? '');
    expect(text).not.toContain(wrong);
    expect((await httpStats(em)).routes['GET /v1/{project_id}/vpcs/{vpc_id}']).toBe(1);
  });
});

describe('token authentication', () => {
  it('OS_AUTH_TOKEN style: a static token in X-Auth-Token', async () => {
    em = await emulator({ users: [USER] });
    const token = await login(em);
    await expect(client(em, { kind: 'token', token }).listVpcs()).resolves.toHaveLength(2);
    const bad = (await caught(client(em, { kind: 'token', token: 'not-a-real-token-SENTINEL' }).listVpcs())) as VpcformError;
    expect(bad.code).toBe('CLOUD_AUTH_FAILED');
    expect(JSON.stringify(bad.toJSON())).not.toContain('not-a-real-token-SENTINEL');
  });

  it('password -> token -> calls, one login shared by concurrent calls', async () => {
    em = await emulator({ users: [USER] });
    const c = client(em, { kind: 'password', authUrl: `${em.url}/v3`, username: USER.name, password: USER.password, domainName: USER.domain });
    const results = await Promise.all([c.listVpcs(), c.getVpc(VPC_A), c.listSubnets({ vpcId: VPC_A })]);
    expect(results[0]).toHaveLength(2);
    expect(results[2]).toHaveLength(1);
    await c.getVpc(VPC_A);
    expect((await httpStats(em)).routes['POST /v3/auth/tokens']).toBe(1);
  });

  it('as many concurrent first calls as there are limiter slots still log in (the login needs no slot)', async () => {
    em = await emulator({ users: [USER] });
    const auth = { kind: 'password', authUrl: `${em.url}/v3`, username: USER.name, password: USER.password, domainName: USER.domain } as const;
    const c = client(em, auth, { rate: { maxInFlight: 3 } });
    await expect(Promise.all([c.getVpc(VPC_A), c.getVpc(VPC_A), c.getVpc(VPC_A)])).resolves.toHaveLength(3);
    expect((await httpStats(em)).routes['POST /v3/auth/tokens']).toBe(1);
  }, 5000);

  it('a wrong password fails without retrying and without the password in the error', async () => {
    em = await emulator({ users: [USER] });
    const c = client(em, { kind: 'password', authUrl: `${em.url}/v3`, username: USER.name, password: 'WRONG-PW-SENTINEL', domainName: USER.domain });
    const error = (await caught(c.listVpcs())) as VpcformError;
    expect(error.code).toBe('CLOUD_AUTH_FAILED');
    expect(error.hint).toContain('OS_PASSWORD');
    expect(JSON.stringify(error.toJSON())).not.toContain('WRONG-PW-SENTINEL');
    const stats = await httpStats(em);
    expect(stats.routes['POST /v3/auth/tokens']).toBe(1);
    expect(stats.routes['GET /v1/{project_id}/vpcs'] ?? 0).toBe(0);
  });

  it('an expired token is renewed once on 401 APIGW.0307 and the call succeeds', async () => {
    let offsetMs = 0;
    em = await emulator({ users: [USER], now: () => Date.now() + offsetMs });
    const c = client(em, { kind: 'password', authUrl: `${em.url}/v3`, username: USER.name, password: USER.password, domainName: USER.domain });
    await c.getVpc(VPC_A);
    offsetMs = 25 * 60 * 60 * 1000; // the emulator's clock passes the 24 h token lifetime; ours does not
    await expect(c.getVpc(VPC_A)).resolves.toMatchObject({ id: VPC_A });
    const stats = await httpStats(em);
    expect(stats.routes['POST /v3/auth/tokens']).toBe(2);
    expect(stats.routes['GET /v1/{project_id}/vpcs/{vpc_id}']).toBe(3);
  });

  it('a static token that expired is refused once: it cannot be renewed', async () => {
    let offsetMs = 0;
    em = await emulator({ users: [USER], now: () => Date.now() + offsetMs });
    const token = await login(em);
    offsetMs = 25 * 60 * 60 * 1000;
    em.resetStats();
    const error = (await caught(client(em, { kind: 'token', token }).getVpc(VPC_A))) as VpcformError;
    expect(error.code).toBe('CLOUD_AUTH_FAILED');
    expect(error.cloud).toMatchObject({ serviceCode: 'APIGW.0307', retryable: false });
    expect((await httpStats(em)).routes['GET /v1/{project_id}/vpcs/{vpc_id}']).toBe(1);
  });

  it('calls without credentials to an emulator with auth on are refused with a hint', async () => {
    em = await emulator({ users: [USER] });
    const error = (await caught(client(em, { kind: 'none' }).listVpcs())) as VpcformError;
    expect(error.code).toBe('CLOUD_AUTH_FAILED');
    expect(error.hint).toContain('HW_ACCESS_KEY');
  });
});
