import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { CliIO } from '../../src/cli/io.js';
import { BIN, runCli } from '../helpers/cli.js';
import { SEED_FILE, withEmulator } from './helpers.js';

/** Runs `vpcform emulator …` in-process, lets `whileRunning` talk to it, then sends Ctrl-C. */
async function runEmulatorCli(argv: string[], whileRunning: (url: string) => Promise<void>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  const abort = new AbortController();
  const listening = new Promise<string>((resolve) => {
    stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /^vpcform emulator listening on (http:\/\/\S+)\n/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const io: CliIO = {
    stdin: new PassThrough(), stdout, stderr, env: { NO_COLOR: '1' }, cwd: process.cwd(),
    stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, columns: 100, signal: abort.signal,
  };
  const done = run(['emulator', ...argv], io);
  const url = await Promise.race([listening, done.then(() => '')]);
  if (url) await whileRunning(url);
  abort.abort();
  const code = await done;
  return { code, stdout: out, stderr: err, url };
}

describe('vpcform emulator', () => {
  it('prints the listening line first, then the client environment, serves, and stops on Ctrl-C', async () => {
    const r = await runEmulatorCli(['--port', '0', '--seed', SEED_FILE], async (url) => {
      const res = await fetch(`${url}/v1/0123456789abcdef0123456789abcdef/vpcs?enterprise_project_id=all_granted_eps`);
      expect(((await res.json()) as { vpcs: unknown[] }).vpcs).toHaveLength(5);
    });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^vpcform emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines).toContain(`export VPCFORM_ENDPOINT=${r.url}`);
    expect(lines).toContain('export HW_PROJECT_ID=0123456789abcdef0123456789abcdef');
    expect(r.stdout).toMatch(/authentication is off/);
    expect(r.stderr).toMatch(/GET \/v1\/0123456789abcdef0123456789abcdef\/vpcs 200/);
    expect(r.stderr).toMatch(/stopped/);
  });

  it('prints the access key but never the secret key', async () => {
    const secret = 'TopSecretKeyValue0123456789';
    const r = await runEmulatorCli(['--port', '0', '--access-key', 'AKCLI0000000001', '--secret-key', secret, '--quiet'], async (url) => {
      const res = await fetch(`${url}/v1/0123456789abcdef0123456789abcdef/vpcs`);
      expect(res.status).toBe(401);
    });
    expect(r.stdout).toContain('export HW_ACCESS_KEY=AKCLI0000000001');
    expect(r.stdout).toContain("HW_SECRET_KEY='<the key you passed>'");
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stderr).not.toMatch(/GET \/v1/);
  });

  it('honours --create-delay, --delete-delay and --vpc-quota', async () => {
    const project = '0123456789abcdef0123456789abcdef';
    const r = await runEmulatorCli(['--port', '0', '--seed', SEED_FILE, '--quiet', '--create-delay', '0', '--delete-delay', '60000', '--vpc-quota', '6'], async (url) => {
      const post = (name: string) => fetch(`${url}/v1/${project}/vpcs`, { method: 'POST', body: JSON.stringify({ vpc: { name } }) });
      const made = (await (await post('vpc-cli')).json()) as { vpc: { id: string } };
      expect(((await (await fetch(`${url}/v1/${project}/vpcs/${made.vpc.id}`)).json()) as { vpc: { status: string } }).vpc.status).toBe('OK');
      const over = await post('vpc-cli-2');
      expect(over.status).toBe(409);
      expect(((await over.json()) as { code: string }).code).toBe('VPC.0114');
      expect((await fetch(`${url}/v1/${project}/vpcs/${made.vpc.id}`, { method: 'DELETE' })).status).toBe(204);
      expect(((await (await fetch(`${url}/v1/${project}/vpcs/${made.vpc.id}`)).json()) as { vpc: { status: string } }).vpc.status).toBe('PENDING_DELETE');
    });
    expect(r.code).toBe(0);
  });

  it('accepts --vpc-quota -1 (no limit)', async () => {
    const r = await runEmulatorCli(['--port', '0', '--quiet', '--vpc-quota', '-1'], async (url) => {
      const q = (await (await fetch(`${url}/v1/0123456789abcdef0123456789abcdef/quotas?type=vpc`)).json()) as { quotas: { resources: Array<{ quota: number }> } };
      expect(q.quotas.resources[0]!.quota).toBe(-1);
    });
    expect(r.code).toBe(0);
  });

  it('resumes with --state alone, in the project the state belongs to (issue 15)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vpcform-emu-cli-'));
    try {
      const statePath = join(dir, 'state.json');
      const project = 'fedcba9876543210fedcba9876543210';
      const first = await startEmulator({ port: 0, statePath, seed: { project_id: project, vpcs: [{ name: 'kept', cidr: '10.9.0.0/16' }] } });
      await first.stop();
      const r = await runEmulatorCli(['--port', '0', '--quiet', '--state', statePath], async (url) => {
        const list = (await (await fetch(`${url}/v1/${project}/vpcs`)).json()) as { vpcs: Array<{ name: string }> };
        expect(list.vpcs.map((v) => v.name)).toEqual(['kept']);
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`export HW_PROJECT_ID=${project}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--vpc-quota', '-2'], /--vpc-quota must be an integer from -1 to 1000000/],
    [['--create-delay', 'soon'], /--create-delay must be an integer/],
    [['--delete-delay', '1.5'], /--delete-delay must be an integer/],
    [['--host', '0.0.0.0'], /not a loopback address/],
    [['--port', '70000'], /--port must be an integer from 0 to 65535/],
    [['--fault-rate', '1.5'], /--fault-rate must be a number from 0 to 1/],
    [['--access-key', 'AK'], /--access-key and --secret-key go together/],
    [['--seed', '/nonexistent/seed.yaml', '--port', '0'], /Cannot read the seed file/],
  ])('refuses %j', async (argv, message) => {
    const r = await runCli(['emulator', ...argv]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('says when the port is taken', async () => {
    await withEmulator({}, async (emu) => {
      const r = await runCli(['emulator', '--port', String(emu.port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
      expect(r.stderr).toMatch(/--port/);
    });
  });

  it('as a real process (built bin), stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--quiet'], { env: { PATH: process.env['PATH'], NO_COLOR: '1' } });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const m = /^vpcform emulator listening on (\S+)\n/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('error', reject);
      child.on('close', () => reject(new Error(`exited early: ${out}`)));
    });
    expect((await fetch(`${url}/_emulator/health`)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 30_000);
});
