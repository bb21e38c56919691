import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { DriftReport } from '../../src/drift/types.js';
import type { Plan } from '../../src/plan/types.js';
import { runBin, runCli } from '../helpers/cli.js';

/**
 * `--target` on plan, show, apply -f, apply PLAN and drift, in-process against the emulator on
 * 127.0.0.1:0. What was read and written is taken from the emulator's request log, by VPC id.
 */
const WEB = '00000001-1111-4222-8333-444444444444';
const DB = '00000002-1111-4222-8333-444444444444';
const CACHE = '00000003-1111-4222-8333-444444444444';
const OLD = '00000004-1111-4222-8333-444444444444';
const UNTARGETED_FOR_WEB = [DB, CACHE, OLD];

let emu: RunningEmulator;
let dir: string;
let file: string;

const VPCS = `  web:
    id: ${WEB}
    description: web tier
  db:
    id: ${DB}
    description: db tier
  cache:
    id: ${CACHE}
    description: cache tier
  old:
    id: ${OLD}
    ensure: absent
  app:
    name: vpc-app
    cidr: 10.50.0.0/16
`;

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    updateDelayMs: 20,
    createDelayMs: 20,
    deleteDelayMs: 20,
    seed: {
      vpcs: [
        { id: WEB, name: 'vpc-web', cidr: '10.1.0.0/16', description: 'web' },
        { id: DB, name: 'vpc-db', cidr: '10.2.0.0/16', description: 'db' },
        { id: CACHE, name: 'vpc-cache', cidr: '10.3.0.0/16', description: 'cache' },
        // The VPC the file replaces: old deletes it, app creates a new one with its name.
        { id: OLD, name: 'vpc-app', cidr: '10.4.0.0/16' },
      ],
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'vpcform-target-'));
  file = desired('vpcs.yaml', VPCS);
});
afterAll(async () => {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emu.resetData();
  emu.resetStats();
});

function desired(name: string, vpcs: string): string {
  const path = join(dir, name);
  writeFileSync(path, ['version: 1', 'target:', '  cloud: otc', '  region: eu-de', `  project_id: ${emu.projectId}`, `  endpoint: ${emu.url}`, 'vpcs:', vpcs].join('\n'));
  return path;
}

const cli = (args: string[]) => runCli(args, { cwd: dir, env: {} });

/** Every request the emulator saw for one of these VPCs (by id in the path), and all list calls. */
function touched(ids: readonly string[]): string[] {
  return emu.requestLog().filter((r) => r.vpc_id !== undefined && ids.includes(r.vpc_id)).map((r) => `${r.method} ${r.path}`);
}
const listings = () => emu.requestLog().filter((r) => r.route === 'GET /v1/{project_id}/vpcs').length;
/** Writes in order: `PUT <id>`, `DELETE <id>`, `POST` (a create: the log names the new VPC). */
const writes = () => emu.requestLog().filter((r) => r.method !== 'GET').map((r) => (r.method === 'POST' ? 'POST' : `${r.method} ${r.vpc_id ?? r.route}`));
const description = (id: string) => emu.vpc(id)?.description;

