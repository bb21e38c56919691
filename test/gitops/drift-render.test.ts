import { describe, expect, it } from 'vitest';
import { driftExitCode, type DriftReport } from '../../src/drift/types.js';
import { renderDriftMarkdown } from '../../src/render/drift-markdown.js';
import { renderDriftText } from '../../src/render/drift-text.js';
import { paint, stripAnsi } from '../../src/render/paint.js';

const report: DriftReport = {
  format_version: 1,
  tool: { name: 'vpcform', version: '0.0.0' },
  checked_at: '2026-01-02T03:04:05.000Z',
  all_fields: true,
  summary: { vpcs: 4, in_sync: 1, drifted: 1, missing: 1, unwanted: 0, error: 1 },
  files: [
    {
      path: 'vpcs.yaml',
      sha256: 'abc',
      target: { endpoint: 'https://vpc.eu-de.otc.t-systems.com', project_id: 'p1' },
      vpcs: [
        { address: 'vpcs.ok', id: 'i1', status: 'in_sync', fields: [] },
        {
          address: 'vpcs.web',
          id: 'i2',
          status: 'drifted',
          fields: [
            { path: 'name', live: 'a|b', desired: 'web', managed: true, location: { file: 'vpcs.yaml', line: 7, col: 11 } },
            { path: 'routes', live: [{ destination: '0.0.0.0/0', nexthop: '10.0.0.1' }], desired: null, managed: false },
          ],
        },
        { address: 'vpcs.gone', id: 'i3', status: 'missing', fields: [], message: 'no VPC with id i3 exists (git says it should)' },
        { address: 'vpcs.twin', status: 'error', fields: [], message: '2 VPCs are named "twin"' },
      ],
    },
  ],
};

describe('drift renderers', () => {
  it('text: one line per VPC, "live has X, git says Y" per field, a verdict', () => {
    expect(renderDriftText(report, paint(false))).toBe(
      [
        'vpcs.yaml -> https://vpc.eu-de.otc.t-systems.com (project p1)',
        '  = vpcs.ok (i1) in sync',
        '  ~ vpcs.web (i2) drifted',
        '      name: live has "a|b", git says "web"  (vpcs.yaml:7:11)',
        '      routes: live has 0.0.0.0/0 -> 10.0.0.1, git does not manage it',
        '  - vpcs.gone (i3) missing: no VPC with id i3 exists (git says it should)',
        '  ! vpcs.twin cannot check: 2 VPCs are named "twin"',
        '',
        'Drift check incomplete. 4 VPC(s): 1 in sync, 1 drifted, 1 missing, 1 cannot be checked.',
        '',
      ].join('\n'),
    );
    const colored = renderDriftText(report, paint(true));
    expect(colored).not.toBe(stripAnsi(colored));
    expect(stripAnsi(colored)).toBe(renderDriftText(report, paint(false)));
  });

  it('markdown: a table row per field, pipes escaped, nothing for in-sync VPCs', () => {
    const md = renderDriftMarkdown(report);
    expect(md).toContain('## ❌ vpcform drift: check incomplete');
    expect(md).toContain('| `vpcs.web` (`i2`) | `name` | `"a\\|b"` | `"web"` |');
    expect(md).toContain('| `vpcs.web` (`i2`) | `routes` | `0.0.0.0/0 -> 10.0.0.1` | _not managed_ |');
    expect(md).toContain('| `vpcs.gone` (`i3`) | — | **missing** |');
    expect(md).not.toContain('vpcs.ok');
  });

  it('markdown: a live value with backticks stays one code span (a console edit cannot inject a link)', () => {
    const hostile = structuredClone(report);
    const web = hostile.files[0]?.vpcs[1];
    if (web === undefined) throw new Error('fixture changed');
    web.fields = [{ path: 'description', live: 'x` [click](https://evil.example) `y', desired: 'web', managed: true }];
    expect(renderDriftMarkdown(hostile)).toContain('| `vpcs.web` (`i2`) | `description` | ``"x` [click](https://evil.example) `y"`` | `"web"` |');
  });

  it('exit code: error wins, then drift, else 0', () => {
    expect(driftExitCode(report.summary)).toBe(1);
    expect(driftExitCode({ vpcs: 2, in_sync: 1, drifted: 0, missing: 1, unwanted: 0, error: 0 })).toBe(2);
    expect(driftExitCode({ vpcs: 2, in_sync: 2, drifted: 0, missing: 0, unwanted: 0, error: 0 })).toBe(0);
  });
});

describe('drift markdown under the comment size limit', () => {
  const many = (n: number): DriftReport => ({
    ...report,
    summary: { vpcs: n, in_sync: 0, drifted: n, missing: 0, unwanted: 0, error: 0 },
    files: [
      {
        ...report.files[0]!,
        vpcs: Array.from({ length: n }, (_, i) => ({
          address: `vpcs.v${i}`,
          id: `id-${i}`,
          status: 'drifted' as const,
          fields: [{ path: 'description', live: `edited in the console ${'x'.repeat(60)} ${i}`, desired: 'managed', managed: true }],
        })),
      },
    ],
  });

  it('a report that fits is whole', () => {
    const md = renderDriftMarkdown(many(3));
    expect(md).toContain('`vpcs.v2`');
    expect(md).not.toContain('not shown');
  });

  it('a large report stays under 65,535 characters, says how many rows are left out, and keeps the way out', () => {
    const md = renderDriftMarkdown(many(3000));
    expect(md.length).toBeLessThanOrEqual(65_535);
    const shown = md.split('\n').filter((l) => l.startsWith('| `vpcs.v')).length;
    expect(shown).toBeGreaterThan(100);
    expect(md).toContain(`_${3000 - shown} more row(s) not shown`);
    expect(md).toContain('vpcform drift --json');
    expect(md.trimEnd().split('\n').at(-1)).toMatch(/^To heal:/);
  });

  it('honours a smaller limit', () => {
    const md = renderDriftMarkdown(many(50), { maxChars: 2000 });
    expect(md.length).toBeLessThanOrEqual(2000);
    expect(md).toContain('more row(s) not shown');
  });
});
