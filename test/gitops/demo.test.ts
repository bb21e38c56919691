import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBin, runCli } from '../helpers/cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;

beforeAll(() => {
  if (!existsSync(`${ROOT}dist/cli/bin.js`)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
}, 120_000);

describe('vpcform demo', () => {
  it('walks the whole story as a process, with the default settings, in under a minute, and exits 0', async () => {
    const started = Date.now();
    const r = await runBin(['demo'], { cwd: ROOT, env: { HW_ACCESS_KEY: 'not-used', HW_SECRET_KEY: 'not-used-either' }, timeoutMs: 60_000 });
    const elapsed = Date.now() - started;
    expect(r.code, r.stderr).toBe(0);
    expect(elapsed).toBeLessThan(60_000);
    const out = r.stdout;
    const steps = [...out.matchAll(/── Step (\d)\/8: (.+?) *$/gm)].map((m) => m[2]);
    expect(steps).toEqual([
      'Validate the desired state (offline)',
      'Plan: compare git with the live cloud',
      'Apply: make the cloud match git',
      'Plan again: nothing left to do',
      'Someone changes a VPC in the console',
      'Drift: the nightly job notices',
      'Heal: apply the file again',
      'Drift again: in sync',
    ]);
    expect(out).toMatch(/Started the embedded VPC API emulator at http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('$ vpcform plan -f examples/vpcs.yaml');
    // Other commands' wording is theirs; the demo only needs the facts to show.
    expect(out).toMatch(/1 to create, 3 to update, 1 to delete/);
    expect(out).toMatch(/\+ vpcs\.analytics will be created/);
    expect(out).toMatch(/- vpcs\.legacy \(a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\) will be destroyed/);
    // The first apply creates one VPC (with the id the cloud gave it), updates three and deletes one.
    const created = /\+ vpcs\.analytics \(([0-9a-f-]{36})\): created in /.exec(out);
    expect(created, out).not.toBeNull();
    expect(out).toContain('- vpcs.legacy (a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d): deleted in ');
    expect(out).toMatch(/1 created, 3 updated, 1 deleted, 0 unchanged, 0 failed/);
    // ... and the demo checks it in the emulator itself, not only in apply's own report.
    expect(out).toContain('Checked in the emulator itself: vpc-web, vpc-db, vpc-batch, vpc-analytics, vpc-sandbox exist (one each); vpc-legacy is gone.');
    expect(out).toMatch(/no changes/i);
    expect(out).toContain('description: live has "quick fix from the console", git says "web tier"');
    expect(out).toContain('Drift detected.');
    expect(out).toContain('  -> exit 2\n  Exit 2 means drift');
    // After the create, the new VPC is found by its name: the heal touches vpc-web alone.
    expect(out).toContain(`= vpcs.analytics (${created?.[1] ?? '?'}): unchanged`);
    expect(out).toMatch(/1 updated, 4 unchanged, 0 failed/);
    expect(out).toContain('No drift.');
    expect(out).toMatch(/Demo complete in \d+\.\d s\. The emulator is stopped\./);
    // Apply's live progress goes to stderr, as for the real command: the delete, the updates, the create.
    expect(r.stderr).toMatch(/vpcs\.legacy \(a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\): DELETE sent/);
    expect(r.stderr).toMatch(/PUT sent/);
    expect(r.stderr).toMatch(/vpcs\.analytics: POST sent/);
    expect(r.stderr).toMatch(/vpcs\.analytics \([0-9a-f-]{36}\): created, CREATING/);
    // The caller's credentials never reach the commands (nor the output).
    expect(out + r.stderr).not.toContain('not-used');
  }, 70_000);

  it('refuses a bad --update-delay', async () => {
    const r = await runCli(['demo', '--update-delay', 'soon']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--update-delay must be an integer');
  });
});
