import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/plan-file.js';
import type { Plan } from '../../src/plan/types.js';

// A saved plan's tag calls are checked against its tags.* attributes, as PUT and POST bodies are.
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/plan/${name}/plan.json`, import.meta.url)), 'utf8');

function edited(name: string, edit: (plan: Plan) => void): string {
  const plan = JSON.parse(fixture(name)) as Plan;
  edit(plan);
  return JSON.stringify(plan);
}

function refusal(text: string): string {
  try {
    parsePlan(text, 'plan.json');
  } catch (err) {
    return `${(err as { code?: string }).code}: ${(err as { detail?: string }).detail ?? ''}`;
  }
  return 'accepted';
}

describe('saved plans with tags', () => {
  it('accepts the plan as made', () => {
    expect(refusal(fixture('tags-per-key'))).toBe('accepted');
    expect(refusal(fixture('create-with-tags'))).toBe('accepted');
  });

  it('refuses a tag call that the attributes do not show', () => {
    const removesKept = edited('tags-per-key', (p) => {
      p.changes[0]?.tags_requests?.[0]?.tags.push({ key: 'keep', value: 'yes' });
    });
    expect(refusal(removesKept)).toMatch(/^PLAN_CORRUPT: .*tags_requests/);
    const reordered = edited('tags-per-key', (p) => {
      p.changes[0]?.tags_requests?.reverse();
    });
    expect(refusal(reordered)).toMatch(/^PLAN_CORRUPT: .*tags_requests/);
    const dropped = edited('create-with-tags', (p) => {
      delete p.changes[0]?.tags_requests;
    });
    expect(refusal(dropped)).toMatch(/^PLAN_CORRUPT: .*tags_requests/);
  });

  it('refuses an update that sends nothing, and tag values that are not strings', () => {
    const nothing = edited('tags-per-key', (p) => {
      delete p.changes[0]?.tags_requests;
    });
    expect(refusal(nothing)).toMatch(/^PLAN_CORRUPT/);
    const numeric = edited('tags-per-key', (p) => {
      const attr = p.changes[0]?.attributes[0];
      if (attr) attr.after = 5;
    });
    expect(refusal(numeric)).toMatch(/^PLAN_CORRUPT/);
  });
});
