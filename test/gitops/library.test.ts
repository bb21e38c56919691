import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, drift, driftExitCode, isVpcformError, loadDesired, plan, startEmulator, type ApplyEvent, type RunningEmulator } from '../../src/index.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SEED = `${ROOT}examples/emulator-seed.yaml`;
const EXAMPLE = `${ROOT}examples/vpcs.yaml`;
const PUT = 'PUT /v1/{project_id}/vpcs/{vpc_id}';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: SEED, updateDelayMs: 50 });
});
afterAll(async () => {
  await emu?.stop();
});

describe('the library API against the emulator', () => {
  it('loadDesired -> plan -> apply -> drift, with typed results and no output', async () => {
    const env = { VPCFORM_ENDPOINT: emu.url };
    const loaded = await loadDesired([EXAMPLE]);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.states[0]?.vpcs.map((v) => v.address)).toEqual(['vpcs.web', 'vpcs.db', 'vpcs.batch']);

    const before = await drift({ states: loaded.states, env });
    expect(driftExitCode(before.summary)).toBe(2);
    expect(before.summary.drifted).toBe(3);

    const planned = await plan({ files: [EXAMPLE], endpoint: emu.url, env: {} });
    expect(planned.updates).toBe(3);
    expect(planned.errors).toBe(0);
    expect(planned.plans[0]?.target).toEqual({ endpoint: emu.url, project_id: emu.projectId });
    expect(emu.stats().routes[PUT] ?? 0).toBe(0);

    const events: ApplyEvent['type'][] = [];
    const applied = await apply({ plans: planned.plans, endpoint: emu.url, env: {}, onEvent: (e) => events.push(e.type) });
    expect(applied.converged).toBe(true);
    expect(applied.summaries[0]?.counts.updated).toBe(3);
    expect(events[0]).toBe('apply_start');
    expect(events.at(-1)).toBe('apply_done');
    expect(emu.stats().routes[PUT]).toBe(3);

    const after = await drift({ files: ['examples/vpcs.yaml'], cwd: ROOT, env });
    expect(driftExitCode(after.summary)).toBe(0);
    const again = await apply({ files: [EXAMPLE], env });
    expect(again.summaries[0]?.counts.unchanged).toBe(3);
    expect(emu.stats().routes[PUT]).toBe(3);
  });

  it('refuses a saved plan when the environment names another project, as `vpcform apply PLAN` does', async () => {
    const { plans } = await plan({ files: [EXAMPLE], endpoint: emu.url, env: {} });
    const puts = emu.stats().routes[PUT] ?? 0;
    const refused = await apply({ plans, endpoint: emu.url, env: { HW_PROJECT_ID: 'f'.repeat(32) } }).catch((e: unknown) => e);
    expect(isVpcformError(refused) && refused.code).toBe('PLAN_TARGET_MISMATCH');
    expect(isVpcformError(refused) && refused.detail).toContain('project');
    expect(emu.stats().routes[PUT] ?? 0).toBe(puts);
  });

  it('refuses a plan object edited after planning, as `vpcform apply PLAN` refuses the edited file', async () => {
    emu.resetData(); // back to the seed, which differs from the example file
    const { plans } = await plan({ files: [EXAMPLE], endpoint: emu.url, env: {} });
    const change = plans[0]!.changes.find((c) => c.action === 'update')!;
    change.request!.vpc.cidr = '10.99.0.0/16'; // not among the reviewed attributes
    const puts = emu.stats().routes[PUT] ?? 0;
    const refused = await apply({ plans, endpoint: emu.url, env: {} }).catch((e: unknown) => e);
    expect(isVpcformError(refused) && refused.code).toBe('PLAN_CORRUPT');
    expect(emu.stats().routes[PUT] ?? 0).toBe(puts);
  });

  it('throws VpcformError with a stable code and a hint', async () => {
    const invalid = await plan({ files: [SEED], env: {} }).catch((e: unknown) => e);
    expect(isVpcformError(invalid) && invalid.code).toBe('CONFIG_INVALID');
    expect(isVpcformError(invalid) && invalid.diagnostics.length).toBeGreaterThan(0);
    const noCreds = await drift({ files: [EXAMPLE], env: {} }).catch((e: unknown) => e);
    expect(isVpcformError(noCreds) && noCreds.code).toBe('CLOUD_AUTH_MISSING');
    expect(isVpcformError(noCreds) && noCreds.hint).toContain('HW_ACCESS_KEY');
  });

  it("resolves as the package: import { plan, apply, drift, loadDesired } from 'vpcform'", () => {
    if (!existsSync(`${ROOT}dist/index.js`)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    const probe = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "import * as v from 'vpcform'; console.log(['loadDesired','plan','apply','drift','startEmulator'].map((k) => typeof v[k]).join(','))"],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(probe.stderr).toBe('');
    expect(probe.stdout.trim()).toBe('function,function,function,function,function');
  });
});
