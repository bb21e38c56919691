import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDesired } from '../../src/config/index.js';
import { refresh } from '../../src/refresh/refresh.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { parsePlan, serializePlan } from '../../src/plan/plan-file.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { MemoryCloud, type LiveFixture } from './helpers/memory-cloud.js';

/**
 * One loop over test/fixtures/plan/<case>/: desired.yaml + live.json -> refresh (in memory) ->
 * buildPlan -> plan.json, plan.txt, plan.md. `UPDATE_GOLDEN=1` rewrites the expected files; review
 * the diff before committing it. A case may hold `calls.json`: the most calls refresh may make.
 */
const ROOT = fileURLToPath(new URL('../fixtures/plan/', import.meta.url));
const NOW = new Date('2025-01-02T03:04:05.000Z');
const update = process.env['UPDATE_GOLDEN'] === '1';

function golden(path: string, actual: string): void {
  // A new case writes its golden on a developer's machine (review it!); in CI a missing one fails.
  if (update || (!existsSync(path) && !process.env['CI'])) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('plan golden files', () => {
  const cases = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = join(ROOT, name);
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
      if (existsSync(budget)) {
        const max = JSON.parse(readFileSync(budget, 'utf8')) as Partial<typeof cloud.calls>;
        for (const [call, most] of Object.entries(max)) expect(cloud.calls[call as keyof typeof cloud.calls], call).toBeLessThanOrEqual(most);
      }
    });
  }
});
