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
    expect(out).toMatch(/3 to update/);
    expect(out).toMatch(/3 updated/);
    expect(out).toMatch(/no changes/i);
    expect(out).toContain('description: live has "quick fix from the console", git says "web tier"');
    expect(out).toContain('Drift detected.');
    expect(out).toContain('  -> exit 2\n  Exit 2 means drift');
    expect(out).toMatch(/1 updated, 2 unchanged/);
    expect(out).toContain('No drift.');
    expect(out).toMatch(/Demo complete in \d+\.\d s\. The emulator is stopped\./);
    // Apply's live progress goes to stderr, as for the real command.
    expect(r.stderr).toMatch(/PUT/);
    // The caller's credentials never reach the commands (nor the output).
    expect(out + r.stderr).not.toContain('not-used');
  }, 70_000);

  it('refuses a bad --update-delay', async () => {
    const r = await runCli(['demo', '--update-delay', 'soon']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--update-delay must be an integer');
  });
});
