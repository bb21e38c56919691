import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { changeOutOfBand, desiredYaml, scrape, seed, startWatch, sum, tempDesired, value, VPCS, type RunningWatch } from './helpers.js';

/**
 * `vpcform watch` end to end against the emulator on 127.0.0.1, with a 200 ms interval. Each test
 * starts its own emulator, file and watch, so the tests hold in any order.
 */
const INTERVAL = '200ms';
const web = VPCS[0];

let emulator: RunningEmulator | undefined;
let watch: RunningWatch | undefined;
let dir: string | undefined;

afterEach(async () => {
  await watch?.stop();
  await emulator?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  watch = undefined;
  emulator = undefined;
  dir = undefined;
});

async function setUp(extra: string[] = []): Promise<{ file: string; emu: RunningEmulator; w: RunningWatch }> {
  const emu = await startEmulator({ port: 0, seed: seed(), updateDelayMs: 50 });
  emulator = emu;
  const desired = await tempDesired();
  dir = desired.dir;
  const w = await startWatch(['-f', desired.file, '--interval', INTERVAL, '--endpoint', emu.url, ...extra]);
  watch = w;
  return { file: desired.file, emu, w };
}

const isCycle = (l: { type: string }) => l.type === 'cycle';

describe('vpcform watch against the emulator', () => {
  it('serves the metrics the issue names, parsed from the Prometheus text, and /healthz and /readyz', async () => {
    const { file, w } = await setUp();
    await w.waitFor(isCycle, { since: 0 });
    const samples = await scrape(w.url);
    expect(value(samples, 'vpcform_managed_vpcs', { target: file })).toBe(4);
    expect(value(samples, 'vpcform_drifted_vpcs', { target: file })).toBe(0);
    expect(value(samples, 'vpcform_checks_total', { target: file, result: 'in_sync' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'vpcform_last_success_timestamp_seconds', { target: file })).toBeGreaterThan(Date.now() / 1000 - 10);
    expect(value(samples, 'vpcform_check_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'vpcform_api_requests_total', { method: 'GET', route: '/v1/{project_id}/vpcs', code: '200' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'vpcform_ready')).toBe(1);
    // Node's process metrics, to watch memory and handles stay flat.
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect((await fetch(`${w.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${w.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toContain(`ok: ${file}`);
    expect((await fetch(`${w.url}/nope`)).status).toBe(404);
    expect(new URL(w.url).hostname).toBe('127.0.0.1');
  });

  it('an unchanged cycle costs one API call (a listing), --heal included, and prints nothing per VPC', async () => {
    const { w } = await setUp(['--heal']);
    const first = await w.waitFor(isCycle, { since: 0 });
    await w.waitFor((l) => isCycle(l) && Number(l['cycle']) >= Number(first['cycle']) + 5, { timeoutMs: 8000 });
    const samples = await scrape(w.url);
    const calls = sum(samples, 'vpcform_api_requests_total');
    const cycles = value(samples, 'vpcform_cycles_total') ?? 0;
    // A scrape may fall between a check's request and its cycle line: at most one call ahead.
    expect(calls - cycles).toBeGreaterThanOrEqual(0);
    expect(calls - cycles).toBeLessThanOrEqual(1);
    expect(w.lines.filter((l) => l.type.startsWith('drift_') || l.type.startsWith('heal_'))).toEqual([]);
    expect(value(samples, 'vpcform_heal_total', { result: 'updated' }) ?? 0).toBe(0);
  });

  it('reports a VPC changed out of band within one interval, with live and git values, and its end when fixed', async () => {
    const { file, emu, w } = await setUp();
    await w.waitFor(isCycle, { since: 0 });
    await changeOutOfBand(emu.url, web.id, { description: 'changed by hand' });
    const mark = w.lines.length;
    const started = await w.waitFor((l) => l.type === 'drift_started', { timeoutMs: 3000 });
    // Within one interval: reported by the next check (at most one cycle, in flight when the change landed, ends before).
    expect(w.lines.slice(mark, w.lines.indexOf(started)).filter(isCycle).length).toBeLessThanOrEqual(1);
    expect(started).toMatchObject({ target: file, address: 'vpcs.web', id: web.id, status: 'drifted' });
    expect(started['fields']).toEqual([expect.objectContaining({ path: 'description', live: 'changed by hand', desired: 'web tier', managed: true })]);
    await w.waitFor(isCycle);
    expect(value(await scrape(w.url), 'vpcform_drifted_vpcs', { target: file })).toBe(1);
    expect(value(await scrape(w.url), 'vpcform_checks_total', { target: file, result: 'drift' })).toBeGreaterThanOrEqual(1);
    // Drifting as before prints nothing more about the VPC.
    const steady = w.lines.length;
    await w.waitFor(isCycle);
    await w.waitFor(isCycle);
    expect(w.lines.slice(steady).filter((l) => l.type.startsWith('drift_'))).toEqual([]);

    await changeOutOfBand(emu.url, web.id, { description: 'web tier' });
    const stopped = await w.waitFor((l) => l.type === 'drift_stopped', { timeoutMs: 3000 });
    expect(stopped).toMatchObject({ address: 'vpcs.web', id: web.id, reason: 'in_sync' });
    await w.waitFor(isCycle);
    expect(value(await scrape(w.url), 'vpcform_drifted_vpcs', { target: file })).toBe(0);
    // Read only: the watch itself never wrote (the two PUTs are the test's own).
    expect(emu.stats().routes['PUT /v1/{project_id}/vpcs/{vpc_id}']).toBe(2);
  });

  it('--heal converges a drifted VPC with the apply engine and counts it', async () => {
    const { file, emu, w } = await setUp(['--heal']);
    await w.waitFor(isCycle, { since: 0 });
    await changeOutOfBand(emu.url, web.id, { description: 'changed by hand' });
    await w.waitFor((l) => l.type === 'drift_started');
    const healed = await w.waitFor((l) => l.type === 'heal_done', { timeoutMs: 5000 });
    expect(healed).toMatchObject({ target: file, address: 'vpcs.web', id: web.id, action: 'update', result: 'updated' });
    await w.waitFor((l) => l.type === 'drift_stopped' && l['address'] === 'vpcs.web', { timeoutMs: 3000 });
    expect(emu.vpc(web.id)?.description).toBe('web tier');
    const samples = await scrape(w.url);
    expect(value(samples, 'vpcform_heal_total', { target: file, result: 'updated' })).toBe(1);
    expect(value(samples, 'vpcform_api_requests_total', { method: 'PUT', route: '/v1/{project_id}/vpcs/{vpc_id}', code: '200' })).toBe(1);
    // Once in sync, no more heals.
    await w.waitFor(isCycle);
    await w.waitFor(isCycle);
    expect(w.lines.filter((l) => l.type === 'heal_done')).toHaveLength(1);
  });

  it('stays up while the emulator is down: /readyz flips to 503 and back once it returns', async () => {
    const { file, emu, w } = await setUp();
    await w.waitFor(isCycle, { since: 0 });
    expect((await fetch(`${w.url}/readyz`)).status).toBe(200);
    const port = emu.port;
    await emu.stop();
    emulator = undefined;
    const failed = await w.waitFor((l) => l.type === 'check_failed', { timeoutMs: 5000 });
    expect(failed).toMatchObject({ target: file, error: expect.objectContaining({ code: 'CLOUD_NETWORK' }) });
    const notReady = await fetch(`${w.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toContain('last check failed');
    expect((await fetch(`${w.url}/healthz`)).status).toBe(200);
    // Failures keep being retried, with back-off, and counted.
    await w.waitFor((l) => l.type === 'check_failed' && Number(l['failures']) >= 2, { timeoutMs: 5000 });
    expect(value(await scrape(w.url), 'vpcform_checks_total', { target: file, result: 'error' })).toBeGreaterThanOrEqual(2);
    expect(value(await scrape(w.url), 'vpcform_ready')).toBe(0);

    emulator = await startEmulator({ port, seed: seed(), updateDelayMs: 50 });
    await w.waitFor((l) => l.type === 'check_ok', { timeoutMs: 5000 });
    expect((await fetch(`${w.url}/readyz`)).status).toBe(200);
  });

  it('reports an invalid edit of the watched file and keeps watching its last valid state', async () => {
    const { file, emu, w } = await setUp();
    await w.waitFor(isCycle, { since: 0 });
    await writeFile(file, desiredYaml().replace('cidr: 192.168.0.0/16', 'cidr: 192.168.0.0/33'));
    const invalid = await w.waitFor((l) => l.type === 'desired_invalid', { timeoutMs: 3000 });
    expect(invalid).toMatchObject({ target: file, scope: 'file', kept: true });
    expect(JSON.stringify(invalid['diagnostics'])).toContain('CONFIG_CIDR');
    const cycle = await w.waitFor(isCycle);
    expect(cycle['invalid']).toEqual([file]);
    expect(cycle['checks']).toEqual([expect.objectContaining({ target: file, result: 'in_sync' })]);
    expect(value(await scrape(w.url), 'vpcform_desired_state_valid', { target: file })).toBe(0);
    expect((await fetch(`${w.url}/readyz`)).status).toBe(200);
    // Reported once, not every cycle.
    await w.waitFor(isCycle);
    expect(w.lines.filter((l) => l.type === 'desired_invalid')).toHaveLength(1);

    // The last valid state is what is compared: a change out of band still shows.
    await changeOutOfBand(emu.url, web.id, { description: 'changed by hand' });
    const started = await w.waitFor((l) => l.type === 'drift_started', { timeoutMs: 3000 });
    expect(started['fields']).toEqual([expect.objectContaining({ path: 'description', desired: 'web tier' })]);

    // A valid edit is picked up: git now agrees with the live description.
    await writeFile(file, desiredYaml({ web: 'changed by hand' }));
    await w.waitFor((l) => l.type === 'desired_loaded' && l['first'] === false, { timeoutMs: 3000 });
    await w.waitFor((l) => l.type === 'drift_stopped', { timeoutMs: 3000 });
    expect(value(await scrape(w.url), 'vpcform_desired_state_valid', { target: file })).toBe(1);
  });
});

describe('stopping during a heal', () => {
  it('names the VPC whose update was sent but had not settled, and still exits 0 within the grace', async () => {
    const emu = await startEmulator({ port: 0, seed: seed(), updateDelayMs: 20 });
    emulator = emu;
    await changeOutOfBand(emu.url, web.id, { description: 'changed by hand' });
    await new Promise((r) => setTimeout(r, 100));
    // From now on an update of vpc-web never settles: the heal's PUT leaves it PENDING_UPDATE.
    emu.setFaults({ vpc_status: { [web.id]: 'stuck' } });
    const desired = await tempDesired();
    dir = desired.dir;
    const w = await startWatch(['-f', desired.file, '--interval', INTERVAL, '--endpoint', emu.url, '--heal', '--grace', '300ms']);
    watch = w;
    await w.waitFor((l) => l.type === 'drift_started', { since: 0 });
    for (let i = 0; i < 100 && (emu.stats().routes['PUT /v1/{project_id}/vpcs/{vpc_id}'] ?? 0) < 2; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(emu.stats().routes['PUT /v1/{project_id}/vpcs/{vpc_id}']).toBe(2);
    const stoppedAt = Date.now();
    expect(await w.stop()).toBe(0);
    watch = undefined;
    expect(Date.now() - stoppedAt).toBeLessThan(3000);
    expect(w.lines.filter((l) => l.type === 'heal_done')).toEqual([expect.objectContaining({ address: 'vpcs.web', id: web.id, action: 'update', result: 'pending' })]);
    expect(w.lines.at(-1)).toMatchObject({ type: 'watch_stop', reason: 'signal' });
  });
});

describe('vpcform watch start-up errors', () => {
  it('exits 1 before watching for a bad command line or a metrics port already taken', async () => {
    const desired = await tempDesired();
    dir = desired.dir;
    const cases: Array<[string[], string]> = [
      [['watch'], 'No desired-state file given'],
      [['watch', '-f', desired.file, '--heal-deletes'], '--heal-deletes needs --heal'],
      [['watch', '-f', desired.file, '--interval', 'soon'], 'is not a duration'],
      [['watch', '-f', desired.file, '--metrics-addr', 'nowhere'], 'is not HOST:PORT'],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli(argv);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
    const w = await startWatch(['-f', desired.file, '--interval', '1h', '--endpoint', 'http://127.0.0.1:9']);
    watch = w;
    const taken = await runCli(['watch', '-f', desired.file, '--metrics-addr', new URL(w.url).host, '--endpoint', 'http://127.0.0.1:9']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('WATCH_LISTEN');
    expect(taken.stderr).toContain('EADDRINUSE');
  });
});

describe('vpcform watch as a process', () => {
  it('exits 0 promptly on SIGTERM, saying so', async () => {
    const emu = await startEmulator({ port: 0, seed: seed() });
    emulator = emu;
    const desired = await tempDesired();
    dir = desired.dir;
    const child = spawn(process.execPath, [BIN, 'watch', '-f', desired.file, '--interval', INTERVAL, '--endpoint', emu.url, '--metrics-addr', '127.0.0.1:0'], {
      env: { PATH: process.env['PATH'], NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no cycle line; stdout: ${out}; stderr: ${err}`)), 10_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        if (/cycle 2:/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const killedAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    expect(code).toBe(0);
    expect(Date.now() - killedAt).toBeLessThan(3000);
    expect(out).toMatch(/stopped after \d+ cycles\n$/);
    expect(err).toBe('');
  });
});
