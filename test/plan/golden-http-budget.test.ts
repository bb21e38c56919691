import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCloudClient } from '../../src/cloud/index.js';
import { parseDesired } from '../../src/config/index.js';
import { containsCidr, parseCidr } from '../../src/config/ipv4.js';
import { startEmulator } from '../../src/emulator/index.js';
import { refresh } from '../../src/refresh/refresh.js';
import { goldenCases } from '../helpers/golden.js';
import { MemoryCloud, type LiveFixture } from './helpers/memory-cloud.js';

/**
 * The call budgets of the plan goldens (`calls.json`) are what users pay in HTTP requests, so they
 * are checked on the wire too: the same refresh, through the real client against the emulator seeded
 * with the case's live.json, may send per route no more requests than the budget allows calls (each
 * list fits one page here), sends one request per call of the in-memory stand-in, and nothing else.
 */
const ROOT = fileURLToPath(new URL('../fixtures/plan/', import.meta.url));
const ROUTE_OF: Record<keyof MemoryCloud['calls'], string> = {
  listVpcs: 'GET /v1/{project_id}/vpcs',
  getVpc: 'GET /v1/{project_id}/vpcs/{vpc_id}',
  listSubnets: 'GET /v1/{project_id}/subnets',
  getVpcQuota: 'GET /v1/{project_id}/quotas',
  getVpcTags: 'GET /v2.0/{project_id}/vpcs/{vpc_id}/tags',
  listProjectTags: 'GET /v2.0/{project_id}/vpcs/tags',
  filterVpcsByTags: 'POST /v2.0/{project_id}/vpcs/resource_instances/action',
};

function insideItsVpc(subnet: LiveFixture['subnets'][number], live: LiveFixture): boolean {
  const vpc = parseCidr(live.vpcs.find((v) => v.id === subnet.vpc_id)?.cidr ?? '');
  const cidr = parseCidr(subnet.cidr);
  return vpc !== undefined && cidr !== undefined && containsCidr(vpc, cidr);
}

function seedOf(live: LiveFixture, projectId: string) {
  return {
    project_id: projectId,
    vpcs: live.vpcs.map((v) => ({
      id: v.id,
      name: v.name,
      cidr: v.cidr,
      description: v.description,
      enable_shared_snat: v.enable_shared_snat,
      // The emulator holds only what the API allows (one route per destination); routes do not change which calls refresh makes.
      routes: v.routes === null ? null : v.routes.filter((r, i, all) => all.findIndex((o) => o.destination === r.destination) === i),
      status: v.status,
      enterprise_project_id: v.enterprise_project_id,
      ...(v.tags !== undefined && { tags: v.tags }),
    })),
    // Likewise a subnet lies inside its VPC's cidr; which calls refresh makes does not depend on the subnets it finds.
    subnets: live.subnets
      .filter((s) => insideItsVpc(s, live))
      .map((s) => ({ id: s.id, vpc_id: s.vpc_id, name: s.name, cidr: s.cidr, gateway_ip: s.gateway_ip })),
    ...(live.quota !== undefined && { quotas: { vpc: live.quota.quota } }),
  };
}

describe('plan golden call budgets, counted in HTTP requests at the emulator', () => {
  const budgeted = goldenCases(ROOT, (files) => (files.includes('desired.yaml') && files.includes('live.json') ? 'desired.yaml' : undefined)).filter((c) =>
    existsSync(join(c.dir, 'calls.json')),
  );

  it('has budgeted cases', () => {
    expect(budgeted.length).toBeGreaterThanOrEqual(5);
  });

  for (const fixture of budgeted) {
    it(fixture.name, async () => {
      const { dir } = fixture.input();
      const budget = JSON.parse(readFileSync(join(dir, 'calls.json'), 'utf8')) as Partial<MemoryCloud['calls']>;
      const live = JSON.parse(readFileSync(join(dir, 'live.json'), 'utf8')) as LiveFixture;
      const state = parseDesired(readFileSync(join(dir, 'desired.yaml')), 'desired.yaml').state;
      if (state === undefined) throw new Error('no state');
      const memory = new MemoryCloud(live);
      await refresh(memory, state);

      const emu = await startEmulator({ port: 0, updateDelayMs: 0, seed: seedOf(live, memory.projectId) });
      try {
        await refresh(createCloudClient({ endpoint: emu.url, projectId: emu.projectId, auth: { kind: 'none' } }), state);
        const requests = emu.stats().routes;
        for (const [call, most] of Object.entries(budget)) {
          expect(requests[ROUTE_OF[call as keyof typeof ROUTE_OF]] ?? 0, `${call} over HTTP`).toBeLessThanOrEqual(most);
        }
        for (const [call, route] of Object.entries(ROUTE_OF)) {
          expect(requests[route] ?? 0, `${route}: one request per ${call} call`).toBe(memory.calls[call as keyof typeof ROUTE_OF]);
        }
        expect(Object.keys(requests).filter((r) => !Object.values(ROUTE_OF).includes(r)), 'requests outside the budget').toEqual([]);
      } finally {
        await emu.stop();
      }
    });
  }
});
