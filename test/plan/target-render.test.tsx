import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { parsePlan, serializePlan } from '../../src/plan/plan-file.js';
import type { Plan } from '../../src/plan/types.js';
import { PlanView } from '../../src/render/plan-view.js';
import { stripAnsi } from '../../src/render/paint.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { appliedWithTargetsNote } from '../../src/render/plan-lines.js';

/** The targeting warning in the three plan renderers, from the plan alone (what `show` reads). */
const fixture = (name: string, targets?: string[]): Plan => {
  const plan = parsePlan(readFileSync(fileURLToPath(new URL(`../fixtures/plan/${name}/plan.json`, import.meta.url)), 'utf8'), 'plan.json');
  const { summary, changes, ...head } = plan;
  // Through the file format: a targeted plan must read back as it was written.
  return parsePlan(serializePlan(targets === undefined ? plan : { ...head, targets, summary, changes }), 'plan.json');
};

const inkFrame = (plan: Plan): string => {
  const view = render(<PlanView plan={plan} width={200} />);
  const out = stripAnsi(view.lastFrame() ?? '');
  view.unmount();
  return out;
};

describe('the targeting warning', () => {
  it('names the targets and, for each entry added, why (a target waits for it)', () => {
    const text = renderPlanText(fixture('replace-by-name', ['vpcs.new']), { color: false, width: 200 });
    expect(text).toContain(
      [
        'Warning: targeting is in effect',
        '  This plan covers only the targeted VPC: vpcs.new.',
        '  Added because a target depends on it: vpcs.old (vpcs.new waits for it).',
        '  The other VPCs of desired.yaml were left out, so this plan may not show every change the file asks for.',
        '  --target is for exceptions (an urgent fix, recovering from an error): plan without it to see what else is pending.',
        '',
        '  - vpcs.old (00000001-0000-4000-8000-000000000001) will be destroyed',
      ].join('\n'),
    );
  });

  it('says "the same VPC" for an entry resolving to a target\'s VPC', () => {
    const plan = fixture('managed-twice', ['vpcs.a']);
    expect(renderPlanText(plan, { color: false, width: 200 })).toContain('Added because a target depends on it: vpcs.b (the same VPC as vpcs.a).');
  });

  it('ink draws the same lines as the text; markdown a warning block with code spans', () => {
    const plan = fixture('replace-by-name', ['vpcs.new']);
    // The test terminal is 100 columns wide and ink wraps long lines; compare the words.
    const words = (text: string) => text.replace(/\s+/g, ' ').trim();
    expect(words(inkFrame(plan))).toBe(words(renderPlanText(plan, { color: false, width: 200 })));
    expect(renderPlanMarkdown(plan)).toContain(
      '> [!WARNING]\n> **Targeting is in effect.** This plan covers only the targeted VPC: `vpcs.new`. Added because a target depends on it: `vpcs.old` (vpcs.new waits for it). The other VPCs of `desired.yaml` were left out',
    );
    expect(appliedWithTargetsNote(plan)).toBe(
      'Warning: applied changes may be incomplete: the plan for desired.yaml was made with --target (vpcs.new), so other changes the file asks for may be pending. Run `vpcform plan -f desired.yaml` to see them.',
    );
  });

  it('is absent from a plan of the whole file', () => {
    const plan = fixture('replace-by-name');
    expect(renderPlanText(plan, { color: false, width: 200 })).not.toContain('targeting');
    expect(renderPlanMarkdown(plan)).not.toContain('Targeting');
    expect(inkFrame(plan)).not.toContain('targeting');
    expect(appliedWithTargetsNote(plan)).toBeUndefined();
  });
});
