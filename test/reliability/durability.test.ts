/**
 * Durability: the emulator's `--state` file survives `kill -9` at any moment (it always holds one of
 * the written versions, and a restart loads it); a corrupt state file is refused and left untouched;
 * `plan --out` never leaves a half-written plan, whether killed mid-write or failing to write.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStateFile } from '../../src/emulator/state-file.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { parsePlan } from '../../src/plan/plan-file.js';
import { BIN } from '../helpers/cli.js';
import { hasStackTrace, prng, recordFigures, runVpcform, tempDir, vpcIdFor, writeDesired } from './helpers.js';

const KILLS = Number(process.env['CHAOS_KILLS'] ?? '') || 4;
const PROJECT = '0123456789abcdef0123456789abcdef';
const figures = { kills: 0, puts_acknowledged: 0, plan_kills: 0 };
afterAll(() => recordFigures('durability', figures));

interface Emulator {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** `vpcform emulator --state F` as a process; resolves once it prints its URL. */
function startEmulatorProcess(state: string, seed: string, env: Record<string, string> = {}): Promise<Emulator> {
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--state', state, '--seed', seed, '--update-delay', '0', '--quiet'], {
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url, exited });
    });
    void exited.then((code) => reject(new Error(`emulator exited with ${code}: ${err}`)));
  });
}

