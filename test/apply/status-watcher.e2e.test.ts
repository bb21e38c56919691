import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { ApplyEvent, ApplyOptions, ApplySummary } from '../../src/apply/types.js';
import { createCloudClient, resolveConnection } from '../../src/cloud/index.js';
import { startEmulator, type EmulatorOptions, type EmulatorSeed, type RunningEmulator, type ScriptedFault } from '../../src/emulator/index.js';
import { plan } from '../../src/index.js';
import type { Plan } from '../../src/plan/types.js';
import { GET_ROUTE, LIST_ROUTE, PUT_ROUTE, spawnCli, vpcId } from './e2e-helpers.js';

// End-to-end: the status watcher through the real HTTP client against the emulator, with faults on
// the routes it reads (the listing and the GET of one VPC). After each run, every VPC's outcome is
// checked against what the emulator holds.

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

const QUOTA_ROUTE = 'GET /v1/{project_id}/quotas';

interface Run {
  summary: ApplySummary;
  events: ApplyEvent[];
  debug: string[];
  count(route: string): number;
}

/** Seeds the emulator, plans `vpcsYaml` with the library, then applies it with a fresh client after `faults`. */
async function applyUnder(
  seed: EmulatorSeed,
  vpcsYaml: string[],
  setup: { emulator?: EmulatorOptions; faults?: Parameters<RunningEmulator['setFaults']>[0]; apply?: ApplyOptions },
): Promise<Run> {
  emu = await startEmulator({ port: 0, updateDelayMs: 300, createDelayMs: 300, deleteDelayMs: 300, seed, ...setup.emulator });
  const dir = mkdtempSync(join(tmpdir(), 'vpcform-watcher-'));
  const file = join(dir, 'vpcs.yaml');
  writeFileSync(file, ['version: 1', 'target:', '  cloud: otc', '  region: eu-de', `  project_id: ${emu.projectId}`, `  endpoint: ${emu.url}`, 'vpcs:', ...vpcsYaml].join('\n'));
  const planned = await plan({ files: [file], env: {} });
  const made: Plan | undefined = planned.plans[0];
  if (made === undefined) throw new Error('no plan');
  const target = { cloud: 'otc' as const, region: 'eu-de', project_id: emu.projectId, endpoint: emu.url };
  // Short client backoff, so that a listing exhausts the client's retries within the test.
  const client = createCloudClient({ ...resolveConnection(target, {}), retry: { baseDelayMs: 20, throttleBaseDelayMs: 20, maxAttempts: 3 } });
  if (setup.faults !== undefined) emu.setFaults(setup.faults);
  emu.resetStats();
  const events: ApplyEvent[] = [];
  const debug: string[] = [];
  const summary = await applyPlan(made, client, { onEvent: (e) => events.push(e), debug: (line) => debug.push(line), ...setup.apply });
  const running = emu;
  return { summary, events, debug, count: (route) => running.stats().routes[route] ?? 0 };
}

/** Each outcome agrees with the emulator: updated/created = OK with the planned name; deleted = gone. */
function expectTruthful(summary: ApplySummary, running: RunningEmulator, names: Record<string, string>): void {
  for (const outcome of summary.outcomes) {
    const live = outcome.id === undefined ? undefined : running.vpc(outcome.id);
    switch (outcome.result) {
      case 'updated':
      case 'created':
        expect(live, outcome.address).toMatchObject({ status: 'OK', name: names[outcome.address] });
        break;
      case 'deleted':
        expect(live, outcome.address).toBeUndefined();
        break;
      case 'failed':
        // A failure reports the status the VPC really has.
        expect(outcome.failure?.lastStatus, outcome.address).toBe(live?.status ?? 'DELETED');
        break;
      default:
        throw new Error(`${outcome.address}: unexpected ${outcome.result}`);
    }
  }
}

const renames = (n: number): string[] => Array.from({ length: n }, (_, i) => [`  v${i}:`, `    id: ${vpcId(i)}`, `    name: renamed-${i}`]).flat();
const seeded = (n: number, bystanders = 0): EmulatorSeed => ({
  vpcs: [
    ...Array.from({ length: n }, (_, i) => ({ id: vpcId(i), name: `vpc-${i}`, cidr: '10.0.0.0/16' })),
    ...Array.from({ length: bystanders }, (_, i) => ({ id: vpcId(1000 + i), name: `bystander-${i}`, cidr: '10.0.0.0/16' })),
  ],
});
const renamedNames = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`vpcs.v${i}`, `renamed-${i}`]));
const times = (n: number, fault: ScriptedFault): ScriptedFault[] => Array.from({ length: n }, () => fault);

