import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runBin } from '../helpers/cli.js';
import type { Plan } from '../../src/plan/types.js';

/**
 * `vpcform plan` and `vpcform show` as real processes against the emulator over HTTP on 127.0.0.1
 * (needs `npm run build`).
 */
const PROJECT = '0123456789abcdef0123456789abcdef';
const WEB = '99d9d709-8478-4b46-9f3f-2206b1023fd3';
const DB = '3b5a8a5e-6d1c-4f7e-9a2b-1c2d3e4f5a6b';
const OTHER_EP = '8e3c1a52-4f6b-4d7e-9a0b-1c2d3e4f5a6b';

const seed = {
  project_id: PROJECT,
  vpcs: [
    { id: WEB, name: 'vpc-web', cidr: '192.168.0.0/16', description: 'web', routes: null },
    { id: DB, name: 'vpc-db', cidr: '10.10.0.0/16', description: 'database tier', enterprise_project_id: OTHER_EP },
    { name: 'vpc-taken', cidr: '172.16.0.0/16' },
  ],
  subnets: [{ vpc_id: DB, name: 'db-a', cidr: '10.10.1.0/24' }],
};

const desired = (vpcs: string) => `version: 1
target:
  cloud: otc
  region: eu-de
  project_id: ${PROJECT}
vpcs:
${vpcs}`;

const IN_SYNC = desired(`  web:
    id: ${WEB}
    name: vpc-web
    description: web
    routes: []
  db:
    name: vpc-db
    cidr: 10.10.0.0/16
`);

const CHANGES = desired(`  web:
    id: ${WEB}
    description: web tier
    routes:
      - { destination: 0.0.0.0/0, nexthop: 192.168.0.5 }
  db:
    name: vpc-db
    enable_shared_snat: true
`);

const REFUSED = desired(`  web:
    id: ${WEB}
    name: vpc-taken
  db:
    id: ${DB}
    cidr: 10.10.2.0/24
`);

let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed, port: 0, updateDelayMs: 0 });
  dir = mkdtempSync(join(tmpdir(), 'vpcform-plan-e2e-'));
});
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => emulator.resetStats());

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const plan = (args: string[], env: Record<string, string> = {}) => runBin(['plan', ...args, '--endpoint', emulator.url], { cwd: dir, env });

