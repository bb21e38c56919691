import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { isVpcformError } from '../../src/errors/index.js';
import { call, PROJECT, rawRequest, withEmulator } from './helpers.js';
import { independentSign, sdkDateOf } from './independent-signer.js';
import { A, B, C, FILTER_PATH, actionPath, tagAction, tagSeed, tagsOn, tagsPath } from './tag-helpers.js';

const AK = 'TAGTESTAK00000000001';
const SK = 'tag-test-secret/+=';
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const user = { name: 'alice', password: 'pw', domain: 'acme' };

describe('authentication on the tag routes', () => {
  it('refuses an anonymous request and accepts a token or an AK/SK signature', async () => {
    await withEmulator({ seed: tagSeed(), credentials: [{ access_key: AK, secret_key: SK }], users: [user], now: () => NOW }, async (emu) => {
      const anonymous = await call(emu, 'GET', tagsPath(A));
      expect(anonymous.status).toBe(401);
      expect(anonymous.json.error_code).toBe('APIGW.0301');

      const issued = await call(emu, 'POST', '/v3/auth/tokens?nocatalog=true', {
        auth: { identity: { methods: ['password'], password: { user: { name: user.name, password: user.password, domain: { name: user.domain } } } }, scope: { project: { id: PROJECT } } },
      });
      const token = { 'X-Auth-Token': issued.headers.get('x-subject-token')! };
      expect((await call(emu, 'POST', actionPath(C), { action: 'create', tags: [{ key: 'k', value: 'v' }] }, token)).status).toBe(204);
      expect((await call(emu, 'GET', tagsPath(C), undefined, token)).json).toEqual({ tags: [{ key: 'k', value: 'v' }] });

      const body = JSON.stringify({ action: 'count', tags: [] });
      const host = 'vpc.emulator.test';
      const headers = { 'Content-Type': 'application/json', 'X-Project-Id': PROJECT };
      const sdkDate = sdkDateOf(NOW);
      const { authorization } = independentSign({ ak: AK, sk: SK, method: 'POST', host, path: FILTER_PATH, query: [], headers, sdkDate, body });
      const signedHeaders = { ...headers, Host: host, 'X-Sdk-Date': sdkDate, Authorization: authorization };
      const signed = await rawRequest(emu, { method: 'POST', path: FILTER_PATH, headers: signedHeaders, body });
      expect(signed.status).toBe(200);
      expect(signed.json).toEqual({ total_count: 3 });
      const tampered = await rawRequest(emu, { method: 'POST', path: FILTER_PATH, headers: signedHeaders, body: body.replace('count', 'filter') });
      expect(tampered.status).toBe(401);
    });
  });
});

