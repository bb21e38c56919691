import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { parseDesired } from '../../src/config/index.js';
import { runCli } from '../helpers/cli.js';

const SEED = new URL('../../examples/emulator-seed.yaml', import.meta.url).pathname;

let emu: RunningEmulator;
let dir: string;
let target: string[];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: SEED, updateDelayMs: 50 });
  dir = await mkdtemp(join(tmpdir(), 'vpcform-import-'));
  target = ['--endpoint', emu.url, '--region', 'eu-de', '--project-id', emu.projectId];
});

afterAll(async () => {
  await emu?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('vpcform import', () => {
  it('writes every live VPC to stdout as a valid desired-state file', async () => {
    const r = await runCli(['import', ...target], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schemas\/vpcform\.schema\.json$/);
    const doc = parse(r.stdout) as { target: unknown; vpcs: Record<string, { id: string; name: string }> };
    expect(doc.target).toEqual({ cloud: 'otc', region: 'eu-de', project_id: emu.projectId, endpoint: emu.url });
    expect(Object.keys(doc.vpcs).sort()).toEqual(['vpc_batch', 'vpc_db', 'vpc_legacy', 'vpc_sandbox', 'vpc_web']);
    expect(doc.vpcs['vpc_web']).toMatchObject({ id: '99d9d709-8478-4b46-9f3f-2206b1023fd3', name: 'vpc-web', cidr: '192.168.0.0/16' });
    const loaded = parseDesired(r.stdout, 'imported.yaml');
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.state?.vpcs).toHaveLength(5);
  });

  it('imports only the selected VPCs, and fails on a selector that matches nothing', async () => {
    const picked = await runCli(['import', ...target, '--id', '99d9d709-8478-4b46-9f3f-2206b1023fd3', '--name', 'vpc-db'], { cwd: dir });
    expect(picked.code).toBe(0);
    expect(Object.keys((parse(picked.stdout) as { vpcs: object }).vpcs)).toEqual(['vpc_web', 'vpc_db']);

    const missing = await runCli(['import', ...target, '--name', 'vpc-nope'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('IMPORT_NOT_FOUND');
    expect(missing.stderr).toContain('vpc-nope');
  });

  it('writes -o FILE, refuses to overwrite it without --force, and overwrites with it', async () => {
    const file = join(dir, 'out.yaml');
    const first = await runCli(['import', ...target, '-o', file], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain('Imported 5 VPC(s)');
    const written = await readFile(file, 'utf8');
    expect(written).toContain('vpc_legacy:');

    await writeFile(file, 'keep me\n');
    const refused = await runCli(['import', ...target, '-o', file], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists');
    expect(refused.stderr).toContain('--force');
    expect(await readFile(file, 'utf8')).toBe('keep me\n');

    const forced = await runCli(['import', ...target, '-o', 'out.yaml', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(written);
  });

  it('--json lists what was imported (and carries the YAML when there is no -o)', async () => {
    const r = await runCli(['import', ...target, '--name', 'vpc-db', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { file: null; yaml: string; vpcs: unknown[] };
    expect(out.file).toBeNull();
    expect(out.vpcs).toEqual([{ address: 'vpcs.vpc_db', id: '3b5a8a5e-6d1c-4f7e-9a2b-1c2d3e4f5a6b', name: 'vpc-db' }]);
    expect(parseDesired(out.yaml, 'x.yaml').state?.vpcs[0]).toMatchObject({ address: 'vpcs.vpc_db', enable_shared_snat: true });
  });

  it('takes the region and project from the environment, and says what is missing', async () => {
    const fromEnv = await runCli(['import', '--endpoint', emu.url, '--name', 'vpc-db'], {
      cwd: dir,
      env: { HW_REGION_NAME: 'eu-de', HW_PROJECT_ID: emu.projectId },
    });
    expect(fromEnv.code).toBe(0);
    expect(parse(fromEnv.stdout)).toMatchObject({ target: { region: 'eu-de', project_id: emu.projectId } });

    const noRegion = await runCli(['import', '--endpoint', emu.url, '--project-id', emu.projectId], { cwd: dir });
    expect(noRegion.code).toBe(1);
    expect(noRegion.stderr).toContain('CLOUD_CONFIG');
    expect(noRegion.stderr).toContain('--region');
  });

  it('round trip: the imported file shows no drift and a plan with no changes', async () => {
    const file = join(dir, 'roundtrip.yaml');
    expect((await runCli(['import', ...target, '-o', file], { cwd: dir })).code).toBe(0);
    const drift = await runCli(['drift', '-f', file], { cwd: dir });
    expect(drift.stderr).toBe('');
    expect(drift.code).toBe(0);
    expect(drift.stdout).toContain('No drift.');
    const plan = await runCli(['plan', '-f', file, '--detailed-exitcode'], { cwd: dir });
    expect(plan.code, plan.stderr).toBe(0);
    expect(emu.stats().routes['PUT /v1/{project_id}/vpcs/{vpc_id}'] ?? 0).toBe(0);
  });

  it('round trip on huaweicloud: enable_shared_snat is left unmanaged, so the file loads without warnings', async () => {
    const file = join(dir, 'huawei.yaml');
    expect((await runCli(['import', ...target, '--cloud', 'huaweicloud', '-o', file], { cwd: dir })).code).toBe(0);
    expect(await readFile(file, 'utf8')).not.toContain('enable_shared_snat');
    const drift = await runCli(['drift', '-f', file], { cwd: dir });
    expect(drift.stderr).toBe('');
    expect(drift.code).toBe(0);
  });
});