describe('vpcform plan (process, emulator)', () => {
  it('prints the plan as text and exits 0; the same file twice gives the same plan', async () => {
    const r = await plan(['-f', file('changes.yaml', CHANGES)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('~ vpcs.web (99d9d709-8478-4b46-9f3f-2206b1023fd3)');
    expect(r.stdout).toContain('~ description: "web" -> "web tier"');
    expect(r.stdout).toContain('+ 0.0.0.0/0 -> 192.168.0.5');
    expect(r.stdout).toContain('Plan: 0 to create, 2 to update, 0 to delete, 0 errors.');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('--json prints only the plan on stdout, with the exact PUT bodies', async () => {
    const r = await plan(['-f', file('changes.yaml', CHANGES), '--json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Plan;
    expect(p.format_version).toBe(2);
    expect(p.target).toEqual({ endpoint: emulator.url, project_id: PROJECT });
    expect(Date.parse(p.created_at)).not.toBeNaN();
    expect(p.summary).toEqual({ create: 0, update: 2, delete: 0, no_op: 0, error: 0 });
    const [web, db] = p.changes;
    expect(web?.request).toEqual({ vpc: { description: 'web tier', routes: [{ destination: '0.0.0.0/0', nexthop: '192.168.0.5' }], name: 'vpc-web' } });
    // Found by name although it lives outside the default enterprise project.
    expect(db).toMatchObject({ address: 'vpcs.db', id: DB, action: 'update', request: { vpc: { enable_shared_snat: true, name: 'vpc-db' } } });
    expect(web?.live_fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('--detailed-exitcode: 0 in sync, 2 changes, 1 error action; error actions fail plain plan too', async () => {
    expect((await plan(['-f', file('sync.yaml', IN_SYNC), '--detailed-exitcode'])).code).toBe(0);
    expect((await plan(['-f', file('changes.yaml', CHANGES), '--detailed-exitcode'])).code).toBe(2);
    const refused = await plan(['-f', file('refused.yaml', REFUSED), '--detailed-exitcode']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('error PLAN_NAME_TAKEN: name "vpc-taken" is already used by VPC');
    expect(refused.stdout).toMatch(/error PLAN_CIDR_EXCLUDES_SUBNET: .*db-a \(10\.10\.1\.0\/24\)/);
    expect(refused.stdout).toMatch(/at .*refused\.yaml:12:11/);
    expect(refused.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 2 errors.');
    expect((await plan(['-f', file('refused.yaml', REFUSED)])).code).toBe(1);
  });

  it('--out writes a plan that show reads back (json, text, markdown); plan never PUTs', async () => {
    const r = await plan(['-f', file('changes.yaml', CHANGES), '--out', 'saved.plan.json', '--json']);
    expect(r.code).toBe(0);
    const saved = readFileSync(join(dir, 'saved.plan.json'), 'utf8');
    expect(saved).toBe(r.stdout);
    const shownJson = await runBin(['show', 'saved.plan.json', '--json'], { cwd: dir });
    expect(shownJson.code).toBe(0);
    expect(shownJson.stdout).toBe(saved);
    const shownText = await runBin(['show', 'saved.plan.json'], { cwd: dir });
    expect(shownText.stdout).toContain('Plan: 0 to create, 2 to update, 0 to delete, 0 errors.');
    const shownMd = await runBin(['show', 'saved.plan.json', '--markdown'], { cwd: dir });
    // The web VPC has no subnet, so its new route's nexthop gets a warning (the update still goes).
    expect(shownMd.stdout).toContain('<details><summary>⚠️ <code>vpcs.web</code>');
    expect(shownMd.stdout).toContain('warning PLAN_NEXTHOP_OUTSIDE_SUBNETS');
    const stats = emulator.stats();
    expect(Object.keys(stats.routes).filter((route) => !route.startsWith('GET'))).toEqual([]);
  });

  it('show refuses a corrupt plan and an unknown format_version clearly (exit 1)', async () => {
    file('corrupt.json', '{"format_version": 1, "changes": [');
    const corrupt = await runBin(['show', 'corrupt.json'], { cwd: dir });
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toContain('[PLAN_CORRUPT]');
    file('future.json', JSON.stringify({ format_version: 9, changes: [] }));
    const future = await runBin(['show', 'future.json', '--json'], { cwd: dir });
    expect(future.code).toBe(1);
    expect(JSON.parse(future.stdout)).toMatchObject({ error: { code: 'PLAN_FORMAT_VERSION' } });
    file('v1.json', JSON.stringify({ format_version: 1, tool: { name: 'vpcform', version: '0.1.0' }, changes: [] }));
    const older = await runBin(['show', 'v1.json'], { cwd: dir });
    expect(older.code).toBe(1);
    expect(older.stderr).toContain('v1.json was made by vpcform 0.1.0 (plan format 1); this vpcform writes format 2: run `vpcform plan --out` again');
    const missing = await runBin(['show', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('[IO_READ]');
  });

  it('--markdown prints markdown and GITHUB_STEP_SUMMARY gets it appended', async () => {
    const summary = file('step-summary.md', '# earlier step\n');
    const r = await plan(['-f', file('changes.yaml', CHANGES), '--markdown'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### 📝 vpcform plan: 0 to create, 2 to update, 0 to delete, 0 errors/);
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${r.stdout}\n`);
  });

  it('reads the endpoint from VPCFORM_ENDPOINT, and lists VPCs once for a name lookup', async () => {
    const r = await runBin(['plan', '-f', file('sync.yaml', IN_SYNC), '--json'], { cwd: dir, env: { VPCFORM_ENDPOINT: emulator.url } });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Plan).summary).toEqual({ create: 0, update: 0, delete: 0, no_op: 2, error: 0 });
    expect(emulator.stats().routes['GET /v1/{project_id}/vpcs']).toBe(1);
  });

  it('an invalid desired state prints every diagnostic and exits 1 without calling the API', async () => {
    const r = await plan(['-f', file('bad.yaml', desired(`  web:\n    id: ${WEB}\n    cidr: 300.0.0.0/16\n    nmae: x\n`))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[CONFIG_INVALID]');
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect(emulator.stats().total).toBe(0);
  });

  it('plans a directory, and keeps secrets out of the plan and every output', async () => {
    const sub = join(dir, 'infra');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'vpcs.yaml'), CHANGES);
    const secret = 'Sk0123456789abcdefghijSECRETSECRETxyz';
    const r = await plan(['-f', 'infra', '--out', 'secret-check.json', '--debug'], { HW_ACCESS_KEY: 'HPUAL7V3JNBXQZ1Y0E2K', HW_SECRET_KEY: secret });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Plan: 0 to create, 2 to update');
    const saved = readFileSync(join(dir, 'secret-check.json'), 'utf8');
    for (const text of [saved, r.stdout, r.stderr]) expect(text).not.toContain(secret);
    expect(saved).not.toMatch(/Signature=|X-Auth-Token|Authorization/i);
  });

  it('several files: one plan each; --json prints an array; --out refuses', async () => {
    const a = file('multi-a.yaml', CHANGES);
    const b = file('multi-b.yaml', desired('  taken:\n    name: vpc-taken\n    cidr: 172.16.0.0/16\n'));
    const r = await plan(['-f', a, '-f', b, '--json']);
    expect(r.code).toBe(0);
    const plans = JSON.parse(r.stdout) as Plan[];
    expect(plans.map((p) => p.summary)).toEqual([
      { create: 0, update: 2, delete: 0, no_op: 0, error: 0 },
      { create: 0, update: 0, delete: 0, no_op: 1, error: 0 },
    ]);
    const out = await plan(['-f', a, '-f', b, '--out', 'x.json']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('--out writes one plan');
  });
});
