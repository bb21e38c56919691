import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, drift, isVpcformError, plan, startEmulator, type RunningEmulator } from '../../src/index.js';

/** `targets` in the library: the same selection, checks and dependency rule as `--target`. */
const A = '00000001-1111-4222-8333-444444444444';
const B = '00000002-1111-4222-8333-444444444444';

let emu: RunningEmulator;
let dir: string;
let file: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, updateDelayMs: 20, seed: { vpcs: [{ id: A, name: 'vpc-a', cidr: '10.1.0.0/16' }, { id: B, name: 'vpc-b', cidr: '10.2.0.0/16' }] } });
  dir = mkdtempSync(join(tmpdir(), 'vpcform-target-lib-'));
  file = join(dir, 'vpcs.yaml');
  writeFileSync(file, ['version: 1', 'target: { cloud: otc, region: eu-de, project_id: ' + emu.projectId + ' }', 'vpcs:', `  a: { id: ${A}, description: managed a }`, `  b: { id: ${B}, description: managed b }`, ''].join('\n'));
});
afterAll(async () => {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

const connect = () => ({ files: [file], endpoint: emu.url, env: {} });

async function failure(promise: Promise<unknown>): Promise<{ code: string; summary: string }> {
  try {
    await promise;
  } catch (err) {
    if (isVpcformError(err)) return { code: err.code, summary: err.summary };
    throw err;
  }
  throw new Error('expected a VpcformError');
}

describe('library targets', () => {
  it('plan, apply and drift work on the targets only', async () => {
    const planned = await plan({ ...connect(), targets: ['b'] });
    expect(planned.plans.map((p) => [p.targets, p.changes.map((c) => c.address)])).toEqual([[['vpcs.b'], ['vpcs.b']]]);
    expect(planned.updates).toBe(1);

    emu.resetStats();
    const applied = await apply({ ...connect(), targets: ['vpcs.b'] });
    expect(applied.converged).toBe(true);
    expect(emu.requestLog().filter((r) => r.vpc_id === A)).toEqual([]);
    expect([emu.vpc(A)?.description, emu.vpc(B)?.description]).toEqual(['', 'managed b']);

    const report = await drift({ ...connect(), targets: ['a'] });
    expect(report.files[0]?.vpcs.map((v) => `${v.address}:${v.status}`)).toEqual(['vpcs.a:drifted']);
  });

  it('refuses an unknown address, an empty list, and targets with saved plans', async () => {
    expect(await failure(plan({ ...connect(), targets: ['vpcs.frontend'] }))).toEqual({ code: 'TARGET_UNKNOWN', summary: `--target vpcs.frontend names no VPC in ${file}` });
    // An empty selection must not mean "everything".
    expect((await failure(apply({ ...connect(), targets: [] }))).code).toBe('USAGE');
    const { plans } = await plan({ ...connect(), targets: ['a'] });
    expect((await failure(apply({ plans, endpoint: emu.url, env: {}, targets: ['a'] }))).summary).toBe('targets cannot narrow saved plans');
  });
});