describe('plan --target', () => {
  it('plans and reads only the target (one GET), and says targeting is in effect', async () => {
    const r = await cli(['plan', '-f', file, '--target', 'vpcs.web']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Warning: targeting is in effect\n  This plan covers only the targeted VPC: vpcs.web.\n');
    expect(r.stdout).toContain(`The other VPCs of ${file} were left out, so this plan may not show every change the file asks for.`);
    expect(r.stdout).toContain(`~ vpcs.web (${WEB}) will be updated in-place`);
    expect(r.stdout).not.toMatch(/vpcs\.(db|cache|old|app)/);
    expect(r.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete, 0 errors.');
    expect(emu.requestLog().map((q) => `${q.method} ${q.vpc_id ?? q.route}`)).toEqual([`GET ${WEB}`]);
  });

  it('takes the bare key too; --json records the targets in file order', async () => {
    const r = await cli(['plan', '-f', file, '--target', 'cache', '--target', 'vpcs.web', '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.targets).toEqual(['vpcs.web', 'vpcs.cache']);
    expect(plan.changes.map((c) => c.address)).toEqual(['vpcs.web', 'vpcs.cache']);
    expect(touched([DB, OLD])).toEqual([]);
    expect(listings()).toBe(0);
  });

  it('refuses an unknown address before any request, naming it with a did-you-mean', async () => {
    const r = await cli(['plan', '-f', file, '--target', 'vpcs.web', '--target', 'vpcs.dbb']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`TARGET_UNKNOWN`);
    expect(r.stderr).toContain(`--target vpcs.dbb names no VPC in ${file}; did you mean vpcs.db?`);
    expect(r.stdout).toBe('');
    expect(emu.stats().total).toBe(0);
  });

  it('still validates the whole file: an invalid untargeted entry fails a targeted plan before any request', async () => {
    const broken = desired('broken.yaml', `${VPCS}  bad:\n    name: vpc-bad\n    cidr: 10.60.0.0/33\n`);
    const r = await cli(['plan', '-f', broken, '--target', 'web']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+/);
    expect(r.stderr).toContain('vpcs.bad');
    expect(emu.stats().total).toBe(0);
  });

  it('is wired in the built binary too (npm run build)', async () => {
    const r = await runBin(['plan', '-f', file, '--target', 'vpcs.db', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Plan).targets).toEqual(['vpcs.db']);
    expect(emu.requestLog().map((q) => `${q.method} ${q.vpc_id ?? q.route}`)).toEqual([`GET ${DB}`]);
    expect((await runBin(['plan', '--help'])).stdout).toContain('--target <address>');
  });

  it('--markdown carries the warning', async () => {
    const r = await cli(['plan', '-f', file, '--target', 'web', '--markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('> [!WARNING]\n> **Targeting is in effect.** This plan covers only the targeted VPC: `vpcs.web`.');
  });

  it('leaves out, and does not read, a file holding none of the targets', async () => {
    const batch = '00000009-1111-4222-8333-444444444444';
    const other = desired('other.yaml', `  batch:\n    id: ${batch}\n    description: batch\n`);
    const r = await cli(['plan', '-f', file, '-f', other, '--target', 'web', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Note: ${other} holds none of the targeted VPCs: it is not read.`);
    expect((JSON.parse(r.stdout) as Plan).desired.path).toBe(file);
    expect(touched([...UNTARGETED_FOR_WEB, batch])).toEqual([]);
  });
});

describe('a target that depends on an untargeted entry', () => {
  it('plans the delete that frees its name with it, and says so', async () => {
    const r = await cli(['plan', '-f', file, '--target', 'vpcs.app']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Added because a target depends on it: vpcs.old (vpcs.app waits for it).');
    expect(r.stdout).toContain(`- vpcs.old (${OLD}) will be destroyed`);
    expect(r.stdout).toContain('+ vpcs.app will be created');
    expect(r.stdout).toContain('(waits for vpcs.old to be deleted)');
    expect(r.stdout).toContain('Plan: 1 to create, 0 to update, 1 to delete, 0 errors.');
    expect(touched([WEB, DB, CACHE])).toEqual([]);
  });
});

describe('apply --target', () => {
  it('apply -f writes only the target; the other VPCs are neither read nor written', async () => {
    const r = await cli(['apply', '-f', file, '--target', 'vpcs.db', '--auto-approve']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: targeting is in effect');
    expect(r.stderr).toContain(`Warning: applied changes may be incomplete: the plan for ${file} was made with --target (vpcs.db)`);
    expect(description(DB)).toBe('db tier');
    expect([description(WEB), description(CACHE), emu.vpc(OLD)?.name]).toEqual(['web', 'cache', 'vpc-app']);
    expect(writes()).toEqual([`PUT ${DB}`]);
    expect(touched([WEB, CACHE, OLD])).toEqual([]);
    expect(listings()).toBe(0);
  });

  it('a saved targeted plan: show displays its targets, apply PLAN carries out exactly that plan', async () => {
    const planned = await cli(['plan', '-f', file, '--target', 'app', '--out', 'app.plan.json']);
    expect(planned.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'app.plan.json'), 'utf8')) as Plan;
    expect(saved.targets).toEqual(['vpcs.app']);
    expect(saved.changes.map((c) => `${c.address}:${c.action}`)).toEqual(['vpcs.old:delete', 'vpcs.app:create']);

    const shown = await cli(['show', 'app.plan.json']);
    expect(shown.stdout).toContain('Warning: targeting is in effect\n  This plan covers only the targeted VPC: vpcs.app.\n  Added because a target depends on it: vpcs.old (vpcs.app waits for it).');

    emu.resetStats();
    const applied = await cli(['apply', 'app.plan.json']);
    expect(applied.code).toBe(0);
    expect(writes()).toEqual([`DELETE ${OLD}`, 'POST']);
    expect(touched([WEB, DB, CACHE])).toEqual([]);
    expect(emu.vpc(OLD)).toBeUndefined();
    expect(emu.vpcs().filter((v) => v.name === 'vpc-app').map((v) => v.cidr)).toEqual(['10.50.0.0/16']);
    expect([description(WEB), description(DB), description(CACHE)]).toEqual(['web', 'db', 'cache']);
  });

  it('refuses --target with a saved plan', async () => {
    await cli(['plan', '-f', file, '--out', 'whole.plan.json']);
    emu.resetStats();
    const r = await cli(['apply', 'whole.plan.json', '--target', 'web']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--target cannot narrow a saved plan');
    expect(emu.stats().total).toBe(0);
  });
});

describe('drift --target', () => {
  it('reports only the target, reads nothing else, and says so', async () => {
    const r = await cli(['drift', '-f', file, '--target', 'web']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`Warning: targeting is in effect\n  Checked only vpcs.web of ${file}; its other VPCs were not read and may drift unseen.`);
    expect(r.stdout).toContain('vpcs.web');
    expect(r.stdout).not.toMatch(/vpcs\.(db|cache|old|app)/);
    expect(touched(UNTARGETED_FOR_WEB)).toEqual([]);
    expect(listings()).toBe(0);
  });

  it('--json: the report holds the target only; the warning goes to stderr', async () => {
    const r = await cli(['drift', '-f', file, '--target', 'vpcs.cache', '--json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as DriftReport;
    expect(report.files[0]?.vpcs.map((v) => v.address)).toEqual(['vpcs.cache']);
    expect(report.summary.vpcs).toBe(1);
    expect(r.stderr).toContain('Warning: targeting is in effect');
  });

  it('refuses an unknown address', async () => {
    const r = await cli(['drift', '-f', file, '--target', 'cahce']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('did you mean vpcs.cache?');
    expect(emu.stats().total).toBe(0);
  });
});
