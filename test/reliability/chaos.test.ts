/**
 * Chaos: `vpcform apply` as a real process against the emulator while it injects latency, 429s,
 * 5xx, resets (before and after the write, on GET, PUT, POST and DELETE), stuck and failing VPCs,
 * creates stuck in CREATING or turning ERROR, deletes stuck in PENDING_DELETE or turning ERROR. Each
 * seed's file updates, creates (some replacing a VPC of the same name) and deletes. CI runs a few
 * fixed seeds; `npm run test:chaos -- --seeds N` runs N (CHAOS_SEEDS). After each run the summary
 * must be true to the emulator's state, complete, and explained, no name may have two VPCs, and the
 * process must exit by itself, promptly; a second, fault-free apply converges what is not stuck.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { apply } from '../../src/index.js';
import { assertClaimsTrue, assertNoDuplicates, kindOf, SUCCEEDED, type ApplyView, type FileView, type Outcome } from './chaos-invariants.js';
import { casesOf, CHAOS_CASES, chaosScenario, type ChaosScenario } from './chaos-scenario.js';
import { DELETE_ROUTE, emulatorWith, hasStackTrace, parseJsonLines, POST_ROUTE, putsByVpc, recordFigures, runVpcform, tempDir, vpcIdFor, writeDesired, type DesiredFields } from './helpers.js';
import { mismatchedFields } from './vpc-match.js';

const CI_SEEDS = [53, 60];
const SEEDS = seedList();
const STATUS_TIMEOUT = '2s';
/** A run must end by itself within this: stuck VPCs time out after 2 s, retries are bounded. */
const EXIT_BOUND_MS = 60_000;

function seedList(): number[] {
  const n = Number(process.env['CHAOS_SEEDS'] ?? '');
  if (Number.isInteger(n) && n > 0) {
    const first = Number(process.env['CHAOS_FIRST_SEED'] ?? '1000');
    return Array.from({ length: n }, (_, i) => first + i);
  }
  // Chosen so that together they meet every fault and lifecycle case of chaos-scenario.ts: updates,
  // creates and deletes stuck and turning ERROR, replacements with the old and a new cidr, a delete by
  // name, PENDING_DELETE windows, resets, 429s and a rate limit, at 6-7 % faults (the long run, 1000..,
  // meets rates up to 30 %).
  return CI_SEEDS;
}

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

