import { describe, expect, it } from 'vitest';
import { call, PROJECT, vpcPath, withEmulator, WEB_ID } from './helpers.js';

const user = { name: 'alice', password: 'correct horse', domain: 'acme' };
const tokenRequest = (password: string, project: Record<string, string> = { id: PROJECT }) => ({
  auth: {
    identity: { methods: ['password'], password: { user: { name: user.name, password, domain: { name: user.domain } } } },
    scope: { project },
  },
});

describe('IAM tokens', () => {
  it('issues a token with 201 and X-Subject-Token, which then authenticates VPC calls', async () => {
    let clock = Date.UTC(2025, 0, 1);
    await withEmulator(
      { seed: { project_id: PROJECT, users: [user], vpcs: [{ id: WEB_ID, name: 'vpc-web', cidr: '192.168.0.0/16' }] }, now: () => clock, tokenTtlMs: 60_000 },
      async (emu) => {
        expect(emu.authEnabled).toBe(true);
        const anonymous = await call(emu, 'GET', vpcPath(WEB_ID));
        expect(anonymous.status).toBe(401);
        expect(anonymous.json.error_code).toBe('APIGW.0301');

        const issued = await call(emu, 'POST', '/v3/auth/tokens?nocatalog=true', tokenRequest(user.password));
        expect(issued.status).toBe(201);
        const token = issued.headers.get('x-subject-token')!;
        expect(token).toMatch(/^MII/);
        expect(issued.json.token).toMatchObject({ methods: ['password'], project: { id: PROJECT, name: 'eu-de' }, user: { name: 'alice' } });
        expect(issued.json.token.expires_at).toBe('2025-01-01T00:01:00.000000Z');
        expect(issued.text).not.toContain(user.password);

        expect((await call(emu, 'GET', vpcPath(WEB_ID), undefined, { 'X-Auth-Token': token })).status).toBe(200);
        const otherProject = await call(emu, 'GET', vpcPath(WEB_ID, 'ffffffffffffffffffffffffffffffff'), undefined, { 'X-Auth-Token': token });
        expect(otherProject.status).toBe(400);
        expect(otherProject.json.code).toBe('VPC.0007');

        clock += 61_000;
        const expired = await call(emu, 'GET', vpcPath(WEB_ID), undefined, { 'X-Auth-Token': token });
        expect(expired.status).toBe(401);
        expect(expired.json).toMatchObject({ error_code: 'APIGW.0307', error_msg: 'The token must be updated' });
        expect((await call(emu, 'GET', vpcPath(WEB_ID), undefined, { 'X-Auth-Token': 'MIIbogus' })).json.error_code).toBe('APIGW.0307');
      },
    );
  });

  it('refuses a wrong password and a foreign project scope, IAM style', async () => {
    await withEmulator({ seed: { project_id: PROJECT, users: [user] } }, async (emu) => {
      const wrong = await call(emu, 'POST', '/v3/auth/tokens', tokenRequest('nope'));
      expect(wrong.status).toBe(401);
      expect(wrong.json).toEqual({ error: { code: 401, title: 'Unauthorized', message: 'The username or password is wrong.' } });
      expect(wrong.headers.get('x-subject-token')).toBeNull();
      const foreign = await call(emu, 'POST', '/v3/auth/tokens', tokenRequest(user.password, { id: 'ffffffffffffffffffffffffffffffff' }));
      expect(foreign.status).toBe(401);
      const byName = await call(emu, 'POST', '/v3/auth/tokens', tokenRequest(user.password, { name: 'eu-de' }));
      expect(byName.status).toBe(201);
      const malformed = await call(emu, 'POST', '/v3/auth/tokens', '{"auth":');
      expect(malformed.status).toBe(400);
    });
  });

  it('with auth off, serves everything and still issues tokens', async () => {
    await withEmulator({ seed: { project_id: PROJECT } }, async (emu) => {
      expect(emu.authEnabled).toBe(false);
      expect((await call(emu, 'GET', `/v1/${PROJECT}/vpcs`)).status).toBe(200);
      expect((await call(emu, 'POST', '/v3/auth/tokens', tokenRequest('anything'))).status).toBe(201);
    });
  });
});
