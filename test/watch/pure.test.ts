import { describe, expect, it } from 'vitest';
import type { FileDrift, VpcDrift } from '../../src/drift/types.js';
import type { Plan, PlannedChange } from '../../src/plan/types.js';
import { backoffDelay, checkBackoff, healBackoff } from '../../src/watch/backoff.js';
import { HealBackoff, selectHeals } from '../../src/watch/heal-select.js';
import { driftTransitions } from '../../src/watch/transitions.js';
import { parseListenAddress } from '../../src/cli/watch/listen-address.js';

describe('back-off schedules', () => {
  it('double from the first delay and stop at the cap', () => {
    const s = { firstMs: 100, factor: 2, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => backoffDelay(s, n))).toEqual([0, 100, 200, 400, 800, 1000, 1000]);
  });

  it('retry a failed check at interval/16 (1 s at least) up to the interval; a failed heal from one to eight intervals', () => {
    expect(checkBackoff(300_000)).toEqual({ firstMs: 18_750, factor: 2, maxMs: 300_000 });
    expect(checkBackoff(5_000)).toEqual({ firstMs: 1000, factor: 2, maxMs: 5_000 });
    // An interval shorter than a second: never slower than the interval.
    expect(checkBackoff(200)).toEqual({ firstMs: 200, factor: 2, maxMs: 200 });
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(healBackoff(60_000), n))).toEqual([60_000, 120_000, 240_000, 480_000, 480_000, 480_000]);
  });

  it('HealBackoff blocks a VPC until its retry time on the check schedule, and forgets it on success or when in sync', () => {
    const b = new HealBackoff({ firstMs: 1000, factor: 2, maxMs: 4000 });
    expect(b.failed('vpcs.a', 10_000)).toBe(1000);
    expect(b.blocked('vpcs.a', 10_999)).toBe(true);
    expect(b.blocked('vpcs.a', 11_000)).toBe(false);
    expect(b.failed('vpcs.a', 11_000)).toBe(2000);
    expect(b.blocked('vpcs.a', 12_000)).toBe(true);
    expect(b.blocked('vpcs.a', 13_000)).toBe(false);
    b.succeeded('vpcs.a');
    expect(b.blocked('vpcs.a', 13_000)).toBe(false);
    b.failed('vpcs.b', 0);
    b.retain(new Set(['vpcs.c']));
    expect(b.size).toBe(0);
  });
});

const vpc = (address: string, status: VpcDrift['status'], extra: Partial<VpcDrift> = {}): VpcDrift => ({ address, status, fields: [], id: `id-${address}`, ...extra });
const file = (vpcs: VpcDrift[]): FileDrift => ({ path: 'f.yaml', sha256: 'x', target: { endpoint: 'e', project_id: 'p' }, vpcs });
const field = (live: unknown, line = 5) => ({ path: 'description', live, desired: 'git', managed: true, location: { file: 'f.yaml', line, col: 3 } });

describe('driftTransitions', () => {
  it('reports starts, changes and stops once, and nothing for a VPC that drifts as before', () => {
    const first = driftTransitions(new Map(), file([vpc('vpcs.a', 'drifted', { fields: [field('x')] }), vpc('vpcs.b', 'in_sync')]), 'f.yaml', 1);
    expect(first.events.map((e) => [e.type, 'address' in e ? e.address : ''])).toEqual([['drift_started', 'vpcs.a']]);

    const same = driftTransitions(first.current, file([vpc('vpcs.a', 'drifted', { fields: [field('x', 9)] }), vpc('vpcs.b', 'in_sync')]), 'f.yaml', 2);
    // The field moved in the file (line 9 now): the drift itself did not change.
    expect(same.events).toEqual([]);

    const changed = driftTransitions(same.current, file([vpc('vpcs.a', 'drifted', { fields: [field('y')] }), vpc('vpcs.b', 'missing', { message: 'gone' })]), 'f.yaml', 3);
    expect(changed.events.map((e) => e.type)).toEqual(['drift_changed', 'drift_started']);
    expect(changed.events[0]).toMatchObject({ address: 'vpcs.a', fields: [expect.objectContaining({ live: 'y', desired: 'git' })] });

    const stopped = driftTransitions(changed.current, file([vpc('vpcs.a', 'in_sync')]), 'f.yaml', 4);
    expect(stopped.events).toEqual([
      { type: 'drift_stopped', at: 4, target: 'f.yaml', address: 'vpcs.a', id: 'id-vpcs.a', reason: 'in_sync' },
      { type: 'drift_stopped', at: 4, target: 'f.yaml', address: 'vpcs.b', id: 'id-vpcs.b', reason: 'removed_from_file' },
    ]);
    expect(stopped.current.size).toBe(0);
  });
});

