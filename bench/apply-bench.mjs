// Apply benchmark: 100 changed VPCs against the emulator (update delay 1500 ms, latency 20 ms), through
// the real HTTP client at its default settings (retries, shared 20 req/s limiter). Compares the
// adaptive poll schedule with a Terraform-like one (first poll 5 s after the PUT, then 3 s doubling to
// 10 s) and runs --parallelism 100 too. Needs `npm run build`. Usage: node bench/apply-bench.mjs [--quick]
import { startEmulator } from '../dist/emulator/index.js';
import { createCloudClient, resolveConnection } from '../dist/cloud/index.js';
import { refresh } from '../dist/refresh/refresh.js';
import { buildPlan } from '../dist/plan/build-plan.js';
import { performance } from 'node:perf_hooks';
import { applyPlan, terraformLikePollPolicy } from '../dist/apply/index.js';

const COUNT = 100;
const UPDATE_DELAY_MS = 1500;
const LATENCY_MS = 20;
const quick = process.argv.includes('--quick');
const GET_ROUTE = 'GET /v1/{project_id}/vpcs/{vpc_id}';
const PUT_ROUTE = 'PUT /v1/{project_id}/vpcs/{vpc_id}';

const ids = Array.from({ length: COUNT }, (_, i) => `${String(i).padStart(8, '0')}-1111-4222-8333-444444444444`);
const emu = await startEmulator({
  port: 0,
  updateDelayMs: UPDATE_DELAY_MS,
  latencyMs: LATENCY_MS,
  seed: { vpcs: ids.map((id, i) => ({ id, name: `vpc-${i}`, cidr: '10.0.0.0/16' })) },
});
const target = { cloud: 'otc', region: 'eu-de', project_id: emu.projectId, endpoint: emu.url };
const state = {
  file: 'bench.yaml',
  sha256: '0'.repeat(64),
  version: 1,
  target,
  vpcs: ids.map((id, i) => ({ address: `vpcs.v${i}`, key: `v${i}`, id, name: `renamed-${i}`, description: `managed ${i}` })),
  sourceMap: {},
};
const newClient = () => createCloudClient(resolveConnection(target, {}));

async function roundTripMs() {
  const client = newClient();
  const start = performance.now();
  for (let i = 0; i < 5; i += 1) await client.getVpc(ids[i]);
  return (performance.now() - start) / 5;
}

async function run(label, { parallelism, pollPolicy }) {
  emu.resetData();
  const client = newClient();
  const plan = buildPlan({ state, refreshed: await refresh(client, state), endpoint: client.endpoint, projectId: client.projectId, now: new Date(), toolVersion: 'bench' });
  emu.resetStats();
  let retries = 0;
  const start = performance.now();
  const summary = await applyPlan(plan, client, {
    ...(parallelism !== undefined && { parallelism }),
    ...(pollPolicy !== undefined && { pollPolicy }),
    onEvent: (e) => {
      if (e.type === 'retry_scheduled') retries += 1;
    },
  });
  const seconds = (performance.now() - start) / 1000;
  const routes = emu.stats().routes;
  const gets = routes[GET_ROUTE] ?? 0;
  const puts = routes[PUT_ROUTE] ?? 0;
  const ok = summary.counts.updated === COUNT && emu.vpcs().every((v) => v.name.startsWith('renamed-') && v.status === 'OK');
  return { label, seconds, getsPerVpc: gets / COUNT, puts, retries, converged: ok };
}

const rtt = await roundTripMs();
const waves = Math.ceil(COUNT / 10);
const lowerBound = (waves * (UPDATE_DELAY_MS + 2 * rtt)) / 1000;
const results = [];
results.push(await run('adaptive, parallelism 10 (default)', {}));
results.push(await run('adaptive, parallelism 100', { parallelism: 100 }));
if (!quick) results.push(await run('terraform-like, parallelism 10', { pollPolicy: terraformLikePollPolicy() }));
await emu.stop();

console.log(`${COUNT} VPCs, update delay ${UPDATE_DELAY_MS} ms, latency ${LATENCY_MS} ms, measured round trip ${rtt.toFixed(1)} ms`);
console.log(`lower bound at parallelism 10: ${waves} waves x (transition + 2 round trips) = ${lowerBound.toFixed(2)} s`);
for (const r of results) {
  console.log(
    `${r.label.padEnd(36)} ${r.seconds.toFixed(2).padStart(6)} s  x${(r.seconds / lowerBound).toFixed(2)} of bound  ` +
      `${r.getsPerVpc.toFixed(2)} GET/VPC  ${r.puts} PUT  ${r.retries} retries  converged=${r.converged}`,
  );
}
const adaptive = results[0];
const terraform = results.find((r) => r.label.startsWith('terraform'));
if (terraform) console.log(`terraform-like / adaptive: ${(terraform.seconds / adaptive.seconds).toFixed(2)}x`);
const pass = adaptive.seconds <= 1.2 * lowerBound && adaptive.getsPerVpc <= 6 && results.every((r) => r.converged);
console.log(pass ? 'PASS: within 1.2x of the bound, <= 6 polls per VPC' : 'FAIL: outside the target');
process.exitCode = pass ? 0 : 1;
