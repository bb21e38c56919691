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
import { waitsText } from '../../src/render/plan-lines.js';

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
    expect(renderPlanText(fixture('no-op'), { color: false, width: 100 })).toContain('No changes. The live VPCs match the desired state.\n\nPlan: 0 to create, 0 to update, 0 to delete, 0 errors.');
  });
});

/** Escapes as paint() writes them, to check what is colored how. */
const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
const green = (s: string) => `\u001b[32m${s}\u001b[39m`;

describe('creates and deletes, as Terraform users read them', () => {
  it('draws a create with every attribute from nothing: values aligned, routes one a line', () => {
    const text = renderPlanText(fixture('create'), { color: false, width: 100 });
    expect(text).toContain(
      [
        '  + vpcs.app will be created',
        '      + name               = "vpc-app"',
        '      + cidr               = "10.1.0.0/16"',
        '      + description        = "made by vpcform"',
        '      + enable_shared_snat = true',
        '      + routes: 0.0.0.0/0 -> 10.1.0.5',
        '      + routes: 172.16.0.0/12 -> 10.1.0.6',
        '',
        '  + vpcs.plain will be created',
        '      + name = "vpc-plain"',
        '      + cidr = "10.2.0.0/16"',
      ].join('\n'),
    );
    expect(text.endsWith('Plan: 2 to create, 0 to update, 0 to delete, 0 errors.\n')).toBe(true);
    const colored = renderPlanText(fixture('create'), { color: true, width: 100 });
    expect(colored).toContain(`  ${green('+')} \u001b[1mvpcs.app\u001b[22m ${green('will be created')}`);
    expect(colored).toContain(`      ${green('+')} routes: 0.0.0.0/0 -> 10.1.0.5`);
  });

  it('draws a delete in red with what the VPC holds', () => {
    const text = renderPlanText(fixture('delete'), { color: false, width: 100 });
    expect(text).toContain(
      [
        '  - vpcs.old (00000001-0000-4000-8000-000000000001) will be destroyed',
        '      - name               = "vpc-old"',
        '      - cidr               = "10.9.0.0/16"',
        '      - description        = "batch jobs, retired"',
        '      - enable_shared_snat = true',
        '      - routes: 0.0.0.0/0 -> 10.9.0.5',
      ].join('\n'),
    );
    const colored = renderPlanText(fixture('delete'), { color: true, width: 100 });
    expect(colored).toContain(`  ${red('-')} \u001b[1mvpcs.old (00000001-0000-4000-8000-000000000001)\u001b[22m ${red('will be destroyed')}`);
    expect(colored).toContain(`      ${red('-')} name               = "vpc-old"`);
  });

  it('keeps file order in text, and says update in-place', () => {
    const text = renderPlanText(fixture('create-update-delete'), { color: false, width: 100 });
    const at = (s: string) => text.indexOf(s);
    expect(at('+ vpcs.app will be created')).toBeLessThan(at('~ vpcs.web (00000001-0000-4000-8000-000000000001) will be updated in-place'));
    expect(at('will be updated in-place')).toBeLessThan(at('- vpcs.old'));
    expect(text).toContain('      ~ description: "web" -> "web tier"\n      ~ routes:\n          + 0.0.0.0/0 -> 192.168.0.5\n');
    expect(text).toContain('Plan: 1 to create, 1 to update, 1 to delete, 0 errors.');
  });

  it('says what a create waits for, and why', () => {
    const line = (name: string) => {
      const plan = fixture(name);
      return plan.changes.map((c) => waitsText(c, plan)).filter((w) => w !== undefined);
    };
    expect(line('replace-by-name')).toEqual(['(waits for vpcs.old to be deleted)']);
    expect(line('create-rename-frees-name')).toEqual(['(waits for vpcs.web to be renamed)']);
    expect(line('quota-exceeded')).toEqual(['(waits for vpcs.retired to be deleted: the VPC quota is full)']);
    expect(line('create')).toEqual([]);
    expect(renderPlanText(fixture('replace-by-name'), { color: false, width: 100 })).toContain(
      '      + description = "web tier, new range"\n      (waits for vpcs.old to be deleted)\n',
    );
    const plan = fixture('replace-by-name');
    const both = { ...plan.changes[1], waits_for: ['vpcs.old', 'vpcs.other'] } as PlannedChange;
    const other: PlannedChange = { ...(plan.changes[0] as PlannedChange), address: 'vpcs.other', attributes: [{ path: 'name', before: 'x', after: null }] };
    expect(waitsText(both, { ...plan, changes: [...plan.changes, other] })).toBe('(waits for vpcs.old to be deleted; vpcs.other to be deleted: the VPC quota is full)');
  });

  it('markdown: errors, then deletes (open, flagged under the heading), then the rest in file order', () => {
    const md = renderPlanMarkdown(fixture('quota-exceeded'));
    expect(md.startsWith('### ❌ vpcform plan: 1 to create, 0 to update, 1 to delete, 1 error\n')).toBe(true);
    expect(md).toContain('> [!WARNING]\n> This plan **destroys 1 VPC**: `vpcs.retired`.');
    const at = (s: string) => md.indexOf(s);
    expect(at('<code>vpcs.batch</code>: error')).toBeLessThan(at('<code>vpcs.retired</code>'));
    expect(at('<code>vpcs.retired</code>')).toBeLessThan(at('<code>vpcs.app</code>'));
    expect(md).toContain('<details open><summary>- <code>vpcs.retired</code> (<code>00000002-0000-4000-8000-000000000002</code>): <b>will be destroyed</b></summary>');
    expect(md).toContain('```diff\n+ name = "vpc-app"\n+ cidr = "10.1.0.0/16"\n(waits for vpcs.retired to be deleted: the VPC quota is full)\n```');
    expect(md).toContain('```diff\n- name = "vpc-retired"\n- cidr = "10.9.0.0/16"\n```');
  });

  it('markdown heading: a warning mark when something is destroyed, a note when only created or updated', () => {
    expect(renderPlanMarkdown(fixture('create-update-delete')).split('\n')[0]).toBe('### ⚠️ vpcform plan: 1 to create, 1 to update, 1 to delete, 0 errors');
    expect(renderPlanMarkdown(fixture('create')).split('\n')[0]).toBe('### 📝 vpcform plan: 2 to create, 0 to update, 0 to delete, 0 errors');
    expect(renderPlanMarkdown(fixture('create'))).not.toContain('WARNING');
    expect(renderPlanMarkdown(fixture('absent-already-gone')).split('\n')[0]).toBe('### ✅ vpcform plan: 0 to create, 0 to update, 0 to delete, 0 errors');
  });

  it('markdown names at most 20 deletes under the heading and counts the rest', () => {
    const one = fixture('delete').changes[0] as PlannedChange;
    const changes = Array.from({ length: 23 }, (_, i): PlannedChange => ({ ...one, address: `vpcs.old_${i}`, id: `id-${i}` }));
    const md = renderPlanMarkdown({ ...fixture('delete'), changes, summary: summarize(changes) });
    expect(md).toContain('This plan **destroys 23 VPCs**: `vpcs.old_0`,');
    expect(md).toContain('`vpcs.old_19`, and 3 more.');
    expect(md).not.toContain('`vpcs.old_20`,');
  });
});