describe('faults, request log and stats on the tag routes', () => {
  it('a fault after a tag write leaves the write done, and the log says so', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      emu.setFaults({ next: [{ route: 'POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action', fault: '503', after: true }] });
      const answer = await tagAction(emu, C, 'create', [{ key: 'k', value: 'v' }]);
      expect(answer.status).toBe(503);
      expect(await tagsOn(emu, C)).toEqual({ k: 'v' });
      expect(emu.requestLog()[0]).toMatchObject({ route: 'POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action', vpc_id: C, status: 503, fault: '503', applied: true });
    });
  });

  it('a fault before a tag write leaves nothing; a reset drops the connection', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      emu.setFaults({ next: [{ vpc: C, fault: '500' }, { route: 'DELETE /v2.0/{project_id}/vpcs/{vpc_id}/tags/{key}', fault: 'reset' }] });
      expect((await tagAction(emu, C, 'create', [{ key: 'k', value: 'v' }])).status).toBe(500);
      expect(await tagsOn(emu, C)).toEqual({});
      await expect(call(emu, 'DELETE', `${tagsPath(A)}/env`)).rejects.toThrow();
      expect(emu.requestLog().map((e) => [e.status, e.applied])).toEqual([[500, false], [200, undefined], [0, false]]);
    });
  });

  it('the filter is a POST that only reads: the log records no applied for it, as for a GET', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect((await call(emu, 'POST', FILTER_PATH, { action: 'count', tags: [] })).status).toBe(200);
      expect((await call(emu, 'GET', tagsPath(A))).status).toBe(200);
      expect((await call(emu, 'POST', tagsPath(A), { tag: { key: 'x', value: 'y' } })).status).toBe(204);
      const log = emu.requestLog();
      expect(log[0]).not.toHaveProperty('applied');
      expect(log[1]).not.toHaveProperty('applied');
      expect(log[2]).toMatchObject({ applied: true });
    });
  });

  it('throttles tag calls like any other (429 APIGW.0308)', async () => {
    await withEmulator({ seed: tagSeed(), rateLimitRps: 1, now: () => NOW }, async (emu) => {
      expect((await call(emu, 'GET', tagsPath(A))).status).toBe(200);
      const throttled = await call(emu, 'GET', tagsPath(A));
      expect(throttled.status).toBe(429);
      expect(throttled.json.error_code).toBe('APIGW.0308');
    });
  });

  it('counts each tag route under its template in /_emulator/stats', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      await call(emu, 'GET', tagsPath(A));
      await call(emu, 'POST', tagsPath(A), { tag: { key: 'x', value: 'y' } });
      await tagAction(emu, A, 'delete', [{ key: 'x' }]);
      await call(emu, 'DELETE', `${tagsPath(A)}/env`);
      await call(emu, 'GET', `/v2.0/${PROJECT}/vpcs/tags`);
      await call(emu, 'POST', FILTER_PATH, { action: 'count', tags: [] });
      expect((await call(emu, 'GET', '/_emulator/stats')).json).toEqual({
        total: 6,
        routes: {
          'GET /v2.0/{project_id}/vpcs/{vpc_id}/tags': 1,
          'POST /v2.0/{project_id}/vpcs/{vpc_id}/tags': 1,
          'POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action': 1,
          'DELETE /v2.0/{project_id}/vpcs/{vpc_id}/tags/{key}': 1,
          'GET /v2.0/{project_id}/vpcs/tags': 1,
          'POST /v2.0/{project_id}/vpcs/resource_instances/action': 1,
        },
      });
    });
  });
});

describe('tags in seeds and in the state file', () => {
  it('seeds tags (YAML numbers become text) and refuses seed tags that break the rules', async () => {
    await withEmulator({ seed: { vpcs: [{ id: A, name: 'vpc-a', cidr: '10.1.0.0/16', tags: { env: 'prod', port: 8080 as unknown as string } }] } }, async (emu) => {
      expect(await tagsOn(emu, A)).toEqual({ env: 'prod', port: '8080' });
    });
    for (const tags of [{ 'a.b': 'x' }, Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])), ['env'], { env: null }]) {
      const err = await startEmulator({ port: 0, seed: { vpcs: [{ name: 'vpc-a', cidr: '10.1.0.0/16', tags: tags as Record<string, string> }] } }).then(
        async (emu) => emu.stop(),
        (e: unknown) => e,
      );
      expect(isVpcformError(err) && err.code).toBe('EMULATOR_SEED');
    }
  });

  it('keeps tags across a restart with --state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vpcform-emu-tags-'));
    try {
      const statePath = join(dir, 'state.json');
      const first = await startEmulator({ port: 0, seed: tagSeed(), statePath });
      await tagAction(first, C, 'create', [{ key: 'kept', value: 'yes' }]);
      await tagAction(first, A, 'delete', [{ key: 'team' }]);
      await first.stop();
      const saved = JSON.parse(await readFile(statePath, 'utf8')) as { vpcs: Array<{ id: string; tags?: unknown }> };
      expect(saved.vpcs.find((v) => v.id === C)?.tags).toEqual({ kept: 'yes' });

      const second = await startEmulator({ port: 0, seed: tagSeed(), statePath });
      try {
        expect(await tagsOn(second, C)).toEqual({ kept: 'yes' });
        expect(await tagsOn(second, A)).toEqual({ env: 'prod' });
        expect(await tagsOn(second, B)).toEqual({ env: 'dev' });
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('puts the seed tags back on reset', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      await tagAction(emu, A, 'delete', [{ key: 'env' }, { key: 'team' }]);
      expect((await call(emu, 'POST', '/_emulator/reset', { data: true })).status).toBe(204);
      expect(await tagsOn(emu, A)).toEqual({ env: 'prod', team: 'net' });
    });
  });
});
