import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { DriftReport } from '../../src/drift/types.js';
import { runCli } from '../helpers/cli.js';

const SEED = new URL('../../examples/emulator-seed.yaml', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/vpcs.yaml', import.meta.url).pathname;
const PROJECT = '0123456789abcdef0123456789abcdef';

let emu: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: SEED, updateDelayMs: 50 });
  dir = await mkdtemp(join(tmpdir(), 'vpcform-drift-'));
});

afterAll(async () => {
  await emu?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const drift = (args: string[], env: Record<string, string> = {}) => runCli(['drift', ...args], { cwd: dir, env: { VPCFORM_ENDPOINT: emu.url, ...env } });

async function desiredFile(name: string, vpcs: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `version: 1\ntarget: { cloud: otc, region: eu-de, project_id: ${PROJECT} }\nvpcs:\n${vpcs}`);
  return file;
}

describe('vpcform drift against the emulator', () => {
  it('exits 2 on the example file and says, per field, what live has and what git says', async () => {
    const r = await drift(['-f', EXAMPLE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('vpcs.web');
    expect(r.stdout).toContain('description: live has "web", git says "web tier"');
    expect(r.stdout).toContain('routes: live has no routes, git says 0.0.0.0/0 -> 192.168.0.5');
    expect(r.stdout).toContain('enable_shared_snat: live has true, git says false');
    expect(r.stdout).toContain('cidr: live has "172.16.0.0/16", git says "172.16.0.0/12"');
    expect(r.stdout).toMatch(/vpcs\.yaml:\d+:\d+/);
    expect(r.stdout).toContain('Drift detected.');
    // The example also declares a VPC to create and marks one to delete: both are drift until apply.
    expect(r.stdout).toContain('- vpcs.analytics missing: no VPC named "vpc-analytics" exists (git declares it: apply would create it)');
    expect(r.stdout).toContain('+ vpcs.legacy (a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d) should be absent: VPC "vpc-legacy" (10.20.0.0/16) exists');
    expect(r.stdout).toContain('5 VPC(s): 0 in sync, 3 drifted, 1 missing, 1 should be absent');
    // Drift only reads.
    expect(emu.stats().routes['PUT /v1/{project_id}/vpcs/{vpc_id}'] ?? 0).toBe(0);
  });

  it('--json prints the report as data, with every differing field', async () => {
    const r = await drift(['-f', EXAMPLE, '--json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as DriftReport;
    expect(report.format_version).toBe(1);
    expect(report.summary).toEqual({ vpcs: 5, in_sync: 0, drifted: 3, missing: 1, unwanted: 1, error: 0 });
    const file = report.files[0];
    expect(file?.target).toEqual({ endpoint: emu.url, project_id: PROJECT });
    const web = file?.vpcs.find((v) => v.address === 'vpcs.web');
    expect(web?.fields.map((f) => f.path)).toEqual(['description', 'routes']);
    expect(web?.fields[0]).toMatchObject({ live: 'web', desired: 'web tier', managed: true });
    expect(web?.id).toBe('99d9d709-8478-4b46-9f3f-2206b1023fd3');
    expect(file?.vpcs.find((v) => v.address === 'vpcs.legacy')).toMatchObject({ status: 'unwanted', id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', fields: [] });
    expect(file?.vpcs.find((v) => v.address === 'vpcs.analytics')).toMatchObject({ status: 'missing', fields: [] });
  });

  it('--markdown prints a table and appends it to GITHUB_STEP_SUMMARY', async () => {
    const summary = join(dir, 'step-summary.md');
    await writeFile(summary, '# earlier step\n');
    const r = await drift(['-f', EXAMPLE, '--markdown'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('## ⚠️ vpcform drift: drift detected');
    expect(r.stdout).toContain('| VPC | field | live has | git says |');
    expect(r.stdout).toContain('| `vpcs.db` (`3b5a8a5e-6d1c-4f7e-9a2b-1c2d3e4f5a6b`) | `enable_shared_snat` | `true` | `false` |');
    const written = await readFile(summary, 'utf8');
    expect(written.startsWith('# earlier step\n')).toBe(true);
    expect(written).toContain(r.stdout);
  });

  it('exits 0 when live matches the file, and leaves unmanaged fields alone unless --all-fields', async () => {
    const file = await desiredFile('in-sync.yaml', '  web:\n    id: 99d9d709-8478-4b46-9f3f-2206b1023fd3\n    name: vpc-web\n');
    const r = await drift([file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('= vpcs.web');
    expect(r.stdout).toContain('No drift.');

    const strict = await drift(['-f', file, '--all-fields', '--json']);
    expect(strict.code).toBe(2);
    const report = JSON.parse(strict.stdout) as DriftReport;
    expect(report.all_fields).toBe(true);
    const fields = report.files[0]?.vpcs[0]?.fields ?? [];
    expect(fields.map((f) => [f.path, f.managed])).toEqual([
      ['cidr', false],
      ['description', false],
    ]);
    expect(fields[1]).toMatchObject({ live: 'web', desired: null });
  });

  it('reports a desired VPC that no longer exists as drift', async () => {
    const file = await desiredFile(
      'missing.yaml',
      '  gone:\n    id: 00000000-0000-4000-8000-000000000000\n    name: vpc-gone\n  byname:\n    name: vpc-never-made\n',
    );
    const r = await drift(['-f', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('- vpcs.gone (00000000-0000-4000-8000-000000000000) missing: no VPC with id 00000000-0000-4000-8000-000000000000 exists (git says it should)');
    expect(r.stdout).toContain('- vpcs.byname missing: no VPC named "vpc-never-made" exists (git declares it: apply would create it)');
  });

  it('exits 1 on errors: an invalid file, no credentials for a real cloud, a usage mistake', async () => {
    const broken = await desiredFile('broken.yaml', '  web:\n    cidr: 999.0.0.0/8\n');
    const invalid = await drift(['-f', broken]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('CONFIG_INVALID');

    const noCreds = await runCli(['drift', '-f', EXAMPLE], { cwd: dir, env: {} });
    expect(noCreds.code).toBe(1);
    expect(noCreds.stderr).toContain('CLOUD_AUTH_MISSING');

    const noFile = await drift([]);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain('-f FILE');

    const jsonError = await drift(['-f', broken, '--json']);
    expect(jsonError.code).toBe(1);
    expect(JSON.parse(jsonError.stdout)).toMatchObject({ error: { code: 'CONFIG_INVALID' } });
  });
});
