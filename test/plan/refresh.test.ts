import { describe, expect, it } from 'vitest';
import { refresh, type RefreshProgress } from '../../src/refresh/refresh.js';
import type { DesiredState, DesiredVpc } from '../../src/config/types.js';
import type { LiveVpc } from '../../src/model/vpc.js';
import { MemoryCloud } from './helpers/memory-cloud.js';

const id = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const liveVpc = (n: number, extra: Partial<LiveVpc> = {}): LiveVpc => ({ id: id(n), name: `vpc-${n}`, cidr: `10.${n}.0.0/16`, status: 'OK', routes: null, ...extra });
const state = (vpcs: Array<Omit<DesiredVpc, 'address'>>): DesiredState => ({
  file: 'vpcs.yaml',
  sha256: '0'.repeat(64),
  version: 1,
  target: { cloud: 'otc', region: 'eu-de' },
  vpcs: vpcs.map((v) => ({ ...v, address: `vpcs.${v.key}` })),
  sourceMap: {},
});

describe('refresh', () => {
  it('reads up to 3 VPCs wanted by id with one GET each, and nothing else when no name or cidr changes', async () => {
    const cloud = new MemoryCloud({ vpcs: [1, 2, 3, 4].map((n) => liveVpc(n)), subnets: [] });
    const r = await refresh(cloud, state([1, 2, 3].map((n) => ({ key: `v${n}`, id: id(n), description: 'x' }))));
    expect(cloud.calls).toEqual({ listVpcs: 0, getVpc: 3, listSubnets: 0, getVpcQuota: 0, getVpcTags: 0, listProjectTags: 0, filterVpcsByTags: 0 });
    expect(r.vpcs.map((v) => v.resolution.status)).toEqual(['found', 'found', 'found']);
    expect(r.projectVpcs).toBeUndefined();
  });

  it('lists the project once when more VPCs are wanted, whatever their number', async () => {
    const cloud = new MemoryCloud({ vpcs: Array.from({ length: 50 }, (_, n) => liveVpc(n)), subnets: [] });
    const r = await refresh(cloud, state(Array.from({ length: 50 }, (_, n) => ({ key: `v${n}`, id: id(n) }))));
    expect(cloud.calls).toEqual({ listVpcs: 1, getVpc: 0, listSubnets: 0, getVpcQuota: 0, getVpcTags: 0, listProjectTags: 0, filterVpcsByTags: 0 });
    expect(r.projectVpcs).toHaveLength(50);
  });

  it('lists the project for a rename after GETs (duplicate-name check), and for any lookup by name', async () => {
    const cloud = new MemoryCloud({ vpcs: [liveVpc(1), liveVpc(2)], subnets: [] });
    await refresh(cloud, state([{ key: 'a', id: id(1), name: 'renamed' }]));
    expect(cloud.calls).toEqual({ listVpcs: 1, getVpc: 1, listSubnets: 0, getVpcQuota: 0, getVpcTags: 0, listProjectTags: 0, filterVpcsByTags: 0 });
    const byName = new MemoryCloud({ vpcs: [liveVpc(1), liveVpc(2)], subnets: [] });
    const r = await refresh(byName, state([{ key: 'a', name: 'vpc-2' }]));
    expect(byName.calls).toEqual({ listVpcs: 1, getVpc: 0, listSubnets: 0, getVpcQuota: 0, getVpcTags: 0, listProjectTags: 0, filterVpcsByTags: 0 });
    expect(r.vpcs[0]?.resolution).toMatchObject({ status: 'found', live: { id: id(2) } });
  });

  it('resolves names: none -> not_found, several -> ambiguous with sorted ids, no id nor name -> no_identity', async () => {
    const cloud = new MemoryCloud({ vpcs: [liveVpc(2, { name: 'twin' }), liveVpc(1, { name: 'twin' })], subnets: [] });
    const r = await refresh(cloud, state([{ key: 'a', name: 'ghost' }, { key: 'b', name: 'twin' }, { key: 'c' }]));
    expect(r.vpcs.map((v) => v.resolution)).toEqual([
      { status: 'not_found', by: 'name', value: 'ghost' },
      { status: 'ambiguous', name: 'twin', ids: [id(1), id(2)] },
      { status: 'no_identity' },
    ]);
  });

  it('falls back to a GET for an id the listing misses, and reports a missing one as not_found', async () => {
    const cloud = new MemoryCloud({ vpcs: Array.from({ length: 6 }, (_, n) => liveVpc(n)), subnets: [] });
    cloud.listVpcs = async function () {
      this.calls.listVpcs += 1;
      return [liveVpc(0), liveVpc(1), liveVpc(2), liveVpc(3)]; // 4 and 5 sit in an enterprise project the listing misses
    };
    const wanted = [0, 1, 2, 3, 4, 9].map((n) => ({ key: `v${n}`, id: id(n) }));
    const r = await refresh(cloud, state(wanted));
    expect(cloud.calls).toMatchObject({ listVpcs: 1, getVpc: 2 });
    expect(r.vpcs.map((v) => v.resolution.status)).toEqual(['found', 'found', 'found', 'found', 'found', 'not_found']);
  });

  it('reads subnets only for VPCs whose cidr or routes change: per VPC when few, one listing when many', async () => {
    const vpcs = Array.from({ length: 10 }, (_, n) => liveVpc(n));
    const subnets = vpcs.map((v, n) => ({ id: `s${n}`, name: `s${n}`, vpc_id: v.id, cidr: `10.${n}.1.0/24` }));
    const few = new MemoryCloud({ vpcs, subnets });
    const r = await refresh(
      few,
      state([
        { key: 'a', id: id(0), cidr: '10.0.0.0/8' },
        { key: 'b', id: id(1), routes: [{ destination: '0.0.0.0/0', nexthop: '10.1.1.1' }] },
        { key: 'c', id: id(2), description: 'no subnet check' },
      ]),
    );
    expect(few.calls).toEqual({ listVpcs: 0, getVpc: 3, listSubnets: 2, getVpcQuota: 0, getVpcTags: 0, listProjectTags: 0, filterVpcsByTags: 0 });
    expect(r.vpcs.map((v) => (v.resolution.status === 'found' ? v.resolution.subnets?.length : -1))).toEqual([1, 1, undefined]);

    const many = new MemoryCloud({ vpcs, subnets });
    const r2 = await refresh(many, state(vpcs.map((v, n) => ({ key: `v${n}`, id: v.id, cidr: '10.0.0.0/8' }))));
    expect(many.calls).toEqual({ listVpcs: 1, getVpc: 0, listSubnets: 1, getVpcQuota: 0, getVpcTags: 0, listProjectTags: 0, filterVpcsByTags: 0 });
    expect(r2.vpcs.every((v) => v.resolution.status === 'found' && v.resolution.subnets?.length === 1)).toBe(true);
  });

  it('reports progress and passes the abort signal on', async () => {
    const cloud = new MemoryCloud({ vpcs: [liveVpc(1)], subnets: [] });
    const seen: RefreshProgress[] = [];
    await refresh(cloud, state([{ key: 'a', name: 'vpc-1' }]), { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { step: 'list_vpcs', done: 0, total: 1 },
      { step: 'list_vpcs', done: 1, total: 1 },
    ]);
    const controller = new AbortController();
    controller.abort(new Error('SIGINT'));
    const aborting = new MemoryCloud({ vpcs: [], subnets: [] });
    aborting.listVpcs = async (options) => {
      options?.signal?.throwIfAborted();
      return [];
    };
    await expect(refresh(aborting, state([{ key: 'a', name: 'x' }]), { signal: controller.signal })).rejects.toThrow('SIGINT');
  });
});
