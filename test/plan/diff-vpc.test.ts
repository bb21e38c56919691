import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffVpc } from '../../src/diff/diff-vpc.js';
import type { DesiredVpc } from '../../src/config/types.js';
import type { LiveVpc } from '../../src/model/vpc.js';

const live: LiveVpc = {
  id: '99d9d709-8478-4b46-9f3f-2206b1023fd3',
  name: 'vpc1',
  description: 'web tier',
  cidr: '192.168.0.0/16',
  status: 'OK',
  routes: null,
  enable_shared_snat: false,
  enterprise_project_id: '0',
  tenant_id: '0123456789abcdef0123456789abcdef',
  created_at: '2024-01-01T00:00:00',
  updated_at: '2024-01-02T00:00:00',
};

const desired = (fields: Partial<DesiredVpc>): DesiredVpc => ({ address: 'vpcs.web', key: 'web', ...fields });

describe('diffVpc', () => {
  it('is empty when nothing managed differs, ignoring server-only fields', () => {
    expect(diffVpc(desired({ id: live.id, name: 'vpc1', cidr: '192.168.0.0/16' }), live)).toEqual([]);
  });

  it('leaves absent fields alone', () => {
    expect(diffVpc(desired({ name: 'vpc1' }), { ...live, description: 'changed elsewhere' })).toEqual([]);
  });

  it('treats routes null as []', () => {
    expect(diffVpc(desired({ routes: [] }), live)).toEqual([]);
    expect(diffVpc(desired({ routes: [] }), { ...live, routes: [] })).toEqual([]);
  });

  it('compares routes as a set', () => {
    const a = { destination: '0.0.0.0/0', nexthop: '192.168.0.5' };
    const b = { destination: '10.0.0.0/8', nexthop: '192.168.0.6' };
    expect(diffVpc(desired({ routes: [a, b] }), { ...live, routes: [b, a] })).toEqual([]);
  });

  it('reports each changed field once, in table order, with normalized values', () => {
    const route = { destination: '0.0.0.0/0', nexthop: '192.168.0.5' };
    const changes = diffVpc(desired({ routes: [route], description: '', name: 'vpc2', enable_shared_snat: true }), live);
    expect(changes).toEqual([
      { path: 'name', before: 'vpc1', after: 'vpc2' },
      { path: 'description', before: 'web tier', after: '' },
      { path: 'enable_shared_snat', before: false, after: true },
      { path: 'routes', before: [], after: [route] },
    ]);
  });

  it('sees a missing live description as ""', () => {
    const { description: _drop, ...bare } = live;
    expect(diffVpc(desired({ description: '' }), bare)).toEqual([]);
    expect(diffVpc(desired({ description: 'x' }), bare)).toEqual([{ path: 'description', before: '', after: 'x' }]);
  });

  const routeArb = fc.record({ destination: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '172.16.0.0/12'), nexthop: fc.ipV4() });
  const liveArb = fc.record({
    id: fc.uuid(),
    name: fc.stringMatching(/^[a-z0-9_.-]{0,12}$/),
    description: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    cidr: fc.constantFrom('10.0.0.0/8', '192.168.0.0/16', ''),
    status: fc.constantFrom('OK', 'PENDING_UPDATE'),
    routes: fc.option(fc.array(routeArb, { maxLength: 4 }), { nil: null }),
    enable_shared_snat: fc.option(fc.boolean(), { nil: undefined }),
  });

  it('diff(x, x) is empty: a desired VPC copied from the live one has no changes (property)', () => {
    fc.assert(
      fc.property(liveArb, fc.shuffledSubarray(['name', 'cidr', 'description', 'enable_shared_snat', 'routes'] as const), (vpc, fields) => {
        const copy: DesiredVpc = { address: 'vpcs.x', key: 'x', id: vpc.id };
        for (const f of fields) {
          if (f === 'routes') copy.routes = [...(vpc.routes ?? [])].reverse();
          else if (f === 'enable_shared_snat') copy.enable_shared_snat = vpc.enable_shared_snat ?? false;
          else if (f === 'description') copy.description = vpc.description ?? '';
          else copy[f] = vpc[f];
        }
        expect(diffVpc(copy, vpc as LiveVpc)).toEqual([]);
      }),
    );
  });

  it('every reported change really differs and only names managed fields (property)', () => {
    fc.assert(
      fc.property(liveArb, liveArb, (a, b) => {
        const want: DesiredVpc = { address: 'vpcs.x', key: 'x', name: b.name, cidr: b.cidr, routes: b.routes ?? [] };
        for (const c of diffVpc(want, a as LiveVpc)) {
          expect(['name', 'cidr', 'routes']).toContain(c.path);
          expect(c.before).not.toEqual(c.after);
        }
      }),
    );
  });
});
