import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/plan-file.js';
import { summarize } from '../../src/plan/build-plan.js';
import type { Plan, PlannedChange } from '../../src/plan/types.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { codeBlock, inlineCode } from '../../src/render/markdown.js';
import { stripAnsi } from '../../src/render/paint.js';

const fixture = (name: string): Plan =>
  parsePlan(readFileSync(fileURLToPath(new URL(`../fixtures/plan/${name}/plan.json`, import.meta.url)), 'utf8'), 'plan.json');

function bigPlan(count: number): Plan {
  const changes: PlannedChange[] = Array.from({ length: count }, (_, i) => ({
    address: `vpcs.vpc_${i}`,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    action: 'update',
    attributes: [{ path: 'description', before: 'x'.repeat(200), after: 'y'.repeat(200) }],
    request: { vpc: { description: 'y'.repeat(200), name: `vpc-${i}` } },
    live_fingerprint: `sha256:${'0'.repeat(64)}`,
    diagnostics: [],
  }));
  changes.push({ address: 'vpcs.last_but_broken', action: 'error', attributes: [], diagnostics: [{ code: 'PLAN_VPC_NOT_FOUND', severity: 'error', summary: 'gone' }] });
  return { ...fixture('mixed'), changes, summary: summarize(changes) };
}

describe('renderPlanMarkdown', () => {
  it('stays under the limit, drops whole sections, says how many, and shows errors first', () => {
    const plan = bigPlan(2000);
    const md = renderPlanMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(65_535);
    expect(md).toMatch(/> \*\*Note:\*\* \d+ more VPCs are not shown/);
    expect(md.indexOf('vpcs.last_but_broken')).toBeLessThan(md.indexOf('vpcs.vpc_0'));
    expect(md.match(/<details/g)?.length).toBe(md.match(/<\/details>/g)?.length);
    const shown = md.match(/<details/g)?.length ?? 0;
    expect(md).toContain(`${plan.changes.length - shown} more VPCs`);
  });

  it('honours a small maxChars and needs no note when everything fits', () => {
    const plan = bigPlan(3);
    expect(renderPlanMarkdown(plan)).not.toContain('Note:');
    const small = renderPlanMarkdown(plan, { maxChars: 1200 });
    expect(small.length).toBeLessThanOrEqual(1200);
    expect(small).toContain('more VPCs are not shown');
  });

  it('fences code so backticks inside cannot close it', () => {
    expect(codeBlock('text', ['a ``` b'])).toBe('````text\na ``` b\n````');
    expect(inlineCode('a`b')).toBe('``a`b``');
  });
});

describe('renderPlanText', () => {
  it('breaks long before/after lines on narrow terminals', () => {
    const plan = bigPlan(1);
    const narrow = renderPlanText(plan, { color: false, width: 60 });
    expect(narrow).toContain(`      ~ description:\n          "${'x'.repeat(200)}"\n       -> "${'y'.repeat(200)}"`);
    const wide = renderPlanText(plan, { color: false, width: 1000 });
    expect(wide).toContain(`~ description: "${'x'.repeat(200)}" -> "${'y'.repeat(200)}"`);
  });

  it('colors only with color on, and the text is the same once unstyled', () => {
    const plan = fixture('busy-vpc');
    const colored = renderPlanText(plan, { color: true, width: 100 });
    expect(colored).toContain('\u001b[');
    expect(stripAnsi(colored)).toBe(renderPlanText(plan, { color: false, width: 100 }));
  });

  it('says so when nothing changes', () => {
    expect(renderPlanText(fixture('no-op'), { color: false, width: 100 })).toContain('No changes. The live VPCs match the desired state.\n\nPlan: 0 to update, 2 unchanged, 0 errors.');
  });
});
