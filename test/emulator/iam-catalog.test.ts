import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, PROJECT, withEmulator } from './helpers.js';

const user = { name: 'alice', password: 'pw', domain: 'acme' };
const tokenBody = {
  auth: {
    identity: { methods: ['password'], password: { user: { name: user.name, password: user.password, domain: { name: user.domain } } } },
    scope: { project: { id: PROJECT } },
  },
};

interface Entry {
  type: string;
  id: string;
  name: string;
  endpoints: Array<{ url: string; region: string; region_id: string; interface: string; id: string }>;
}

const issue = (emu: RunningEmulator, query = '') => call(emu, 'POST', `/v3/auth/tokens${query}`, tokenBody);
const byType = (catalog: Entry[], type: string) => catalog.find((e) => e.type === type);

describe('IAM token: the service catalog', () => {
  it('lists identity, network and vpc, each with one public endpoint on the emulator itself', async () => {
    await withEmulator({ seed: { project_id: PROJECT, project_name: 'eu-de', users: [user] } }, async (emu) => {
      const issued = await issue(emu);
      expect(issued.status).toBe(201);
      const catalog = issued.json.token.catalog as Entry[];
      expect(catalog.map((e) => e.type).sort()).toEqual(['identity', 'network', 'vpc']);
      for (const entry of catalog) {
        expect(entry.id).toMatch(/^[0-9a-f]{32}$/);
        expect(typeof entry.name).toBe('string');
        expect(entry.endpoints).toHaveLength(1);
        expect(entry.endpoints[0]!.interface).toBe('public');
        expect(entry.endpoints[0]!.id).toMatch(/^[0-9a-f]{32}$/);
        expect(entry.endpoints[0]!.url.startsWith(emu.url)).toBe(true);
      }
      expect(byType(catalog, 'identity')).toMatchObject({ name: 'iam', endpoints: [{ url: `${emu.url}/v3`, region: '*', region_id: '*' }] });
      expect(byType(catalog, 'network')!.endpoints[0]).toMatchObject({ url: emu.url, region: 'eu-de', region_id: 'eu-de' });
      expect(byType(catalog, 'vpc')!.endpoints[0]).toMatchObject({ url: emu.url, region: 'eu-de', region_id: 'eu-de' });
      // Ids do not change from one token to the next.
      expect((await issue(emu)).json.token.catalog).toEqual(catalog);
    });
  });

  it('names the region after the project, without a sub-project suffix', async () => {
    await withEmulator({ seed: { project_id: PROJECT, project_name: 'eu-nl_batch' } }, async (emu) => {
      const scoped = await call(emu, 'POST', '/v3/auth/tokens', { ...tokenBody, auth: { ...tokenBody.auth, scope: { project: { name: 'eu-nl_batch' } } } });
      expect(byType(scoped.json.token.catalog as Entry[], 'network')!.endpoints[0]!.region).toBe('eu-nl');
    });
  });

  it('a client following the catalog reaches the VPC API with its token', async () => {
    await withEmulator({ seed: { project_id: PROJECT, users: [user], vpcs: [{ name: 'vpc-a', cidr: '10.1.0.0/16' }] } }, async (emu) => {
      const issued = await issue(emu);
      const token = { 'X-Auth-Token': issued.headers.get('x-subject-token')! };
      const network = byType(issued.json.token.catalog as Entry[], 'network')!.endpoints[0]!.url;
      const listed = await fetch(`${network}/v1/${issued.json.token.project.id as string}/vpcs`, { headers: token });
      expect(listed.status).toBe(200);
      expect(((await listed.json()) as { vpcs: unknown[] }).vpcs).toHaveLength(1);
      const identity = byType(issued.json.token.catalog as Entry[], 'identity')!.endpoints[0]!.url;
      expect((await fetch(identity)).status).toBe(200);
    });
  });

  it('leaves the catalog out when nocatalog has any non-empty value, keeps it for an empty one', async () => {
    await withEmulator({ seed: { project_id: PROJECT } }, async (emu) => {
      for (const query of ['?nocatalog=true', '?nocatalog=false', '?nocatalog=1']) {
        const issued = await issue(emu, query);
        expect(issued.status).toBe(201);
        expect(issued.json.token).not.toHaveProperty('catalog');
        expect(issued.json.token.project.id).toBe(PROJECT);
      }
      expect((await issue(emu, '?nocatalog=')).json.token.catalog).toHaveLength(3);
    });
  });
});

describe('keystone version discovery', () => {
  const v3 = (emu: RunningEmulator) => ({
    'media-types': [{ type: 'application/vnd.openstack.identity-v3+json', base: 'application/json' }],
    links: [{ rel: 'self', href: `${emu.url}/v3/` }],
    id: 'v3.6',
    updated: '2016-04-04T00:00:00Z',
    status: 'stable',
  });

  it('GET /v3 answers 200 {"version"}, GET / 300 {"versions":{"values"}}, without authentication', async () => {
    await withEmulator({ seed: { project_id: PROJECT, users: [user], credentials: [{ access_key: 'AK', secret_key: 'SK' }] } }, async (emu) => {
      const version = await call(emu, 'GET', '/v3');
      expect(version.status).toBe(200);
      expect(version.json).toEqual({ version: v3(emu) });
      expect((await call(emu, 'GET', '/v3/')).json).toEqual({ version: v3(emu) });
      const versions = await call(emu, 'GET', '/');
      expect(versions.status).toBe(300);
      expect(versions.json).toEqual({ versions: { values: [v3(emu)] } });
      expect((await call(emu, 'GET', `/v1/${PROJECT}/vpcs`)).status).toBe(401);
    });
  });
});
