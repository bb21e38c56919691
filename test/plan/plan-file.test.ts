import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePlan, serializePlan } from '../../src/plan/plan-file.js';
import { summarize } from '../../src/plan/build-plan.js';
import type { Plan, PlannedChange } from '../../src/plan/types.js';
import { VpcformError } from '../../src/errors/index.js';
import { planArbitrary as plan } from './helpers/plan-arbitraries.js';

function refusal(text: string): VpcformError {
  try {
    parsePlan(text, 'plan.json');
  } catch (err) {
    if (err instanceof VpcformError) return err;
    throw err;
  }
  throw new Error('parsePlan accepted it');
}

describe('plan file', () => {
  it('parse(serialize(plan)) equals plan (property)', () => {
    fc.assert(
      fc.property(plan, (p) => {
        expect(parsePlan(serializePlan(p), 'plan.json')).toEqual(p);
      }),
      { numRuns: 200 },
    );
  });

  const sample = (): Plan => fc.sample(plan.filter((p) => p.changes.length > 0), { numRuns: 1, seed: 7 })[0] as Plan;

  it('refuses text that is not JSON, naming the file', () => {
    const err = refusal(serializePlan(sample()).slice(0, 40));
    expect(err.code).toBe('PLAN_CORRUPT');
    expect(err.summary).toContain('plan.json');
    expect(err.hint).toBeDefined();
  });

  it('refuses an unknown format_version before anything else', () => {
    const newer = { ...sample(), format_version: 3, something_new: true };
    const err = refusal(JSON.stringify(newer));
    expect(err.code).toBe('PLAN_FORMAT_VERSION');
    expect(err.summary).toContain('format_version 3');
    expect(err.hint).toContain('newer vpcform');
    expect(refusal(JSON.stringify({ ...sample(), format_version: 0 })).hint).toContain('again with this version');
    expect(refusal('{"format_version": "1"}').code).toBe('PLAN_FORMAT_VERSION');
    expect(refusal('{"changes": []}').code).toBe('PLAN_CORRUPT');
  });

  it('refuses a plan that does not match the schema', () => {
    const p = sample();
    const broken = { ...p, changes: [{ ...p.changes[0], action: 'destroy' }] };
    const err = refusal(JSON.stringify(broken));
    expect(err.code).toBe('PLAN_CORRUPT');
    expect(err.detail).toContain('/changes/0');
    expect(refusal('[]').code).toBe('PLAN_CORRUPT');
  });

  it('refuses an update without a request, and a request without name or cidr', () => {
    const base = sample();
    const update: PlannedChange = { address: 'vpcs.a', id: 'x', action: 'update', attributes: [], diagnostics: [], live_fingerprint: `sha256:${'0'.repeat(64)}` };
    const noRequest = { ...base, changes: [update], summary: summarize([update]) };
    expect(refusal(JSON.stringify(noRequest)).code).toBe('PLAN_CORRUPT');
    const noAnchor = { ...noRequest, changes: [{ ...update, request: { vpc: { description: 'x' } } }] };
    expect(refusal(JSON.stringify(noAnchor)).code).toBe('PLAN_CORRUPT');
  });

  it('refuses a repeated address, and two changes of one VPC (updates or deletes)', () => {
    const update: PlannedChange = {
      address: 'vpcs.a',
      id: 'x',
      action: 'update',
      attributes: [{ path: 'description', before: '', after: 'a' }],
      request: { vpc: { description: 'a', name: 'web' } },
      live_fingerprint: `sha256:${'0'.repeat(64)}`,
      diagnostics: [],
    };
    const withChanges = (changes: PlannedChange[]): string => JSON.stringify({ ...sample(), changes, summary: summarize(changes) });
    const sameAddress = refusal(withChanges([update, { ...update, id: 'y' }]));
    expect(sameAddress.code).toBe('PLAN_CORRUPT');
    expect(sameAddress.detail).toContain('vpcs.a appears more than once');
    const sameVpc = refusal(withChanges([update, { ...update, address: 'vpcs.b' }]));
    expect(sameVpc.code).toBe('PLAN_CORRUPT');
    expect(sameVpc.detail).toContain('vpcs.b: VPC x is updated by more than one change (vpcs.a updated it too)');
    const del: PlannedChange = { address: 'vpcs.c', id: 'x', action: 'delete', attributes: [], live_fingerprint: update.live_fingerprint as string, diagnostics: [] };
    expect(refusal(withChanges([update, del])).detail).toContain('vpcs.c: VPC x is deleted by more than one change (vpcs.a updated it too)');
    expect(refusal(withChanges([del, { ...del, address: 'vpcs.d' }])).detail).toContain('vpcs.d: VPC x is deleted by more than one change (vpcs.c deleted it too)');
    const noop: PlannedChange = { address: 'vpcs.b', id: 'x', action: 'no-op', attributes: [], live_fingerprint: update.live_fingerprint as string, diagnostics: [] };
    expect(parsePlan(withChanges([update, noop]), 'plan.json').changes).toHaveLength(2);
  });

  it('refuses a summary that does not match the changes, creates and deletes included', () => {
    const p = sample();
    for (const key of ['create', 'update', 'delete', 'no_op', 'error'] as const) {
      const err = refusal(JSON.stringify({ ...p, summary: { ...p.summary, [key]: p.summary[key] + 1 } }));
      expect(err.code, key).toBe('PLAN_CORRUPT');
      expect(err.detail, key).toContain('summary');
    }
  });
});
