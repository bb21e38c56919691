import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { isVpcformError } from '../../src/errors/index.js';
import { call, SEED_FILE, vpcPath, vpcsPath, WEB_ID } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vpcform-emu-state-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function expectRefused(promise: Promise<unknown>, code: string, text: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isVpcformError(err)).toBe(true);
  if (!isVpcformError(err)) return;
  expect(err.code).toBe(code);
  expect(err.summary).toMatch(text);
  expect(err.hint).toBeDefined();
}

describe('--state', () => {
  it('keeps changes across a restart and writes no secret', async () => {
    const statePath = join(dir, 'state.json');
    const credentials = [{ access_key: 'AKSTATE', secret_key: 'state-secret-value' }];
    const first = await startEmulator({ port: 0, seed: SEED_FILE, statePath, updateDelayMs: 0 });
    await call(first, 'PUT', vpcPath(WEB_ID), { vpc: { name: 'vpc-web', description: 'persisted' } });
    const created = await call(first, 'POST', vpcsPath(), { vpc: { name: 'vpc-added', cidr: '10.40.0.0/16' } });
    await first.stop();

    const second = await startEmulator({ port: 0, seed: SEED_FILE, statePath, credentials });
    try {
      expect(second.vpc(WEB_ID)).toMatchObject({ description: 'persisted', status: 'OK' });
      expect(second.vpc(created.json.vpc.id)?.name).toBe('vpc-added');
      expect(second.subnets()).toHaveLength(3);
    } finally {
      await second.stop();
    }
    const text = await readFile(statePath, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 'vpcform-emulator-state', version: 1 });
    expect(text).not.toContain('state-secret-value');
  });

  it('writes debounced changes while running', async () => {
    const statePath = join(dir, 'state.json');
    const emu = await startEmulator({ port: 0, seed: SEED_FILE, statePath, updateDelayMs: 0 });
    try {
      await call(emu, 'PUT', vpcPath(WEB_ID), { vpc: { name: 'vpc-web', description: 'soon on disk' } });
      await emu.flushState();
      expect(await readFile(statePath, 'utf8')).toContain('soon on disk');
    } finally {
      await emu.stop();
    }
  });

  it.each([
    ['empty (torn)', '', /empty/],
    ['cut in the middle', '{"format":"vpcform-emulator-state","version":1,"project_id":"0123', /not complete JSON/],
    ['another format', '{"hello":1}', /not a vpcform-emulator-state file/],
    ['a future version', '{"format":"vpcform-emulator-state","version":9}', /unknown version/],
  ])('refuses a state file that is %s, and leaves it untouched', async (_why, content, message) => {
    const statePath = join(dir, 'state.json');
    await writeFile(statePath, content);
    await expectRefused(startEmulator({ port: 0, seed: SEED_FILE, statePath }), 'EMULATOR_STATE', message);
    expect(await readFile(statePath, 'utf8')).toBe(content);
  });
});

describe('seeds', () => {
  it('reports every problem of a bad seed at once', async () => {
    const err = await startEmulator({
      port: 0,
      seed: {
        project_id: 'XYZ',
      },
    }).catch((e: unknown) => e);
    expect(isVpcformError(err) && err.code).toBe('EMULATOR_SEED');
    const many = await startEmulator({
      port: 0,
      seed: {
        vpcs: [
          { name: 'a', cidr: '8.8.8.0/24' },
          { name: 'a', cidr: '10.0.0.0/16', id: 'nope' },
        ],
        subnets: [{ vpc_id: 'missing', name: 's', cidr: '10.0.0.0/24' }],
      },
    }).catch((e: unknown) => e);
    expect(isVpcformError(many) && many.code).toBe('EMULATOR_SEED');
    if (isVpcformError(many)) {
      expect(many.detail).toContain('vpcs[0]');
      expect(many.detail).toContain('vpcs[1]');
      expect(many.detail).toContain('subnets[0]');
    }
  });

  it('reads YAML and JSON seed files and refuses a missing one', async () => {
    const json = join(dir, 'seed.json');
    await writeFile(json, JSON.stringify({ vpcs: [{ name: 'only', cidr: '10.1.0.0/16' }] }));
    const emu = await startEmulator({ port: 0, seed: json });
    try {
      expect(emu.vpcs().map((v) => v.name)).toEqual(['only']);
      expect(emu.projectId).toBe('0123456789abcdef0123456789abcdef');
    } finally {
      await emu.stop();
    }
    await expectRefused(startEmulator({ port: 0, seed: join(dir, 'absent.yaml') }), 'EMULATOR_SEED', /Cannot read/);
  });
});
