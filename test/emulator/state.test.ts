import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { isVpcformError } from '../../src/errors/index.js';
import { call, SEED_FILE, vpcPath, vpcsPath, WEB_ID } from './helpers.js';

const OTHER_PROJECT = 'fedcba9876543210fedcba9876543210';
const A_ID = '11111111-1111-4111-8111-111111111111';
const B_ID = '22222222-2222-4222-8222-222222222222';
/** A project other than the built-in default's: the case of issue 15. */
const OTHER_SEED = {
  project_id: OTHER_PROJECT,
  project_name: 'eu-nl',
  quotas: { vpc: 7 },
  vpcs: [
    { id: A_ID, name: 'a', cidr: '10.1.0.0/16' },
    { id: B_ID, name: 'b', cidr: '10.2.0.0/16' },
  ],
};

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

  it('resumes from the state file alone (issue 15): project, created, updated and deleted VPCs, quota', async () => {
    const statePath = join(dir, 'state.json');
    const first = await startEmulator({ port: 0, seed: OTHER_SEED, statePath, updateDelayMs: 0, createDelayMs: 0 });
    const created = await call(first, 'POST', vpcsPath(OTHER_PROJECT), { vpc: { name: 'c', cidr: '10.3.0.0/16' } });
    expect(created.status).toBe(200);
    expect((await call(first, 'PUT', vpcPath(A_ID, OTHER_PROJECT), { vpc: { name: 'a2', description: 'updated' } })).status).toBe(200);
    expect((await call(first, 'DELETE', vpcPath(B_ID, OTHER_PROJECT))).status).toBe(204);
    await first.stop();

    const second = await startEmulator({ port: 0, statePath });
    try {
      expect(second.projectId).toBe(OTHER_PROJECT);
      const listed = await call(second, 'GET', vpcsPath(OTHER_PROJECT));
      expect(listed.status).toBe(200);
      expect(listed.json.vpcs.map((v: { name: string; status: string }) => `${v.name}:${v.status}`)).toEqual(['a2:OK', 'c:OK']);
      expect((await call(second, 'GET', vpcPath(A_ID, OTHER_PROJECT))).json.vpc).toMatchObject({ description: 'updated', tenant_id: OTHER_PROJECT });
      expect((await call(second, 'GET', vpcPath(B_ID, OTHER_PROJECT))).status).toBe(404);
      const quotas = await call(second, 'GET', `/v1/${OTHER_PROJECT}/quotas?type=vpc`);
      expect(quotas.json.quotas.resources).toEqual([{ type: 'vpc', used: 2, quota: 7, min: 0 }]);
      const token = await call(second, 'POST', '/v3/auth/tokens', {
        auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: 'p', domain: { name: 'd' } } } }, scope: { project: { id: OTHER_PROJECT } } },
      });
      expect(token.json.token.project).toMatchObject({ id: OTHER_PROJECT, name: 'eu-nl' });
    } finally {
      await second.stop();
    }
  });

  it('keeps a PENDING_DELETE window across a restart, and an explicit vpcQuota at restart', async () => {
    const statePath = join(dir, 'state.json');
    let clock = Date.UTC(2025, 0, 1);
    const first = await startEmulator({ port: 0, seed: OTHER_SEED, statePath, deleteDelayMs: 1000, now: () => clock });
    await call(first, 'DELETE', vpcPath(B_ID, OTHER_PROJECT));
    await first.stop();

    const second = await startEmulator({ port: 0, statePath, vpcQuota: 3, now: () => clock });
    try {
      expect((await call(second, 'GET', vpcPath(B_ID, OTHER_PROJECT))).json.vpc.status).toBe('PENDING_DELETE');
      clock += 1000;
      expect((await call(second, 'GET', vpcPath(B_ID, OTHER_PROJECT))).status).toBe(404);
    } finally {
      await second.stop();
    }
    const third = await startEmulator({ port: 0, statePath });
    try {
      expect(third.quotas()).toEqual({ vpc: 3, subnet: 400 });
      expect(third.vpcs().map((v) => v.id)).toEqual([A_ID]);
    } finally {
      await third.stop();
    }
  });

  it('refuses a seed of another project than the state, and says --state alone resumes', async () => {
    const statePath = join(dir, 'state.json');
    const first = await startEmulator({ port: 0, seed: OTHER_SEED, statePath });
    await first.stop();
    const err = await startEmulator({ port: 0, seed: SEED_FILE, statePath }).catch((e: unknown) => e);
    expect(isVpcformError(err) && err.code).toBe('EMULATOR_STATE');
    if (isVpcformError(err)) expect(err.hint).toMatch(/--state alone/);
  });

  it.each([
    ['empty (torn)', '', /empty/],
    ['cut in the middle', '{"format":"vpcform-emulator-state","version":1,"project_id":"0123', /not complete JSON/],
    ['another format', '{"hello":1}', /not a vpcform-emulator-state file/],
    ['a future version', '{"format":"vpcform-emulator-state","version":9}', /unknown version/],
    [
      'with a bad quota',
      '{"format":"vpcform-emulator-state","version":1,"project_id":"0123456789abcdef0123456789abcdef","vpcs":[],"subnets":[],"quotas":{"vpc":"many"}}',
      /quotas\.vpc must be an integer/,
    ],
    ['with a malformed project', '{"format":"vpcform-emulator-state","version":1,"project_id":"XYZ","vpcs":[],"subnets":[]}', /32 lower-case hex/],
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