const change = (address: string, action: PlannedChange['action'], extra: Partial<PlannedChange> = {}): PlannedChange => ({ address, action, attributes: [], diagnostics: [], ...extra });
const plan = (changes: PlannedChange[]): Plan => ({
  format_version: 2,
  tool: { name: 'vpcform', version: 't' },
  created_at: '2024-01-01T00:00:00Z',
  target: { endpoint: 'e', project_id: 'p' },
  desired: { path: 'f.yaml', sha256: 'x' },
  summary: { create: 0, update: 0, delete: 0, no_op: 0, error: 0 },
  changes,
});

describe('selectHeals', () => {
  const all = ['vpcs.u', 'vpcs.c', 'vpcs.d', 'vpcs.e', 'vpcs.n'];
  const changes = [
    change('vpcs.u', 'update', { id: 'u' }),
    change('vpcs.c', 'create', { waits_for: ['vpcs.d'] }),
    change('vpcs.d', 'delete', { id: 'd' }),
    change('vpcs.e', 'error', { diagnostics: [{ code: 'PLAN_CIDR_EXCLUDES_SUBNET', severity: 'error', summary: 'no', hint: 'widen it' }] }),
    change('vpcs.n', 'no-op', { id: 'n' }),
    change('vpcs.other', 'update', { id: 'o' }),
  ];

  it('keeps only drifting VPCs, refuses error changes, and leaves deletes (and what waits for them) without --heal-deletes', () => {
    const s = selectHeals(plan(changes), { drifting: new Set(all), healDeletes: false, blocked: () => false });
    expect(s.plan.changes.map((c) => c.address)).toEqual(['vpcs.u']);
    expect(s.plan.summary).toEqual({ create: 0, update: 1, delete: 0, no_op: 0, error: 0 });
    expect(s.refused).toEqual([{ change: changes[3], failure: { code: 'PLAN_CIDR_EXCLUDES_SUBNET', message: 'no', hint: 'widen it' } }]);
    expect(s.skipped.map((x) => [x.change.address, x.reason])).toEqual([
      ['vpcs.d', 'deletes_not_enabled'],
      ['vpcs.c', 'waits_for_skipped'],
    ]);
  });

  it('with --heal-deletes runs the delete and the create that waits for it; a VPC in back-off is left out', () => {
    const s = selectHeals(plan(changes), { drifting: new Set(all), healDeletes: true, blocked: (a) => a === 'vpcs.u' });
    expect(s.plan.changes.map((c) => c.address)).toEqual(['vpcs.c', 'vpcs.d']);
    expect(s.skipped).toEqual([]);
  });
});

describe('--metrics-addr', () => {
  it.each([
    ['127.0.0.1:9464', { host: '127.0.0.1', port: 9464 }],
    ['9464', { host: '127.0.0.1', port: 9464 }],
    [':0', { host: '127.0.0.1', port: 0 }],
    ['0.0.0.0:9464', { host: '0.0.0.0', port: 9464 }],
    ['[::1]:9464', { host: '::1', port: 9464 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
  ])('%s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });

  it.each(['', 'host', '127.0.0.1:', '127.0.0.1:99999', '::1:9464', 'a b:1', 'http://x:1'])('refuses %j', (text) => {
    expect(() => parseListenAddress(text)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