describe('emulator --state survives kill -9', () => {
  it(`${KILLS} kills at random moments during a PUT loop: the file always loads and holds a written version`, { timeout: 120_000 }, async () => {
    const dir = tempDir('state');
    const state = join(dir, 'state.json');
    const seed = join(dir, 'seed.json');
    const id = vpcIdFor(0);
    writeFileSync(seed, JSON.stringify({ project_id: PROJECT, vpcs: [{ id, name: 'gen-0', cidr: '10.0.0.0/16' }, { id: vpcIdFor(1), name: 'other', cidr: '10.1.0.0/16' }] }));
    const sent = new Set(['gen-0']);
    const rnd = prng(20_251_128);
    let generation = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const emu = await startEmulatorProcess(state, seed);
      // After a restart the VPC carries the name the file held: one that was written.
      const before = (await (await fetch(`${emu.url}/v1/${PROJECT}/vpcs/${id}`)).json()) as { vpc: { name: string } };
      expect(sent, `restart ${kill} loaded a name never written`).toContain(before.vpc.name);
      let stop = false;
      const loop = (async () => {
        while (!stop) {
          const name = `gen-${++generation}`;
          sent.add(name);
          try {
            const res = await fetch(`${emu.url}/v1/${PROJECT}/vpcs/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ vpc: { name, description: `written ${generation}` } }) });
            if (res.ok) figures.puts_acknowledged += 1;
            await res.arrayBuffer();
          } catch {
            return; // killed mid-request
          }
        }
      })();
      await new Promise((r) => setTimeout(r, 50 + Math.floor(rnd() * 400)));
      emu.child.kill('SIGKILL');
      stop = true;
      await emu.exited;
      await loop;
      figures.kills += 1;
      const loaded = await loadStateFile(state);
      expect(loaded, 'the state file exists').toBeDefined();
      const vpc = loaded!.vpcs.find((v) => v.id === id)!;
      expect(sent).toContain(vpc.name);
      expect(vpc.description === '' || vpc.description === `written ${vpc.name.slice(4)}`, `name and description from one write: ${vpc.name} / ${vpc.description}`).toBe(true);
      expect(loaded!.vpcs).toHaveLength(2);
    }
  });

  it('a corrupt, empty, foreign or future state file is refused with a clear message and left untouched', { timeout: 60_000 }, async () => {
    const dir = tempDir('state-bad');
    const cases: Record<string, string> = {
      'torn.json': '{"format":"vpcform-emulator-state","version":1,"project_id":"0123","vpcs":[{"id":"x"',
      'empty.json': '',
      'foreign.json': '{"hello":"world"}',
      'future.json': '{"format":"vpcform-emulator-state","version":2,"project_id":"p","vpcs":[],"subnets":[]}',
      'bad-records.json': '{"format":"vpcform-emulator-state","version":1,"project_id":"p","vpcs":[{"id":1}],"subnets":[]}',
      'binary.json': '\u0000\u0001\u0002\uFFFD',
    };
    for (const [name, text] of Object.entries(cases)) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const run = await runVpcform(['emulator', '--port', '0', '--state', file, '--quiet'], { cwd: dir, boundMs: 15_000 });
      const context = `${name}: ${run.stderr}`;
      expect(run.killed, `started on a corrupt file: ${context}`).toBe(false);
      expect(run.code, context).toBe(1);
      expect(run.stderr, context).toMatch(/state file .* is unusable/);
      expect(run.stderr, context).toContain('EMULATOR_STATE');
      expect(hasStackTrace(run.stderr), context).toBe(false);
      expect(readFileSync(file, 'utf8'), `${name} was changed`).toBe(text);
    }
  });
});

/** Test-only hook of src/io/atomic-write.ts: the writer pauses halfway through the content and says so on stderr. */
const PAUSE_MID_WRITE = { VPCFORM_TEST_PAUSE_MID_WRITE_MS: '30000' };

/** Resolves once `child` says on stderr that it paused inside the write of `target`. */
function pausedMidWrite(child: ChildProcess, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      // The writer names the target as the command resolved it (absolute, or as given).
      if (err.split('\n').some((line) => line.startsWith('vpcform-test: paused mid-write of ') && (line.endsWith(` ${target}`) || line.endsWith(`/${target}`)))) resolve();
    });
    child.on('exit', (code) => reject(new Error(`exited (${code}) before pausing inside the write of ${target}: ${err}`)));
  });
}

function spawnKillable(args: string[], cwd: string, env: Record<string, string>): { child: ChildProcess; exited: Promise<unknown> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  return { child, exited: new Promise((r) => child.on('exit', r)) };
}

describe('a kill -9 inside a write leaves the old file whole', () => {
  // The random kills above mostly land between writes (a write takes milliseconds); these land inside one.
  it('emulator --state: killed halfway through writing the state, the file is the previous state, byte for byte', { timeout: 60_000 }, async () => {
    const dir = tempDir('state-mid-write');
    const state = join(dir, 'state.json');
    const seed = join(dir, 'seed.json');
    const id = vpcIdFor(0);
    writeFileSync(seed, JSON.stringify({ project_id: PROJECT, vpcs: [{ id, name: 'seeded', cidr: '10.0.0.0/16' }] }));
    const put = (url: string, name: string) =>
      fetch(`${url}/v1/${PROJECT}/vpcs/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ vpc: { name } }) });

    const first = await startEmulatorProcess(state, seed);
    expect((await put(first.url, 'before-the-kill')).status).toBe(200);
    while ((await loadStateFile(state).catch(() => undefined))?.vpcs[0]?.name !== 'before-the-kill') await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    const old = readFileSync(state);

    const second = await startEmulatorProcess(state, seed, PAUSE_MID_WRITE);
    const paused = pausedMidWrite(second.child, state);
    expect((await put(second.url, 'lost-with-the-kill')).status).toBe(200);
    await paused;
    second.child.kill('SIGKILL');
    await second.exited;
    expect(readFileSync(state).equals(old), `the state file changed: ${readFileSync(state, 'utf8').slice(0, 300)}`).toBe(true);

    const third = await startEmulatorProcess(state, seed);
    const served = (await (await fetch(`${third.url}/v1/${PROJECT}/vpcs/${id}`)).json()) as { vpc: { name: string } };
    third.child.kill('SIGKILL');
    await third.exited;
    expect(served.vpc.name).toBe('before-the-kill');
  });

  it('plan --out: killed halfway through writing the plan, the file is the previous plan, byte for byte', { timeout: 60_000 }, async () => {
    const emu = await startEmulator({ port: 0, seed: { vpcs: [0, 1, 2].map((i) => ({ id: vpcIdFor(i), name: `vpc-${i}`, cidr: `10.${i}.0.0/16` })) } });
    try {
      const dir = tempDir('plan-mid-write');
      writeDesired(join(dir, 'old.yaml'), emu, { v0: { id: vpcIdFor(0), description: 'the reviewed plan' } });
      writeDesired(join(dir, 'new.yaml'), emu, { v1: { id: vpcIdFor(1), description: 'x'.repeat(200) }, v2: { id: vpcIdFor(2), name: 'renamed' } });
      const first = await runVpcform(['plan', '-f', 'old.yaml', '--out', 'plan.json'], { cwd: dir, boundMs: 20_000 });
      expect(first.code, first.stderr).toBe(0);
      const old = readFileSync(join(dir, 'plan.json'));

      const { child, exited } = spawnKillable(['plan', '-f', 'new.yaml', '--out', 'plan.json'], dir, PAUSE_MID_WRITE);
      await pausedMidWrite(child, 'plan.json');
      child.kill('SIGKILL');
      await exited;
      expect(readFileSync(join(dir, 'plan.json')).equals(old), `plan.json changed: ${readFileSync(join(dir, 'plan.json'), 'utf8').slice(0, 300)}`).toBe(true);
      expect(parsePlan(old.toString('utf8'), 'plan.json').changes.map((c) => c.address)).toEqual(['vpcs.v0']);
    } finally {
      await emu.stop();
    }
  });
});

describe('plan --out is never half-written', () => {
  let emu: RunningEmulator | undefined;
  afterAll(async () => emu?.stop());

  it('killed at random moments while writing a large plan: the file is the old plan or the new one, never a torn one', { timeout: 120_000 }, async () => {
    const count = 3000;
    const vpcs = Array.from({ length: count }, (_, i) => ({ id: vpcIdFor(i), name: `vpc-${i}`, cidr: `10.${i % 250}.0.0/16`, description: 'x'.repeat(200) }));
    emu = await startEmulator({ port: 0, seed: { vpcs } });
    const dir = tempDir('plan-out');
    const file = join(dir, 'vpcs.yaml');
    writeDesired(file, emu, Object.fromEntries(vpcs.map((v, i) => [`v${i}`, { id: v.id, name: `new-${i}`, description: 'y'.repeat(250) }])));
    const first = await runVpcform(['plan', '-f', file, '--out', 'plan.json'], { cwd: dir, boundMs: 60_000 });
    expect(first.code, first.stderr).toBe(0);
    const full = parsePlan(readFileSync(join(dir, 'plan.json'), 'utf8'), 'plan.json');
    expect(full.summary.update).toBe(count);
    const rnd = prng(77);
    for (let k = 0; k < Math.max(3, KILLS - 1); k++) {
      const child = spawn(process.execPath, [BIN, 'plan', '-f', file, '--out', 'plan.json'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' }, stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      await new Promise((r) => setTimeout(r, 300 + Math.floor(rnd() * Math.max(300, first.ms))));
      child.kill('SIGKILL');
      await exited;
      figures.plan_kills += 1;
      const plan = parsePlan(readFileSync(join(dir, 'plan.json'), 'utf8'), 'plan.json'); // throws on a torn file
      expect(plan.changes).toHaveLength(count);
    }
  });

  it('a write that fails leaves no file (missing directory, a directory in the way)', async () => {
    const dir = tempDir('plan-out-fail');
    const file = join(dir, 'vpcs.yaml');
    emu ??= await startEmulator({ port: 0, seed: { vpcs: [{ id: vpcIdFor(0), name: 'a', cidr: '10.0.0.0/16' }] } });
    writeDesired(file, emu, { v0: { id: vpcIdFor(0), name: 'b' } });
    mkdirSync(join(dir, 'taken.json'));
    for (const out of ['missing/dir/plan.json', 'taken.json']) {
      const run = await runVpcform(['plan', '-f', file, '--out', out], { cwd: dir, boundMs: 20_000 });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain('IO_WRITE');
      expect(hasStackTrace(run.stderr), run.stderr).toBe(false);
    }
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    expect(readdirSync(join(dir, 'taken.json'))).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
