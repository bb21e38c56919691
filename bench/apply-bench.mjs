// Apply benchmark: 100 changed VPCs against the emulator (update delay 1500 ms, latency 20 ms), through
// the real HTTP client at its default settings (retries, shared 20 req/s limiter). Every VPC in
// transition is followed by the run's one status watcher. Compares the adaptive poll schedule with a
// Terraform-like one (first poll 5 s after the PUT, then 3 s doubling to 10 s) at parallelism 10, and
// runs the default parallelism (40) and 100 too. Needs `npm run build`.
// Usage: node bench/apply-bench.mjs [--quick]   (--quick skips the ~1 minute Terraform-like run)
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../dist/emulator/index.js';
import { renameState } from './rename-state.mjs';
import { createCloudClient, resolveConnection } from '../dist/cloud/index.js';
import { refresh } from '../dist/refresh/refresh.js';
import { buildPlan } from '../dist/plan/build-plan.js';
import { APPLY_DEFAULTS, applyPlan, terraformLikePollPolicy } from '../dist/apply/index.js';

const COUNT = 100;
const UPDATE_DELAY_MS = 1500;
const LATENCY_MS = 20;
const CLIENT_RATE = 20;
const quick = process.argv.includes('--quick');
const GET_ROUTE = 'GET /v1/{project_id}/vpcs/{vpc_id}';
const LIST_ROUTE = 'GET /v1/{project_id}/vpcs';
const PUT_ROUTE = 'PUT /v1/{project_id}/vpcs/{vpc_id}';

const ids = Array.from({ length: COUNT }, (_, i) => `${String(i).padStart(8, '0')}-1111-4222-8333-444444444444`);
const emu = await startEmulator({
  port: 0,
  updateDelayMs: UPDATE_DELAY_MS,
  latencyMs: LATENCY_MS,
  seed: { vpcs: ids.map((id, i) => ({ id, name: `vpc-${i}`, cidr: '10.0.0.0/16' })) },
});
const { target, state } = renameState(emu, ids);
const newClient = () => createCloudClient(resolveConnection(target, {}));

async function roundTripMs() {
  const client = newClient();
  const start = performance.now();
  for (let i = 0; i < 5; i += 1) await client.getVpc(ids[i]);
  return (performance.now() - start) / 5;
}

/** The fastest a run can be: waves of `parallelism` transitions, or the limiter's pace, whichever is slower. */
function lowerBound(parallelism, rtt) {
  const waves = Math.ceil(COUNT / parallelism) * (UPDATE_DELAY_MS + 2 * rtt);
  const limiter = (COUNT / CLIENT_RATE) * 1000 + UPDATE_DELAY_MS + 2 * rtt;
  return Math.max(waves, limiter) / 1000;
}

async function run(label, { parallelism, pollPolicy }, rtt) {
  emu.resetData();
  const client = newClient();
  const plan = buildPlan({ state, refreshed: await refresh(client, state), endpoint: client.endpoint, projectId: client.projectId, now: new Date(), toolVersion: 'bench' });
  emu.resetStats();
  let retries = 0;
  const load = loadavg()[0];
  const start = performance.now();
  const summary = await applyPlan(plan, client, {
    ...(parallelism !== undefined && { parallelism }),
    ...(pollPolicy !== undefined && { pollPolicy }),
    onEvent: (e) => {
      if (e.type === 'retry_scheduled') retries += 1;
    },
  });
  const seconds = (performance.now() - start) / 1000;
  const { routes, total } = emu.stats();
  const ok = summary.counts.updated === COUNT && emu.vpcs().every((v) => v.name.startsWith('renamed-') && v.status === 'OK');
  const bound = lowerBound(parallelism ?? APPLY_DEFAULTS.parallelism, rtt);
  return {
    label,
    seconds,
    bound,
    callsPerVpc: total / COUNT,
    gets: routes[GET_ROUTE] ?? 0,
    lists: routes[LIST_ROUTE] ?? 0,
    puts: routes[PUT_ROUTE] ?? 0,
    retries,
    load,
    converged: ok,
  };
}

const rtt = await roundTripMs();
const results = [];
results.push(await run('adaptive, parallelism 10', { parallelism: 10 }, rtt));
results.push(await run(`adaptive, parallelism ${APPLY_DEFAULTS.parallelism} (default)`, {}, rtt));
results.push(await run('adaptive, parallelism 100', { parallelism: 100 }, rtt));
if (!quick) results.push(await run('terraform-like, parallelism 10', { parallelism: 10, pollPolicy: terraformLikePollPolicy() }, rtt));
await emu.stop();

console.log(`${COUNT} VPCs, update delay ${UPDATE_DELAY_MS} ms, latency ${LATENCY_MS} ms, measured round trip ${rtt.toFixed(1)} ms`);
console.log('lower bound: waves of `parallelism` x (transition + 2 round trips), or 100 PUTs at 20/s + one transition, whichever is slower');
for (const r of results) {
  console.log(
    `${r.label.padEnd(36)} ${r.seconds.toFixed(2).padStart(6)} s  bound ${r.bound.toFixed(2).padStart(5)} s  x${(r.seconds / r.bound).toFixed(2)}  ` +
      `${r.callsPerVpc.toFixed(2)} calls/VPC (${r.puts} PUT, ${r.lists} list, ${r.gets} GET)  ${r.retries} retries  load ${r.load.toFixed(1)}  converged=${r.converged}`,
  );
}
const adaptive10 = results[0];
const terraform = results.find((r) => r.label.startsWith('terraform'));
if (terraform) console.log(`terraform-like / adaptive at parallelism 10: ${(terraform.seconds / adaptive10.seconds).toFixed(2)}x`);
const pass = results.filter((r) => r.label.startsWith('adaptive')).every((r) => r.seconds <= 1.2 * r.bound && r.callsPerVpc <= 1.5) && results.every((r) => r.converged);
console.log(pass ? 'PASS: every adaptive run within 1.2x of its bound, <= 1.5 API calls per VPC' : 'FAIL: outside the target');
process.exitCode = pass ? 0 : 1;
