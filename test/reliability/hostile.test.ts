/**
 * Hostile input and misuse: every case of the corpus is answered with a clear error and exit 1 —
 * never a crash (no stack trace), a hang (a time bound), or a write (the emulator saw no PUT, no file
 * appeared). `apply` runs as a real process; `validate`, `plan` and `show` also run in-process.
 */
import { readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { plan } from '../../src/index.js';
import { serializePlan } from '../../src/plan/plan-file.js';
import type { Plan } from '../../src/plan/types.js';
import { runCli } from '../helpers/cli.js';
import { hostilePlanFixtures, writeHostileDesired } from './hostile-corpus.js';
import { emulatorWith, hasStackTrace, putsByVpc, recordFigures, runVpcform, tempDir, vpcIdFor, writeDesired, type TimedResult } from './helpers.js';

const BOUND_MS = 20_000;
/** Valid offline: refused only when a command would connect. */
const ONLINE_ONLY = new Set(['target-not-loopback.yaml']);
/**
 * Desired files also applied as a real process, one per kind of refusal (size, depth, keys, aliases,
 * encoding, not a file, offline rule): the exit path of bin.ts. The others are applied in-process
 * (the same code bar bin.ts); every file is also validated in-process.
 */
const DESIRED_AS_PROCESS = new Set([
  'keys-100000-vpcs.yaml',
  'nesting-10000-flow.yaml',
  'string-1mb-description.yaml',
  'anchors-bomb.yaml',
  'utf16-bom.yaml',
  'too-large.yaml',
  'a-directory.yaml',
  'target-not-loopback.yaml',
]);
/** Plan fixtures also applied as a real process (the rest in-process, to keep CI short). */
const AS_PROCESS = new Set(['base.json', 'binary-junk.json', 'format-version-3.json', 'other-endpoint.json', 'other-project.json', 'truncated-utf8.json', 'request-without-name-or-cidr.json']);
let emu: RunningEmulator;
let dir: string;
let tried = 0;

beforeAll(async () => {
  emu = await emulatorWith({
    vpcs: [
      { id: vpcIdFor(0), name: 'vpc-0', cidr: '10.0.0.0/16' },
      { id: vpcIdFor(1), name: 'vpc-1', cidr: '10.1.0.0/16' },
      { id: vpcIdFor(900), name: 'bystander', cidr: '10.9.0.0/16' },
    ],
  });
  dir = tempDir('hostile');
});
afterAll(async () => {
  recordFigures('hostile', { inputs: tried });
  await emu.stop();
});

/** Exit 1, an error that says what is wrong, no stack, in time, and nothing written anywhere. */
function expectRefused(run: TimedResult | { code: number; stdout: string; stderr: string }, what: string, filesBefore: string[]): void {
  const context = `${what}\nstdout: ${run.stdout.slice(0, 1500)}\nstderr: ${run.stderr.slice(0, 1500)}`;
  if ('killed' in run) expect(run.killed, `hang: ${context}`).toBe(false);
  expect(run.code, context).toBe(1);
  expect(hasStackTrace(run.stderr), context).toBe(false);
  expect(run.stderr + run.stdout, context).not.toMatch(/\[INTERNAL\]|"code":"INTERNAL"|please report/i);
  expect(run.stderr + run.stdout, context).toMatch(/error/i);
  expect(putsByVpc(emu).size, `a PUT was sent: ${context}`).toBe(0);
  expect(readdirSync(dir).sort(), `a file was written: ${context}`).toEqual(filesBefore);
}

/** Runs `fn` over `items` with at most `limit` at once (the machine has 2 cores). */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

describe('hostile desired-state files', () => {
  it('each is refused with exit 1 by validate and apply (plan where validate may accept); no crash, hang or write', { timeout: 180_000 }, async () => {
    const cases = writeHostileDesired(dir, { endpoint: emu.url, projectId: emu.projectId });
    for (const file of DESIRED_AS_PROCESS) expect(cases.has(file), `${file} is no longer in the corpus`).toBe(true);
    const before = readdirSync(dir).sort();
    await eachLimited([...cases], 2, async ([file, what]) => {
      // `plan` loads with the same code as `validate`: in-process only where validate may accept.
      for (const argv of ONLINE_ONLY.has(file) ? [['validate', file], ['plan', '-f', file]] : [['validate', file]]) {
        const started = Date.now();
        const run = await runCli(argv, { cwd: dir });
        expect(Date.now() - started, `${what}: ${argv[0]} took too long`).toBeLessThan(BOUND_MS);
        if (argv[0] === 'validate' && ONLINE_ONLY.has(file)) expect(hasStackTrace(run.stderr)).toBe(false);
        else expectRefused(run, `${what} (${argv.join(' ')}, in-process)`, before);
      }
      const argv = ['apply', '-f', file, '--auto-approve', '--json'];
      const started = Date.now();
      const asProcess = DESIRED_AS_PROCESS.has(file);
      const run = asProcess ? await runVpcform(argv, { cwd: dir, boundMs: BOUND_MS }) : await runCli(argv, { cwd: dir });
      expect(Date.now() - started, `${what}: apply took too long`).toBeLessThan(BOUND_MS);
      expectRefused(run, `${what} (apply ${asProcess ? 'as a process' : 'in-process'})`, before);
      expect(() => JSON.parse(run.stdout.trim().split('\n').at(-1) ?? ''), `--json: ${run.stdout.slice(0, 300)}`).not.toThrow();
      tried += 1;
    });
  });

  it('a character device, a missing file and an empty path are refused too', async () => {
    const before = readdirSync(dir).sort();
    for (const file of ['/dev/zero', 'no-such-file.yaml', '', ' ']) {
      const run = await runCli(['validate', file], { cwd: dir });
      expectRefused(run, `validate ${JSON.stringify(file)}`, before);
      // An empty path (an unset shell variable) is not the working directory: nothing else gets read.
      if (file.trim() === '') expect(run.stderr).toMatch(/empty path/);
      tried += 1;
    }
  });
});

describe('hostile and misused plan files', () => {
  let base: Plan;
  beforeAll(async () => {
    const desired = join(tempDir('hostile-desired'), 'vpcs.yaml');
    writeDesired(desired, emu, { v0: { id: vpcIdFor(0), name: 'hostile-0' }, v1: { id: vpcIdFor(1), description: 'edited' } });
    base = (await plan({ files: [desired], env: {} })).plans[0]!;
    expect(base.summary.update).toBe(2);
  });

  it('each committed fixture is refused by `apply PLAN` and never crashes `show`', { timeout: 120_000 }, async () => {
    const fixtures = hostilePlanFixtures({ endpoint: emu.url, projectId: emu.projectId });
    for (const [name, bytes] of fixtures) writeFileSync(join(dir, `plan-${name}`), bytes);
    const before = readdirSync(dir).sort();
    await eachLimited([...fixtures.keys()], 2, async (name) => {
      const file = `plan-${name}`;
      // In-process for all (the same code bar bin.ts); as a real process for a sample, to cover the exit path.
      const run = AS_PROCESS.has(name) ? await runVpcform(['apply', file], { cwd: dir, boundMs: BOUND_MS }) : await runCli(['apply', file], { cwd: dir });
      expectRefused(run, `apply ${name}`, before);
      const show = await runCli(['show', file], { cwd: dir });
      expect(hasStackTrace(show.stderr), show.stderr).toBe(false);
      expect([0, 1], show.stderr).toContain(show.code);
      tried += 2;
    });
  });

  it('plans edited by hand or aimed elsewhere are refused: the edited VPC gets no PUT', { timeout: 60_000 }, async () => {
    // [what, edit, the VPCs that must get no PUT (all: the whole file is refused)]
    const all = [vpcIdFor(0), vpcIdFor(1), vpcIdFor(900)];
    const elsewhere = await emulatorWith({ project_id: emu.projectId, vpcs: [{ id: vpcIdFor(500), name: 'elsewhere', cidr: '10.5.0.0/16' }] });
    const edits: Array<[string, (p: Plan) => void, string[]]> = [
      ['request renamed (attributes untouched)', (p) => void (p.changes[0]!.request!.vpc.name = 'not-what-was-reviewed'), all],
      ['request gains a cidr the review never showed', (p) => void (p.changes[1]!.request!.vpc.cidr = '10.1.0.0/24'), all],
      ['request gains routes', (p) => void (p.changes[1]!.request!.vpc.routes = []), all],
      ['the name anchor of a description-only change renamed', (p) => void (p.changes[1]!.request!.vpc.name = 'not-reviewed'), [vpcIdFor(1), vpcIdFor(900)]],
      ["an attribute's before edited", (p) => void (p.changes[1]!.attributes[0]!.before = 'something else'), [vpcIdFor(1), vpcIdFor(900)]],
      ['fingerprint changed', (p) => void (p.changes[0]!.live_fingerprint = `sha256:${'2'.repeat(64)}`), [vpcIdFor(0), vpcIdFor(900)]],
      ['id pointed at a VPC outside the plan', (p) => void (p.changes[0]!.id = vpcIdFor(900)), [vpcIdFor(900)]],
      ['fingerprint removed', (p) => void delete p.changes[0]!.live_fingerprint, [vpcIdFor(0), vpcIdFor(900)]],
      ['project of another tenant', (p) => void (p.target.project_id = 'ffffffffffffffffffffffffffffffff'), all],
      // A server that answers (a dead port would only measure the retries of ECONNREFUSED) and holds none of these VPCs.
      ['endpoint of another server', (p) => void (p.target.endpoint = elsewhere.url), all],
      ['format_version 99', (p) => void ((p as { format_version: number }).format_version = 99), all],
    ];
    for (const [i, [what, edit, untouched]] of edits.entries()) {
      const copy = structuredClone(base);
      edit(copy);
      const file = `edited-${i}.json`;
      writeFileSync(join(dir, file), serializePlan(copy));
      emu.resetData();
      emu.resetStats();
      // In-process (the same code bar bin.ts, whose exit path the fixture sample above covers as a process).
      const started = Date.now();
      const run = await runCli(['apply', file, '--json'], { cwd: dir });
      const context = `apply: ${what}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(0, 1500)}`;
      expect(Date.now() - started, `hang: ${context}`).toBeLessThan(BOUND_MS);
      expect(run.code, context).toBe(1);
      expect(hasStackTrace(run.stderr), context).toBe(false);
      expect(run.stdout, context).toMatch(/"code":"(PLAN_[A-Z_]+|CLOUD_[A-Z_]+)"/);
      const puts = putsByVpc(emu);
      for (const id of untouched) expect(puts.get(id), `${id} got a PUT: ${context}`).toBeUndefined();
      expect(putsByVpc(elsewhere).size, `the other server got a PUT: ${context}`).toBe(0);
      tried += 1;
    }
    await elsewhere.stop();
    // The untouched plan still applies: the refusals above were about the edits.
    emu.resetData();
    emu.resetStats();
    writeFileSync(join(dir, 'untouched.json'), serializePlan(base));
    const ok = await runVpcform(['apply', 'untouched.json'], { cwd: dir, boundMs: BOUND_MS });
    expect(ok.code, ok.stderr).toBe(0);
    expect([...putsByVpc(emu).keys()].sort()).toEqual([vpcIdFor(0), vpcIdFor(1)]);
    emu.resetData();
    emu.resetStats();
  });

  it('a directory, a missing file and a huge file given as a plan are refused quickly', { timeout: 60_000 }, async () => {
    const huge = join(dir, 'huge-plan.json');
    const text = serializePlan(base);
    writeFileSync(huge, text);
    const size = Buffer.byteLength(text) + 300 * 1024 * 1024;
    truncateSync(huge, size); // a real plan, then a sparse tail of 300 MB of NULs
    const before = readdirSync(dir).sort();
    for (const target of ['.', 'missing-plan.json', 'huge-plan.json']) {
      const run = await runVpcform(['apply', target], { cwd: dir, boundMs: BOUND_MS });
      expectRefused(run, `apply ${target}`, before);
      const show = await runVpcform(['show', target], { cwd: dir, boundMs: BOUND_MS });
      expectRefused(show, `show ${target}`, before);
      tried += 2;
    }
    expect(statSync(huge).size).toBe(size);
  });
});
