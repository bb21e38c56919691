// Lifecycle benchmark: N creates (POST, wait while CREATING, verify), then N deletes (DELETE, wait for
// 404), through the real HTTP client at its default settings (retries, shared 20 req/s limiter), against
// the emulator with --create-delay 1500 and otherwise its defaults (no latency, no faults, delete delay 0).
// Runs at the default parallelism and at --parallelism 50. Prints VPCs/s, wall time, API calls per VPC
// (from the emulator's stats) and the ratio to the physical bound: N calls at the client's 20 req/s,
// plus one transition (the create delay, or the delete delay).
// Needs `npm run build`.
//   node bench/lifecycle-bench.mjs [--count 100] [--create-delay 1500] [--delete-delay 0] [--parallelism P]
import { performance } from 'node:perf_hooks';
import { APPLY_DEFAULTS, applyPlan } from '../dist/apply/index.js';
import { createCloudClient, DEFAULT_RATE_LIMIT, resolveConnection } from '../dist/cloud/index.js';
import { startEmulator } from '../dist/emulator/index.js';
import { buildPlan } from '../dist/plan/build-plan.js';
import { refresh } from '../dist/refresh/refresh.js';

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} takes a whole number >= 0`);
    process.exit(1);
  }
  return value;
}

const COUNT = flag('count', 100);
const CREATE_DELAY_MS = flag('create-delay', 1500);
const DELETE_DELAY_MS = flag('delete-delay', 0);
const only = process.argv.includes('--parallelism') ? flag('parallelism', 10) : undefined;
const settings = only === undefined ? [undefined, 50] : [only];
const RPS = DEFAULT_RATE_LIMIT.requestsPerSecond;

const emu = await startEmulator({ port: 0, createDelayMs: CREATE_DELAY_MS, deleteDelayMs: DELETE_DELAY_MS, vpcQuota: -1, seed: { vpcs: [] } });
const target = { cloud: 'otc', region: 'eu-de', project_id: emu.projectId, endpoint: emu.url };
const names = Array.from({ length: COUNT }, (_, i) => `bench-${i}`);

function stateOf(vpcs) {
  return { file: 'bench.yaml', sha256: '0'.repeat(64), version: 1, target, vpcs, sourceMap: {} };
}

/** Plans `vpcs` against the emulator, then applies the plan; only the apply is timed and counted. */
async function timedApply(vpcs, parallelism) {
  const client = createCloudClient(resolveConnection(target, {}));
  const state = stateOf(vpcs);
  const plan = buildPlan({ state, refreshed: await refresh(client, state), endpoint: client.endpoint, projectId: client.projectId, now: new Date(), toolVersion: 'bench' });
  emu.resetStats();
  let retries = 0;
  const start = performance.now();
  const summary = await applyPlan(plan, client, {
    ...(parallelism !== undefined && { parallelism }),
    onEvent: (e) => {
      if (e.type === 'retry_scheduled') retries += 1;
    },
  });
  const seconds = (performance.now() - start) / 1000;
  return { summary, seconds, stats: emu.stats(), retries };
}

/**
 * The ratio to the physical bound, and to the two floors that explain it: the client's limiter over the
 * calls actually made (at least a write and a read per VPC), and ceil(N / parallelism) waves of one
 * transition each.
 */
function row(label, r, bound, transitionMs, parallelism, ok) {
  const calls = r.stats.total / COUNT;
  const limiterFloor = r.stats.total / RPS;
  const waveFloor = (Math.ceil(COUNT / parallelism) * transitionMs) / 1000;
  const routes = Object.entries(r.stats.routes)
    .map(([route, n]) => `${route.replace(/ \/v1\/\{project_id\}/, ' ')} ${(n / COUNT).toFixed(2)}`)
    .join(', ');
  return (
    `${label.padEnd(34)} ${r.seconds.toFixed(2).padStart(6)} s  ${(COUNT / r.seconds).toFixed(1).padStart(5)} VPCs/s  ` +
    `${calls.toFixed(2)} calls/VPC (${routes})  x${(r.seconds / bound).toFixed(2)} of bound  ` +
    `(floors: limiter ${limiterFloor.toFixed(1)} s, waves ${waveFloor.toFixed(1)} s)  ${r.retries} retries  ok=${ok}`
  );
}

const createBound = COUNT / RPS + CREATE_DELAY_MS / 1000;
const deleteBound = COUNT / RPS + DELETE_DELAY_MS / 1000;
const lines = [];
let allOk = true;
for (const parallelism of settings) {
  emu.resetData();
  const label = parallelism === undefined ? `default parallelism (${APPLY_DEFAULTS.parallelism})` : `parallelism ${parallelism}`;
  const created = await timedApply(
    names.map((name, i) => ({ address: `vpcs.v${i}`, key: `v${i}`, ensure: 'present', name, cidr: `10.${i % 256}.0.0/16` })),
    parallelism,
  );
  const live = emu.vpcs();
  const createOk = created.summary.counts.created === COUNT && live.length === COUNT && live.every((v) => v.status === 'OK');
  lines.push(row(`create ${COUNT}, ${label}`, created, createBound, CREATE_DELAY_MS, parallelism ?? APPLY_DEFAULTS.parallelism, createOk));
  const deleted = await timedApply(
    live.map((v, i) => ({ address: `vpcs.v${i}`, key: `v${i}`, ensure: 'absent', id: v.id })),
    parallelism,
  );
  const deleteOk = deleted.summary.counts.deleted === COUNT && emu.vpcs().length === 0;
  lines.push(row(`delete ${COUNT}, ${label}`, deleted, deleteBound, DELETE_DELAY_MS, parallelism ?? APPLY_DEFAULTS.parallelism, deleteOk));
  allOk &&= createOk && deleteOk;
}
await emu.stop();

console.log(`${COUNT} VPCs, create delay ${CREATE_DELAY_MS} ms, delete delay ${DELETE_DELAY_MS} ms, no latency, no faults; client limit ${RPS} req/s`);
console.log(`physical bound: ${COUNT} calls / ${RPS} req/s + one transition = create ${createBound.toFixed(2)} s, delete ${deleteBound.toFixed(2)} s`);
for (const line of lines) console.log(line);
console.log(allOk ? 'ok: every create and delete done and true in the emulator' : 'FAIL: a create or delete did not finish or is not true in the emulator');
process.exitCode = allOk ? 0 : 1;
