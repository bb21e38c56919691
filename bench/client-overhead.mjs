/* global performance, fetch */
// Measures what the cloud client costs per call against the embedded emulator, next to raw fetch.
// Usage: npm run build && node bench/client-overhead.mjs [calls]
// Sequential calls, so the figure is latency per call (limiter set high enough not to pace).
import { startEmulator } from '../dist/emulator/index.js';
import { createCloudClient } from '../dist/cloud/index.js';
import { signRequest } from '../dist/cloud/signer.js';

const CALLS = Number(process.argv[2] ?? 400);
const WARMUP = 50;
const AK = 'BENCHACCESSKEY000001';
const SK = 'bench-secret-key-not-real';
const VPC = '99d9d709-8478-4b46-9f3f-2206b1023fd3';

const ROUNDS = 3;

/** Median of ROUNDS timed runs: the machine is shared, single runs are noisy. */
async function time(label, fn) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const runs = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < CALLS; i++) await fn();
    runs.push((performance.now() - start) / CALLS);
  }
  runs.sort((a, b) => a - b);
  return { label, perCall: runs[Math.floor(ROUNDS / 2)] };
}

const seed = { vpcs: [{ id: VPC, name: 'bench', cidr: '10.0.0.0/16' }] };
const open = await startEmulator({ port: 0, seed });
const signed = await startEmulator({ port: 0, seed, credentials: [{ access_key: AK, secret_key: SK }] });
const fast = { requestsPerSecond: 1e6, burst: 1e6, maxInFlight: 10 };
try {
  const results = [];
  const rawUrl = `${open.url}/v1/${open.projectId}/vpcs/${VPC}`;
  results.push(await time('raw fetch, no auth', async () => (await fetch(rawUrl)).json()));
  const plain = createCloudClient({ endpoint: open.url, projectId: open.projectId, auth: { kind: 'none' }, rate: fast });
  results.push(await time('client getVpc, no auth', () => plain.getVpc(VPC)));
  const signedUrl = `${signed.url}/v1/${signed.projectId}/vpcs/${VPC}`;
  results.push(
    await time('raw fetch + signRequest', async () => {
      const headers = signRequest({ method: 'GET', url: signedUrl, headers: { 'Content-Type': 'application/json', 'X-Project-Id': signed.projectId } }, { accessKey: AK, secretKey: SK }, new Date());
      delete headers.Host;
      return (await fetch(signedUrl, { headers })).json();
    }),
  );
  const aksk = createCloudClient({ endpoint: signed.url, projectId: signed.projectId, auth: { kind: 'aksk', accessKey: AK, secretKey: SK }, rate: fast });
  results.push(await time('client getVpc, AK/SK', () => aksk.getVpc(VPC)));
  const paced = createCloudClient({ endpoint: open.url, projectId: open.projectId, auth: { kind: 'none' } });
  const pacedStart = performance.now();
  await Promise.all(Array.from({ length: 60 }, () => paced.getVpc(VPC)));
  const pacedMs = performance.now() - pacedStart;

  console.log(`calls: ${CALLS} sequential x ${ROUNDS} rounds (median), after ${WARMUP} warm-up calls (node ${process.version})`);
  for (const r of results) console.log(`${r.label.padEnd(26)} ${r.perCall.toFixed(3)} ms/call`);
  console.log(`client overhead vs raw fetch: ${(results[1].perCall - results[0].perCall).toFixed(3)} ms/call (no auth), ${(results[3].perCall - results[2].perCall).toFixed(3)} ms/call (AK/SK)`);
  console.log(`default limiter (20 rps, burst 10): 60 concurrent calls took ${(pacedMs / 1000).toFixed(2)} s`);
} finally {
  await open.stop();
  await signed.stop();
}