describe('chaos: apply under faults', () => {
  it('the CI seeds together meet every case the scenarios can hold', () => {
    const met = new Set(CI_SEEDS.flatMap((seed) => [...casesOf(chaosScenario(seed))]));
    expect(CHAOS_CASES.filter((c) => !met.has(c))).toEqual([]);
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: the summary is complete, true and explained; no duplicate VPC; a fault-free second apply converges`, { timeout: 2 * EXIT_BOUND_MS + 30_000 }, async () => {
      const scenario = chaosScenario(seed);
      emu = await emulatorWith({ vpcs: scenario.live }, { updateDelayMs: 40, createDelayMs: scenario.createDelayMs, deleteDelayMs: scenario.deleteDelayMs });
      const dir = tempDir('chaos');
      const file = join(dir, 'vpcs.yaml');
      writeDesired(file, emu, scenario.desired);
      emu.setFaults(scenario.faults);

      const first = await applyOnce(emu, file, dir, STATUS_TIMEOUT, scenario.parallelism, `seed ${seed}, first apply`);
      emu.setFaults({ fault_rate: 0, latency_ms: 0, rate_limit_rps: 0, next: [] });
      const context = first.context;
      const puts = putsByVpc(emu);
      for (const id of scenario.bystanders) expect(puts.get(id), `bystander ${id} received a PUT`).toBeUndefined();
      const faults = first.log.filter((r) => r.fault !== undefined || r.status === 429).length;
      assertNoDuplicates(emu, scenario, context);

      if (first.view === undefined) {
        // Planning itself failed (the refresh gave up): one explained error, and nothing written.
        const error = first.lines.find((l) => 'error' in l)?.['error'] as { code?: string; summary?: string } | undefined;
        expect(error?.code, context).toMatch(/^CLOUD_/);
        expect(first.log.filter((r) => r.applied === true).length, context).toBe(0);
        expect(first.run.code).toBe(1);
      } else {
        const { outcomes } = first.view;
        expect(outcomes.map((o) => o.address).sort(), 'every VPC appears exactly once').toEqual(Object.keys(scenario.desired).map((k) => `vpcs.${k}`).sort());
        assertClaimsTrue(emu, scenario, first.view, context);
        for (const key of doomed(scenario)) expect(outcomes.find((o) => o.address === `vpcs.${key}`)?.result, `${key} is stuck or broken\n${context}`).toBe('failed');
        expect(first.run.code, context).toBe(outcomes.every((o) => SUCCEEDED.has(o.result)) ? 0 : 1);
      }

      // The second apply meets no fault: what is not stuck, broken or waiting for such a VPC converges.
      const second = await applyOnce(emu, file, dir, '1s', 10, `seed ${seed}, second apply`);
      expect(second.view, second.context).toBeDefined();
      assertClaimsTrue(emu, scenario, second.view!, second.context);
      assertNoDuplicates(emu, scenario, second.context);
      const excused = new Set(doomed(scenario));
      for (const o of second.view!.outcomes) {
        if (!excused.has(o.address.slice('vpcs.'.length))) expect(SUCCEEDED, `${o.address} ${o.result} ${JSON.stringify(o.failure ?? {})}\n${second.context}`).toContain(o.result);
      }
      const counts = (view: ApplyView | undefined, result: string) => view?.outcomes.filter((o) => o.result === result).length ?? 0;
      recordFigures('chaos', {
        seeds: 1,
        faults,
        vpcs: first.view?.outcomes.length ?? 0,
        puts: [...putsByVpc(emu, first.log).values()].reduce((a, b) => a + b, 0),
        posts: first.log.filter((r) => r.route === POST_ROUTE).length,
        deletes_sent: first.log.filter((r) => r.route === DELETE_ROUTE).length,
        after_write_faults: first.log.filter((r) => r.fault !== undefined && r.applied === true).length,
        lost_post_answers: first.log.filter((r) => r.route === POST_ROUTE && r.fault !== undefined && r.applied === true).length,
        lost_delete_answers: first.log.filter((r) => r.route === DELETE_ROUTE && r.fault !== undefined && r.applied === true).length,
        updated: counts(first.view, 'updated'),
        created: counts(first.view, 'created'),
        deleted: counts(first.view, 'deleted'),
        unchanged: counts(first.view, 'unchanged'),
        failed: counts(first.view, 'failed'),
        plan_failed: first.view === undefined ? 1 : 0,
        second_converged: second.view!.outcomes.filter((o) => SUCCEEDED.has(o.result)).length,
        second_failed: counts(second.view, 'failed'),
      });
    });
  }
});

/**
 * The entries that cannot converge: updates of VPCs stuck in PENDING_UPDATE or turned ERROR, creates
 * stuck in CREATING or turned ERROR, deletes stuck in PENDING_DELETE or turned ERROR, and the creates
 * that wait for such a delete.
 */
function doomed(scenario: ChaosScenario): string[] {
  const { desired, lifecycle } = scenario;
  const out: string[] = [];
  for (const [key, want] of Object.entries(desired)) {
    const kind = kindOf(scenario, key);
    if (kind === 'update' && (scenario.stuck.includes(want.id!) || scenario.broken.includes(want.id!))) out.push(key);
    if (kind === 'create' && [...lifecycle.stuckCreates, ...lifecycle.brokenCreates].includes(want.name!)) out.push(key);
    const deleteId = lifecycle.deletes[key];
    if (kind === 'delete' && deleteId !== undefined && [...lifecycle.stuckDeletes, ...lifecycle.brokenDeletes].includes(deleteId)) out.push(key);
  }
  for (const [createKey, deleteKey] of Object.entries(lifecycle.replaces)) if (out.includes(deleteKey) && !out.includes(createKey)) out.push(createKey);
  return out;
}

/**
 * `vpcform apply --json --auto-approve` as a process: it exits by itself (promptly after its summary),
 * with no stack trace, and every stdout line is JSON. `view` is undefined when planning gave up.
 */
async function applyOnce(running: RunningEmulator, file: string, dir: string, timeout: string, parallelism: number, label: string) {
  const since = running.requestLog().at(-1)?.seq ?? 0;
  const run = await runVpcform(['apply', '-f', file, '--auto-approve', '--json', '--timeout', timeout, '--parallelism', String(parallelism)], { cwd: dir, boundMs: EXIT_BOUND_MS });
  const context = `${label}\nstderr:\n${run.stderr.slice(0, 4000)}`;
  expect(run.killed, `the process did not exit by itself (${context})`).toBe(false);
  expect(hasStackTrace(run.stderr), context).toBe(false);
  const lines = parseJsonLines(run.stdout);
  const log = running.requestLog().filter((r) => r.seq > since);
  const done = lines.filter((l) => l.type === 'apply_done').at(-1);
  if (done === undefined) return { run, lines, log, context, view: undefined };
  // Promptly: once the summary is out, nothing (a timer, a socket, a pending retry) holds the process.
  expect(run.endedAt - (done['at'] as number), 'ms from apply_done to exit').toBeLessThan(3000);
  const outcomes = (done['summary'] as { outcomes: Outcome[] }).outcomes;
  const view: ApplyView = { lines, outcomes, log, alone: true };
  return { run, lines, log, context: `${context}\noutcomes:\n${outcomes.map((o) => `${o.address} ${o.result} ${o.id ?? ''} ${o.failure?.code ?? ''}`).join('\n')}`, view };
}

describe('chaos: the library in-process', () => {
  it('apply under faults leaves no unhandled rejection and no timer or socket behind', { timeout: 60_000 }, async () => {
    const scenario = chaosScenario(51);
    emu = await emulatorWith({ vpcs: scenario.live }, { updateDelayMs: 40, createDelayMs: scenario.createDelayMs, deleteDelayMs: scenario.deleteDelayMs });
    const file = join(tempDir('chaos-lib'), 'vpcs.yaml');
    writeDesired(file, emu, scenario.desired);
    emu.setFaults({ ...scenario.faults, vpc_status: {}, create_status: {}, delete_status: {} });
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const handlesBefore = activeHandles();
    try {
      const result = await apply({ files: [file], env: {}, parallelism: 8, timeoutMs: 2000 });
      expect(result.summaries[0]!.outcomes).toHaveLength(Object.keys(scenario.desired).length);
      await new Promise((r) => setTimeout(r, 200)); // let stray rejections surface
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
    await emu.stop();
    emu = undefined;
    await new Promise((r) => setTimeout(r, 100));
    // Timers and sockets the run opened are gone once the emulator is stopped.
    expect(activeHandles().filter((h) => h === 'Timeout' || h === 'TCPSocketWrap').length).toBeLessThanOrEqual(handlesBefore.filter((h) => h === 'Timeout' || h === 'TCPSocketWrap').length);
  });
});

function activeHandles(): string[] {
  return process.getActiveResourcesInfo();
}

describe('chaos: two applies racing on the same VPCs', () => {
  it('same file twice at once: both exit, every VPC ends as desired, every outcome explained, no VPC made twice', { timeout: 60_000 }, async () => {
    const count = 16;
    const live = Array.from({ length: count }, (_, i) => ({ id: vpcIdFor(i), name: `vpc-${i}`, cidr: `10.${i}.0.0/16`, description: 'old' }));
    const retired = [0, 1, 2].map((k) => ({ id: vpcIdFor(500 + k), name: `retired-${k}`, cidr: `10.${100 + k}.0.0/16`, description: 'to delete' }));
    emu = await emulatorWith({ vpcs: [...live, ...retired] }, { updateDelayMs: 150, createDelayMs: 150, deleteDelayMs: 100 });
    emu.setFaults({ seed: 5, latency_ms: 5, fault_rate: 0.05, kinds: ['500', '503', 'reset'], after_write_share: 0.5 });
    const dir = tempDir('race');
    const file = join(dir, 'vpcs.yaml');
    const desired: Record<string, DesiredFields> = Object.fromEntries(live.map((v, i) => [`v${i}`, { id: v.id, name: `raced-${i}`, description: 'raced' }]));
    // Three deletes (one by name), one of them replaced by a VPC of its name; four new VPCs.
    desired['d0'] = { id: retired[0]!.id, ensure: 'absent' };
    desired['d1'] = { id: retired[1]!.id, ensure: 'absent' };
    desired['d2'] = { name: retired[2]!.name, ensure: 'absent' };
    desired['r0'] = { name: retired[0]!.name, cidr: '10.140.0.0/16', description: 'the replacement' };
    for (let j = 0; j < 4; j++) desired[`c${j}`] = { name: `raced-new-${j}`, cidr: `10.${160 + j}.0.0/16`, description: 'made in a race', ...(j === 0 && { routes: [{ destination: '0.0.0.0/0', nexthop: '10.160.0.9' }] }) };
    const fileView: FileView = { desired, lifecycle: { creates: ['r0', 'c0', 'c1', 'c2', 'c3'], deletes: { d0: retired[0]!.id, d1: retired[1]!.id, d2: retired[2]!.id } } };
    writeDesired(file, emu, desired);
    const args = ['apply', '-f', file, '--auto-approve', '--json', '--timeout', '5s', '--parallelism', '4'];
    const [a, b] = await Promise.all([runVpcform(args, { cwd: dir, boundMs: 45_000 }), runVpcform(args, { cwd: dir, boundMs: 45_000 })]);
    emu.setFaults({ fault_rate: 0, latency_ms: 0 });
    for (const run of [a, b]) {
      expect(run.killed).toBe(false);
      expect(hasStackTrace(run.stderr), run.stderr).toBe(false);
      const lines = parseJsonLines(run.stdout);
      const done = lines.find((l) => l.type === 'apply_done');
      expect(done, run.stdout.slice(-2000)).toBeDefined();
      const outcomes = (done!['summary'] as { outcomes: Outcome[] }).outcomes;
      expect(outcomes.map((o) => o.address).sort()).toEqual(Object.keys(desired).map((k) => `vpcs.${k}`).sort());
      // The log is shared by both runs: claims are checked against the state, not against one run's writes.
      assertClaimsTrue(emu, fileView, { lines, outcomes, log: emu.requestLog(), alone: false }, run.stderr.slice(0, 2000));
      expect(run.code).toBe(outcomes.every((o) => SUCCEEDED.has(o.result)) ? 0 : 1);
    }
    assertNoDuplicates(emu, fileView, 'two applies raced');
    // Whatever each run reported, the project converged to the one desired state.
    for (const [key, want] of Object.entries(desired)) {
      if (want.ensure === 'absent') continue;
      const record = want.id !== undefined ? emu.vpc(want.id) : emu.vpcs().find((v) => v.name === want.name);
      expect(record, key).toBeDefined();
      expect(mismatchedFields(record!, want), key).toEqual([]);
    }
    for (const id of Object.values(fileView.lifecycle.deletes)) expect(emu.vpc(id!), id).toBeUndefined();
    const replan = await runVpcform(['plan', '-f', file, '--json', '--detailed-exitcode'], { cwd: dir });
    expect(replan.code, replan.stderr).toBe(0);
  });

  it('two different files at once: each VPC ends wholly in one of the two states, never a mix', { timeout: 60_000 }, async () => {
    const count = 12;
    const live = Array.from({ length: count }, (_, i) => ({ id: vpcIdFor(i), name: `vpc-${i}`, cidr: `10.${i}.0.0/16`, description: 'old' }));
    emu = await emulatorWith({ vpcs: live }, { updateDelayMs: 100 });
    const dir = tempDir('race2');
    const wants = ['left', 'right'].map((side) => Object.fromEntries(live.map((v, i) => [`v${i}`, { id: v.id, name: `${side}-${i}`, description: `${side} side` }])));
    const files = wants.map((w, k) => {
      const f = join(dir, `side-${k}.yaml`);
      writeDesired(f, emu!, w);
      return f;
    });
    const runs = await Promise.all(files.map((f) => runVpcform(['apply', '-f', f, '--auto-approve', '--json', '--timeout', '5s'], { cwd: dir, boundMs: 45_000 })));
    for (const run of runs) {
      expect(run.killed).toBe(false);
      expect(hasStackTrace(run.stderr), run.stderr).toBe(false);
      const done = parseJsonLines(run.stdout).find((l) => l.type === 'apply_done');
      expect(done).toBeDefined();
      for (const o of (done!['summary'] as { outcomes: Outcome[] }).outcomes) {
        expect(['updated', 'unchanged', 'failed']).toContain(o.result);
        if (o.result === 'failed') expect(o.failure?.code, JSON.stringify(o)).toMatch(/^(APPLY_NOT_CONVERGED|APPLY_|CLOUD_|PLAN_)/);
      }
    }
    for (let i = 0; i < count; i++) {
      const record = emu.vpc(vpcIdFor(i))!;
      const matches = wants.filter((w) => mismatchedFields(record, w[`v${i}`]!).length === 0);
      expect(matches.length, `vpc ${i}: ${record.name} / ${record.description}`).toBe(1);
    }
  });
});
