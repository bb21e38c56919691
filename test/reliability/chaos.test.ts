/**
 * Chaos: `vpcform apply` as a real process against the emulator while it injects latency, 429s,
 * 5xx, resets (before and after the write), stuck and failing VPCs. CI runs a few fixed seeds;
 * `npm run test:chaos -- --seeds N` runs N (CHAOS_SEEDS). After each run the summary must be true
 * to the emulator's state, complete, and explained; the process must exit by itself, promptly.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { apply } from '../../src/index.js';
import { chaosScenario } from './chaos-scenario.js';
import { emulatorWith, hasStackTrace, parseJsonLines, putsByVpc, recordFigures, runVpcform, tempDir, vpcIdFor, writeDesired, type DesiredFields } from './helpers.js';
import { mismatchedFields } from './vpc-match.js';

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
  return [7, 42];
}

interface Outcome {
  address: string;
  id?: string;
  result: string;
  failure?: { code: string; message: string };
}

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

describe('chaos: apply under faults', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: the summary is complete, true and explained; the process exits by itself`, { timeout: EXIT_BOUND_MS + 30_000 }, async () => {
      const scenario = chaosScenario(seed);
      emu = await emulatorWith({ vpcs: scenario.live }, { updateDelayMs: 40 });
      const dir = tempDir('chaos');
      const file = join(dir, 'vpcs.yaml');
      writeDesired(file, emu, scenario.desired);
      emu.setFaults(scenario.faults);

      const run = await runVpcform(['apply', '-f', file, '--auto-approve', '--json', '--timeout', STATUS_TIMEOUT, '--parallelism', String(scenario.parallelism)], {
        cwd: dir,
        boundMs: EXIT_BOUND_MS,
      });
      emu.setFaults({ fault_rate: 0, latency_ms: 0, rate_limit_rps: 0, next: [] });
      const context = `seed ${seed}\nstderr:\n${run.stderr.slice(0, 4000)}`;

      expect(run.killed, `the process did not exit by itself (${context})`).toBe(false);
      expect(hasStackTrace(run.stderr), context).toBe(false);
      const lines = parseJsonLines(run.stdout); // every stdout line is JSON
      const puts = putsByVpc(emu);
      for (const id of scenario.bystanders) expect(puts.get(id), `bystander ${id} received a PUT`).toBeUndefined();
      const log = emu.requestLog();
      const faults = log.filter((r) => r.fault !== undefined || r.status === 429).length;

      const done = lines.filter((l) => l.type === 'apply_done').at(-1);
      if (done === undefined) {
        // Planning itself failed (the refresh gave up): one explained error, and nothing written.
        const error = lines.find((l) => 'error' in l)?.['error'] as { code?: string; summary?: string } | undefined;
        expect(error?.code, context).toMatch(/^CLOUD_/);
        expect(puts.size, context).toBe(0);
        expect(run.code).toBe(1);
        recordFigures('chaos', { seeds: 1, faults, vpcs: 0, puts: 0, plan_failed: 1 });
        return;
      }
      // Promptly: once the summary is out, nothing (a timer, a socket, a pending retry) holds the process.
      expect(run.endedAt - (done['at'] as number), 'ms from apply_done to exit').toBeLessThan(3000);
      const summary = done['summary'] as { outcomes: Outcome[]; counts: Record<string, number> };
      const addresses = summary.outcomes.map((o) => o.address).sort();
      expect(addresses, 'every VPC appears exactly once').toEqual(Object.keys(scenario.desired).map((k) => `vpcs.${k}`).sort());

      const failedEvents = new Map(lines.filter((l) => l.type === 'change_failed').map((l) => [l['address'] as string, l]));
      for (const outcome of summary.outcomes) {
        const key = outcome.address.slice('vpcs.'.length);
        const want = scenario.desired[key] as DesiredFields;
        const record = emu.vpc(want.id!)!;
        const why = `${outcome.address} (${want.id}) ${outcome.result} ${JSON.stringify(outcome.failure ?? {})} ${context}`;
        expect(['updated', 'unchanged', 'failed'], why).toContain(outcome.result);
        if (outcome.result === 'updated' || outcome.result === 'unchanged') {
          expect(mismatchedFields(record, want), `${why}: reported ${outcome.result} but differs`).toEqual([]);
          expect(scenario.stuck.concat(scenario.broken), why).not.toContain(want.id);
        }
        if (outcome.result === 'unchanged') expect(puts.get(want.id!), why).toBeUndefined();
        if (outcome.result === 'failed') {
          expect(outcome.failure?.code, why).toMatch(/^[A-Z_]+$/);
          expect(outcome.failure?.code, why).not.toBe('INTERNAL');
          expect(outcome.failure?.message.length, why).toBeGreaterThan(0);
          expect(failedEvents.get(outcome.address)?.['id'], `${why}: no change_failed event naming the VPC`).toBe(want.id);
        }
      }
      for (const id of scenario.stuck) expect(resultOf(summary.outcomes, id, scenario.desired)).toBe('failed');
      for (const id of scenario.broken) expect(resultOf(summary.outcomes, id, scenario.desired)).toBe('failed');
      const allConverged = summary.outcomes.every((o) => o.result === 'updated' || o.result === 'unchanged');
      expect(run.code, context).toBe(allConverged ? 0 : 1);
      recordFigures('chaos', {
        seeds: 1,
        faults,
        vpcs: summary.outcomes.length,
        puts: [...puts.values()].reduce((a, b) => a + b, 0),
        updated: summary.counts['updated'] ?? 0,
        failed: summary.counts['failed'] ?? 0,
      });
    });
  }
});

describe('chaos: the library in-process', () => {
  it('apply under faults leaves no unhandled rejection and no timer or socket behind', { timeout: 60_000 }, async () => {
    const scenario = chaosScenario(99);
    emu = await emulatorWith({ vpcs: scenario.live }, { updateDelayMs: 40 });
    const file = join(tempDir('chaos-lib'), 'vpcs.yaml');
    writeDesired(file, emu, scenario.desired);
    emu.setFaults({ ...scenario.faults, vpc_status: {} });
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

function resultOf(outcomes: Outcome[], id: string, desired: Record<string, DesiredFields>): string | undefined {
  const key = Object.entries(desired).find(([, d]) => d.id === id)?.[0];
  return outcomes.find((o) => o.address === `vpcs.${key}`)?.result;
}

describe('chaos: two applies racing on the same VPCs', () => {
  it('same file twice at once: both exit, every VPC ends as desired, every outcome explained', { timeout: 60_000 }, async () => {
    const count = 16;
    const live = Array.from({ length: count }, (_, i) => ({ id: vpcIdFor(i), name: `vpc-${i}`, cidr: `10.${i}.0.0/16`, description: 'old' }));
    emu = await emulatorWith({ vpcs: live }, { updateDelayMs: 150 });
    emu.setFaults({ seed: 5, latency_ms: 5, fault_rate: 0.05, kinds: ['500', '503', 'reset'] });
    const dir = tempDir('race');
    const file = join(dir, 'vpcs.yaml');
    const desired = Object.fromEntries(live.map((v, i) => [`v${i}`, { id: v.id, name: `raced-${i}`, description: 'raced' }]));
    writeDesired(file, emu, desired);
    const args = ['apply', '-f', file, '--auto-approve', '--json', '--timeout', '5s', '--parallelism', '4'];
    const [a, b] = await Promise.all([runVpcform(args, { cwd: dir, boundMs: 45_000 }), runVpcform(args, { cwd: dir, boundMs: 45_000 })]);
    emu.setFaults({ fault_rate: 0, latency_ms: 0 });
    for (const run of [a, b]) {
      expect(run.killed).toBe(false);
      expect(hasStackTrace(run.stderr), run.stderr).toBe(false);
      const done = parseJsonLines(run.stdout).find((l) => l.type === 'apply_done');
      expect(done, run.stdout.slice(-2000)).toBeDefined();
      const outcomes = (done!['summary'] as { outcomes: Outcome[] }).outcomes;
      expect(outcomes.map((o) => o.address).sort()).toEqual(Object.keys(desired).map((k) => `vpcs.${k}`).sort());
      for (const o of outcomes) {
        if (o.result === 'failed') expect(o.failure?.message, JSON.stringify(o)).toBeTruthy();
        else expect(['updated', 'unchanged']).toContain(o.result);
      }
      expect(run.code).toBe(outcomes.every((o) => o.result !== 'failed') ? 0 : 1);
    }
    // Whatever each run reported, the project converged to the one desired state.
    for (const [, want] of Object.entries(desired)) expect(mismatchedFields(emu.vpc(want.id)!, want)).toEqual([]);
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
