// Apply at the rate limit: many changed VPCs against the emulator (update delay 1500 ms, latency 20 ms)
// through the real HTTP client at its default settings (retries, shared limiter: 20 req/s). All VPCs
// in transition share one status watcher, so the reads cost O(pages), not O(VPCs), and the limiter
// sets the pace. Needs `npm run build`.
//   A: 300 VPCs at --parallelism 100: time vs 300/20 s + one transition + round trips; API calls per VPC.
//   B: 150 VPCs at --parallelism 100 against a cloud that allows 10 req/s (`--rate-limit 10`): time vs
//      150/10 s + one transition; the share of calls answered 429.
// Usage: node bench/apply-rate-bench.mjs [--only A|B]
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { startEmulator } from '../dist/emulator/index.js';
import { renameState } from './rename-state.mjs';
import { createCloudClient, resolveConnection } from '../dist/cloud/index.js';
import { refresh } from '../dist/refresh/refresh.js';
import { buildPlan } from '../dist/plan/build-plan.js';
import { applyPlan } from '../dist/apply/index.js';

const UPDATE_DELAY_MS = 1500;
const LATENCY_MS = 20;
const CLIENT_RATE = 20;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

async function scenario({ label, count, parallelism, rateLimitRps }) {
  const ids = Array.from({ length: count }, (_, i) => `${String(i).padStart(8, '0')}-1111-4222-8333-444444444444`);
  const emu = await startEmulator({
    port: 0,
    updateDelayMs: UPDATE_DELAY_MS,
    latencyMs: LATENCY_MS,
    seed: { vpcs: ids.map((id, i) => ({ id, name: `vpc-${i}`, cidr: '10.0.0.0/16' })) },
  });
  try {
    const { target, state } = renameState(emu, ids);
    const planner = createCloudClient(resolveConnection(target, {}));
    const plan = buildPlan({ state, refreshed: await refresh(planner, state), endpoint: planner.endpoint, projectId: planner.projectId, now: new Date(), toolVersion: 'bench' });
    const rtt = await roundTripMs(planner, ids[0]);
    // A fresh client (a fresh limiter) for the apply, and the throttle switched on only now.
    const client = createCloudClient(resolveConnection(target, {}));
    if (rateLimitRps !== undefined) emu.setFaults({ rate_limit_rps: rateLimitRps });
    emu.resetStats();
    let retries = 0;
    const load = loadavg()[0];
    const start = performance.now();
    const summary = await applyPlan(plan, client, {
      parallelism,
      onEvent: (e) => {
        if (e.type === 'retry_scheduled') retries += 1;
      },
    });
    const seconds = (performance.now() - start) / 1000;
    const stats = emu.stats();
    const throttled = emu.requestLog().filter((r) => r.status === 429).length;
    const routes = Object.entries(stats.routes)
      .sort((a, b) => b[1] - a[1])
      .map(([route, n]) => `${route.replace('/v1/{project_id}', '')} ${n}`)
      .join(', ');
    const converged = summary.counts.updated === count && emu.vpcs().every((v) => v.name.startsWith('renamed-') && v.status === 'OK');
    const pace = rateLimitRps ?? CLIENT_RATE;
    const bound = count / pace + UPDATE_DELAY_MS / 1000 + (rateLimitRps === undefined ? (2 * rtt) / 1000 : 0);
    return { label, count, seconds, bound, calls: stats.total, throttled, retries, routes, converged, rtt, load };
  } finally {
    await emu.stop();
  }
}

async function roundTripMs(client, id) {
  const start = performance.now();
  for (let i = 0; i < 5; i += 1) await client.getVpc(id);
  return (performance.now() - start) / 5;
}

const results = [];
if (only === undefined || only === 'A') results.push({ ...(await scenario({ label: 'A: 300 VPCs, parallelism 100', count: 300, parallelism: 100 })), limit: 1.15, perVpcLimit: 1.1 });
if (only === undefined || only === 'B') results.push({ ...(await scenario({ label: 'B: 150 VPCs, parallelism 100, --rate-limit 10', count: 150, parallelism: 100, rateLimitRps: 10 })), limit: 1.3, throttleLimit: 0.1 });

let pass = true;
for (const r of results) {
  const ratio = r.seconds / r.bound;
  const perVpc = r.calls / r.count;
  const share = r.throttled / r.calls;
  const ok = ratio <= r.limit && (r.perVpcLimit === undefined || perVpc <= r.perVpcLimit) && (r.throttleLimit === undefined || share < r.throttleLimit) && r.converged;
  pass &&= ok;
  console.log(`${r.label} (round trip ${r.rtt.toFixed(1)} ms, load ${r.load.toFixed(2)})`);
  console.log(`  ${r.seconds.toFixed(2)} s vs bound ${r.bound.toFixed(2)} s: x${ratio.toFixed(3)} (target <= ${r.limit})`);
  console.log(`  ${r.calls} API calls = ${perVpc.toFixed(3)} per VPC${r.perVpcLimit === undefined ? '' : ` (target <= ${r.perVpcLimit})`}; 429: ${r.throttled} (${(100 * share).toFixed(1)} %${r.throttleLimit === undefined ? '' : `, target < ${100 * r.throttleLimit} %`}); retries ${r.retries}`);
  console.log(`  by route: ${r.routes}`);
  console.log(`  converged=${r.converged} ${ok ? 'PASS' : 'FAIL'}`);
}
process.exitCode = pass ? 0 : 1;
