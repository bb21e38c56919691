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
    for (const name of ['update-each-field', 'busy-vpc', 'mixed', 'nexthop-outside-subnets']) {
      const plan = fixture(name);
      const ink = frame(<PlanView plan={plan} width={200} />);
      const text = renderPlanText(plan, { color: false, width: 200 });
      // The test terminal is 100 columns wide and ink wraps long diagnostics; compare the words.
      const words = (s: string) => s.replace(/\s+/g, ' ').trim();
      expect(words(ink)).toBe(words(text));
    }
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
    expect(all).toContain('Plan: 2 to update, 5 unchanged, 1 error.');
    expect(stripAnsi(view.lastFrame() ?? '')).not.toContain('Reading VPCs');
    view.unmount();
  });
});