describe('the status watcher against the emulator, with faults on the routes it reads', () => {
  it('listings failing (503s, resets, 429s; one round beyond the client retries): no VPC fails for it, each is reported as it is', async () => {
    const stuck = vpcId(0);
    const broken = vpcId(1);
    const r = await applyUnder(seeded(20), renames(20), {
      // Transitions longer than the cool-down after the failed listings, so that listings come back.
      emulator: { updateDelayMs: 3000 },
      faults: {
        vpc_status: { [stuck]: 'stuck', [broken]: 'error' },
        next: [...times(3, { route: LIST_ROUTE, fault: '503' }), { route: LIST_ROUTE, fault: 'reset' }, { route: LIST_ROUTE, fault: '429' }, { route: LIST_ROUTE, fault: '502' }],
      },
      apply: { timeoutMs: 5_000 },
    });
    expect(emu?.faults().next).toEqual([]);
    expect(r.debug.some((line) => line.includes('listing failed') && line.includes('none fails for it'))).toBe(true);
    expect(r.summary.outcomes.find((o) => o.id === stuck)?.failure).toMatchObject({ code: 'APPLY_TIMEOUT', lastStatus: 'PENDING_UPDATE' });
    expect(r.summary.outcomes.find((o) => o.id === broken)?.failure).toMatchObject({ code: 'APPLY_VPC_STATUS', lastStatus: 'ERROR' });
    expect(r.summary.counts).toMatchObject({ updated: 18, failed: 2 });
    expectTruthful(r.summary, emu!, renamedNames(20));
    expect(r.count(PUT_ROUTE)).toBe(20);
    // Meanwhile GETs read the due VPCs; once the cool-down is over, listings again.
    const lastFailure = r.debug.findLastIndex((line) => line.includes('listing failed'));
    expect(r.debug.slice(lastFailure + 1).some((line) => line.includes('watch: listing ('))).toBe(true);
  });

  it('few VPCs in a project of many pages are read by GET, through 503s and resets, and never listed', async () => {
    const r = await applyUnder(seeded(3, 60), renames(3), {
      faults: { next: [...times(3, { route: GET_ROUTE, fault: '503' }), { route: GET_ROUTE, fault: 'reset' }, { route: GET_ROUTE, fault: '502' }] },
      apply: { watch: { pageSize: 10 } },
    });
    expect(emu?.faults().next).toEqual([]);
    expect(r.summary.counts).toMatchObject({ updated: 3, failed: 0 });
    expectTruthful(r.summary, emu!, renamedNames(3));
    expect(r.count(LIST_ROUTE)).toBe(0);
    expect(r.count(QUOTA_ROUTE)).toBe(1);
    expect(r.debug.some((line) => line.includes('a listing costs 7 page(s)'))).toBe(true);
  });

  it('creates, updates and deletes, one delete and one create ending in ERROR, faults on both read routes: each reported as it is', async () => {
    const gone = [vpcId(10), vpcId(11), vpcId(12)];
    const seed: EmulatorSeed = { vpcs: [...(seeded(4).vpcs ?? []), ...gone.map((id, i) => ({ id, name: `old-${i}`, cidr: '10.0.0.0/16' }))] };
    const yaml = [
      ...renames(4),
      ...gone.flatMap((id, i) => [`  old${i}:`, `    id: ${id}`, '    ensure: absent']),
      ...['a', 'b', 'bad'].flatMap((n, i) => [`  new-${n}:`, `    name: new-${n}`, `    cidr: 10.${20 + i}.0.0/16`]),
    ];
    const r = await applyUnder(seed, yaml, {
      faults: {
        delete_status: { [gone[0] ?? '']: 'error' },
        create_status: { 'new-bad': 'error' },
        next: [
          ...times(2, { route: LIST_ROUTE, fault: '503' }),
          { route: LIST_ROUTE, fault: 'reset' },
          ...times(2, { route: GET_ROUTE, fault: '503' }),
          { route: GET_ROUTE, fault: 'reset' },
        ],
      },
    });
    const outcome = (address: string) => r.summary.outcomes.find((o) => o.address === address);
    expect(outcome('vpcs.old0')).toMatchObject({ result: 'failed', failure: { code: 'APPLY_VPC_STATUS', lastStatus: 'ERROR' } });
    expect(outcome('vpcs.new-bad')).toMatchObject({ result: 'failed', failure: { code: 'APPLY_VPC_STATUS', lastStatus: 'ERROR' } });
    expect(r.summary.counts).toMatchObject({ updated: 4, deleted: 2, created: 2, failed: 2 });
    expectTruthful(r.summary, emu!, { ...renamedNames(4), 'vpcs.new-a': 'new-a', 'vpcs.new-b': 'new-b', 'vpcs.new-bad': 'new-bad' });
    // A deleted VPC is reported once GET answered 404, never on a listing's word alone.
    for (const id of gone.slice(1)) {
      const reads = emu!.requestLog().filter((e) => e.route === GET_ROUTE && e.vpc_id === id);
      expect(reads.at(-1)?.status, id).toBe(404);
    }
  });
});

describe('vpcform apply --debug', () => {
  it('shows the watcher\'s rounds on stderr; the per-VPC lines stay as they were', async () => {
    emu = await startEmulator({ port: 0, updateDelayMs: 300, seed: seeded(6) });
    const dir = mkdtempSync(join(tmpdir(), 'vpcform-watcher-'));
    writeFileSync(
      join(dir, 'vpcs.yaml'),
      ['version: 1', 'target:', '  cloud: otc', '  region: eu-de', `  project_id: ${emu.projectId}`, `  endpoint: ${emu.url}`, 'vpcs:', ...renames(6)].join('\n'),
    );
    const r = await spawnCli(['apply', '-f', 'vpcs.yaml', '--auto-approve', '--debug'], { cwd: dir }).done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/vpcform: watch: the project holds 6 VPC\(s\): a listing costs 1 page\(s\)/);
    expect(r.stderr).toMatch(/vpcform: watch: listing \(1 page\(s\)\) for \d+ VPC\(s\) in transition, \d+ due/);
    for (let i = 0; i < 6; i += 1) expect(r.stderr).toMatch(new RegExp(`vpcs\\.v${i} \\(${vpcId(i)}\\): OK after`));
    expect(r.stdout).toContain('Resources: 6 updated, 0 unchanged, 0 failed');
  });
});
