import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDesired } from '../../src/config/index.js';
import { refresh } from '../../src/refresh/refresh.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { parsePlan, serializePlan } from '../../src/plan/plan-file.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { expectGolden, goldenCases } from '../helpers/golden.js';
import { MemoryCloud, type LiveFixture } from './helpers/memory-cloud.js';

/**
 * One loop over test/fixtures/plan/<case>/: desired.yaml + live.json -> refresh (in memory) ->
 * buildPlan -> plan.json, plan.txt, plan.md. `UPDATE_GOLDEN=1` rewrites the expected files; review
 * the diff before committing it. A case may hold `calls.json`: the most calls refresh may make —
 * except `getVpcQuota`, which is exact in every case (0 when not listed): a plan that creates reads
 * the quota once, any other plan never.
 */
const ROOT = fileURLToPath(new URL('../fixtures/plan/', import.meta.url));
const NOW = new Date('2025-01-02T03:04:05.000Z');

/** Only `UPDATE_GOLDEN=1` writes; a missing golden fails (test/helpers/golden.ts). */
function golden(path: string, actual: string): void {
  expectGolden(path, actual);
}

describe('plan golden files', () => {
  // A folder without desired.yaml and live.json fails its test instead of being skipped.
  const cases = goldenCases(ROOT, (files) => (files.includes('desired.yaml') && files.includes('live.json') ? 'desired.yaml' : undefined));

  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const fixture of cases) {
    it(fixture.name, async () => {
      const { dir } = fixture.input();
      const parsed = parseDesired(readFileSync(join(dir, 'desired.yaml')), 'desired.yaml');
      expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const state = parsed.state;
      if (state === undefined) throw new Error('no state');
      const cloud = new MemoryCloud(JSON.parse(readFileSync(join(dir, 'live.json'), 'utf8')) as LiveFixture);
      const refreshed = await refresh(cloud, state);
      const plan = buildPlan({ state, refreshed, endpoint: cloud.endpoint, projectId: cloud.projectId, now: NOW, toolVersion: '0.0.0-test' });

      const json = serializePlan(plan);
      expect(parsePlan(json, 'plan.json')).toEqual(plan);
      golden(join(dir, 'plan.json'), json);
      golden(join(dir, 'plan.txt'), renderPlanText(plan, { color: false, width: 100 }));
      golden(join(dir, 'plan.md'), renderPlanMarkdown(plan));
      const budget = join(dir, 'calls.json');
      const max = existsSync(budget) ? (JSON.parse(readFileSync(budget, 'utf8')) as Partial<typeof cloud.calls>) : {};
      for (const [call, most] of Object.entries(max)) expect(cloud.calls[call as keyof typeof cloud.calls], call).toBeLessThanOrEqual(most);
      expect(cloud.calls.getVpcQuota, 'getVpcQuota').toBe(max.getVpcQuota ?? 0);
    });
  }
});
