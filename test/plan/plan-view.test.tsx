import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/plan-file.js';
import type { Plan } from '../../src/plan/types.js';
import { PlanScreen, PlanView } from '../../src/render/plan-view.js';
import { SPINNER_FRAMES } from '../../src/render/spinner.js';
import { stripAnsi } from '../../src/render/paint.js';
import { renderPlanText } from '../../src/render/plan-text.js';

const fixture = (name: string): Plan =>
  parsePlan(readFileSync(fileURLToPath(new URL(`../fixtures/plan/${name}/plan.json`, import.meta.url)), 'utf8'), 'plan.json');

const frame = (node: React.ReactElement): string => {
  const view = render(node);
  const out = stripAnsi(view.lastFrame() ?? '');
  view.unmount();
  return out;
};

describe('PlanView (ink)', () => {
  it('draws the same blocks as the text renderer on a wide terminal', () => {
    for (const name of ['update-each-field', 'busy-vpc', 'mixed', 'nexthop-outside-subnets', 'quota-exceeded', 'delete-has-subnets', 'create-needs-cidr']) {
      const plan = fixture(name);
      const ink = frame(<PlanView plan={plan} width={200} />);
      const text = renderPlanText(plan, { color: false, width: 200 });
      // The test terminal is 100 columns wide and ink wraps long diagnostics; compare the words.
      const words = (s: string) => s.replace(/\s+/g, ' ').trim();
      expect(words(ink)).toBe(words(text));
    }
  });

  it('draws creates, deletes and what a create waits for exactly as the text renderer does', () => {
    for (const name of ['create', 'delete', 'create-update-delete', 'replace-by-name', 'create-rename-frees-name', 'absent-already-gone']) {
      const plan = fixture(name);
      expect(frame(<PlanView plan={plan} width={100} />), name).toBe(renderPlanText(plan, { color: false, width: 100 }).trimEnd());
    }
    const ink = frame(<PlanView plan={fixture('replace-by-name')} width={100} />);
    expect(ink).toContain('  - vpcs.old (00000001-0000-4000-8000-000000000001) will be destroyed\n      - name        = "vpc-web"');
    expect(ink).toContain('  + vpcs.new will be created\n      + name        = "vpc-web"');
    expect(ink).toContain('      (waits for vpcs.old to be deleted)\n');
    expect(ink).toContain('Plan: 1 to create, 0 to update, 1 to delete, 0 errors.');
  });

  it('puts before and after on their own lines on a narrow terminal', () => {
    const ink = frame(<PlanView plan={fixture('update-each-field')} width={40} />);
    expect(ink).toContain('~ description:\n');
    expect(ink).toMatch(/-> "web tier, now\s*\n?\s*documented"|-> "web tier, now documented"/);
  });

  it('shows a spinner while refreshing, then the finished plans', () => {
    const plan = fixture('mixed');
    const view = render(<PlanScreen state={{ phase: 'refreshing', label: 'Reading VPCs…', done: [] }} width={100} />);
    const first = stripAnsi(view.lastFrame() ?? '');
    expect(SPINNER_FRAMES.some((f) => first.startsWith(`${f} Reading VPCs…`))).toBe(true);
    view.rerender(<PlanScreen state={{ phase: 'finished', done: [plan] }} width={100} />);
    const all = stripAnsi(view.frames.join('\n'));
    expect(all).toContain('Plan: 0 to create, 2 to update, 0 to delete, 1 error.');
    expect(stripAnsi(view.lastFrame() ?? '')).not.toContain('Reading VPCs');
    view.unmount();
  });
});
