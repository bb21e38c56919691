import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { independentSign, sdkDateOf } from './independent-signer.js';
import { PROJECT, rawRequest, vpcPath, withEmulator, WEB_ID } from './helpers.js';

interface Vector {
  input: { ak: string; sk: string; method: string; url: string; query: Record<string, string | string[]>; headers: Record<string, string>; bodyBytesSent: string };
  sdkCanonicalRequest: string;
  expectedAuthorization: string;
}
const vectors = (JSON.parse(readFileSync(new URL('../fixtures/signing-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] }).vectors;
const [v1, v2] = vectors as [Vector, Vector];

const AK = 'EMULATORTESTAK000001';
const SK = 'emulator-test-secret-key/+=';
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

function signed(method: string, path: string, query: Array<[string, string]>, body: string, extra: Record<string, string> = {}, date = NOW, sk = SK) {
  const host = 'vpc.emulator.test';
  const headers = { 'Content-Type': 'application/json', 'X-Project-Id': PROJECT, ...extra };
  const sdkDate = sdkDateOf(date);
  const { authorization } = independentSign({ ak: AK, sk, method, host, path, query, headers, sdkDate, body });
  const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return {
    method,
    path: qs ? `${path}?${qs}` : path,
    headers: { ...headers, Host: host, 'X-Sdk-Date': sdkDate, Authorization: authorization },
    ...(body !== '' && { body }),
  };
}

const options = {
  seed: { project_id: PROJECT, vpcs: [{ id: WEB_ID, name: 'vpc-web', cidr: '192.168.0.0/16' }] },
  credentials: [{ access_key: AK, secret_key: SK }],
  now: () => NOW,
};

describe('the test-only signer', () => {
  it('reproduces the official vectors', () => {
    for (const v of [v1, v2]) {
      const url = new URL(v.input.url);
      const { authorization, canonical } = independentSign({
        ak: v.input.ak, sk: v.input.sk, method: v.input.method, host: url.host, path: url.pathname,
        query: Object.entries(v.input.query).map(([k, val]) => [k, String(val)]),
        headers: Object.fromEntries(Object.entries(v.input.headers).filter(([k]) => k.toLowerCase() !== 'x-sdk-date')),
        sdkDate: v.input.headers['X-Sdk-Date']!, body: v.input.bodyBytesSent,
      });
      expect(canonical).toBe(v.sdkCanonicalRequest);
      expect(authorization).toBe(v.expectedAuthorization);
    }
  });
});

describe('AK/SK signatures at the emulator', () => {
  it('accepts the official SDK vectors replayed byte for byte', async () => {
    // v1: GET list with limit and marker, from the Huawei signing guide.
    const u1 = new URL(v1.input.url);
    const project1 = u1.pathname.split('/')[2]!;
    await withEmulator(
      {
        seed: { project_id: project1, vpcs: [{ id: v1.input.query['marker'] as string, name: 'marker-vpc', cidr: '10.0.0.0/16' }] },
        credentials: [{ access_key: v1.input.ak, secret_key: v1.input.sk }],
        now: () => Date.UTC(2019, 10, 15, 3, 40, 0),
      },
      async (emu) => {
        const r = await rawRequest(emu, {
          method: 'GET',
          path: `${u1.pathname}?limit=2&marker=${v1.input.query['marker'] as string}`,
          headers: { ...v1.input.headers, Host: u1.host, Authorization: v1.expectedAuthorization },
        });
        expect(r.status).toBe(200);
        expect(r.json).toEqual({ vpcs: [] });
      },
    );
    // v2: PUT update VPC with a JSON body and X-Project-Id.
    const u2 = new URL(v2.input.url);
    await withEmulator(
      {
        seed: { project_id: PROJECT, vpcs: [{ id: WEB_ID, name: 'vpc-old', cidr: '10.0.0.0/16' }] },
        credentials: [{ access_key: v2.input.ak, secret_key: v2.input.sk }],
        now: () => Date.UTC(2024, 2, 1, 12, 5, 0),
      },
      async (emu) => {
        const r = await rawRequest(emu, {
          method: 'PUT',
          path: u2.pathname,
          headers: { ...v2.input.headers, Host: u2.host, Authorization: v2.expectedAuthorization },
          body: v2.input.bodyBytesSent,
        });
        expect(r.status).toBe(200);
        expect(r.json.vpc).toMatchObject({ name: 'vpc-prod_01', description: 'managed by reconciler', status: 'PENDING_UPDATE' });
      },
    );
  });

  it('accepts signed GET and PUT built on fixed inputs, with encoded query values', async () => {
    await withEmulator(options, async (emu) => {
      const list = await rawRequest(emu, signed('GET', `/v1/${PROJECT}/vpcs`, [['limit', '10'], ['enterprise_project_id', 'all_granted_eps']], ''));
      expect(list.status).toBe(200);
      expect(list.json.vpcs).toHaveLength(1);
      const put = await rawRequest(emu, signed('PUT', vpcPath(WEB_ID), [], JSON.stringify({ vpc: { name: 'web_tier-2' } })));
      expect(put.status).toBe(200);
    });
  });

  it('refuses a tampered body, path, query or header with APIGW.0301 showing its canonical request', async () => {
    await withEmulator(options, async (emu) => {
      const good = signed('PUT', vpcPath(WEB_ID), [], JSON.stringify({ vpc: { name: 'a' } }));
      const tampered = [
        { ...good, body: JSON.stringify({ vpc: { name: 'b' } }) },
        { ...good, path: `${good.path}?limit=1` },
        { ...good, headers: { ...good.headers, 'X-Project-Id': 'ffffffffffffffffffffffffffffffff' } },
        { ...good, headers: { ...good.headers, Host: 'other.host' } },
      ];
      for (const req of tampered) {
        const r = await rawRequest(emu, req);
        expect(r.status).toBe(401);
        expect(r.json.error_code).toBe('APIGW.0301');
        expect(r.json.request_id).toBe(r.headers.get('x-request-id'));
        expect(r.json.error_msg).toContain('canonicalRequest:PUT|/v1/');
        expect(r.text).not.toContain(SK);
      }
      expect(emu.vpc(WEB_ID)?.name).toBe('vpc-web');
    });
  });

  it('shows in APIGW.0301 the canonical request of what it received, as an independent signer computes it', async () => {
    await withEmulator(options, async (emu) => {
      const sentBody = JSON.stringify({ vpc: { name: 'tampered' } });
      const good = signed('PUT', vpcPath(WEB_ID), [['x', 'a b']], JSON.stringify({ vpc: { name: 'original' } }));
      const r = await rawRequest(emu, { ...good, body: sentBody });
      const received = independentSign({
        ak: AK, sk: SK, method: 'PUT', host: 'vpc.emulator.test', path: vpcPath(WEB_ID), query: [['x', 'a b']],
        headers: { 'Content-Type': 'application/json', 'X-Project-Id': PROJECT }, sdkDate: sdkDateOf(NOW), body: sentBody,
      });
      expect(r.json.error_msg).toBe(
        `Incorrect IAM authentication information: verify aksk signature fail,canonicalRequest:${received.canonical.replace(/\n/g, '|')}`,
      );
    });
  });

  it('refuses a wrong secret, an unknown key and a missing signature', async () => {
    await withEmulator(options, async (emu) => {
      const wrong = await rawRequest(emu, signed('GET', vpcPath(WEB_ID), [], '', {}, NOW, 'not-the-secret'));
      expect(wrong.status).toBe(401);
      expect(wrong.json.error_code).toBe('APIGW.0301');
      const bare = await rawRequest(emu, { method: 'GET', path: vpcPath(WEB_ID), headers: {} });
      expect(bare.status).toBe(401);
      expect(bare.json.error_code).toBe('APIGW.0301');
      const req = signed('GET', vpcPath(WEB_ID), [], '');
      const unknownKey = await rawRequest(emu, { ...req, headers: { ...req.headers, Authorization: req.headers.Authorization.replace(AK, 'UNKNOWNAK') } });
      expect(unknownKey.status).toBe(401);
    });
  });

  it('refuses a clock skew over 15 minutes, accepts one under it', async () => {
    await withEmulator(options, async (emu) => {
      expect((await rawRequest(emu, signed('GET', vpcPath(WEB_ID), [], '', {}, NOW - 14 * 60_000))).status).toBe(200);
      const late = await rawRequest(emu, signed('GET', vpcPath(WEB_ID), [], '', {}, NOW - 16 * 60_000));
      expect(late.status).toBe(401);
      expect(late.json.error_code).toBe('APIGW.0301');
      expect((await rawRequest(emu, signed('GET', vpcPath(WEB_ID), [], '', {}, NOW + 16 * 60_000))).status).toBe(401);
    });
  });

  it('demands a signed X-Security-Token for temporary keys', async () => {
    await withEmulator({ ...options, credentials: [{ access_key: AK, secret_key: SK, security_token: 'tmp-token' }] }, async (emu) => {
      expect((await rawRequest(emu, signed('GET', vpcPath(WEB_ID), [], ''))).status).toBe(401);
      expect((await rawRequest(emu, signed('GET', vpcPath(WEB_ID), [], '', { 'X-Security-Token': 'tmp-token' }))).status).toBe(200);
      expect((await rawRequest(emu, signed('GET', vpcPath(WEB_ID), [], '', { 'X-Security-Token': 'other' }))).status).toBe(401);
    });
  });

  it('answers VPC.0007 when the URL project is not the credential project', async () => {
    await withEmulator(options, async (emu) => {
      const other = 'ffffffffffffffffffffffffffffffff';
      const r = await rawRequest(emu, signed('GET', `/v1/${other}/vpcs`, [], ''));
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ code: 'VPC.0007', message: 'urlTenantId is not equal tokenTenantId' });
    });
  });
});
