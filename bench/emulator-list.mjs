/* global fetch */
// Lists 100,000 VPCs from the emulator in full 2000-item pages and reports the per-page latency.
// Run: npm run build && node bench/emulator-list.mjs [vpcCount] [pages]
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../dist/emulator/index.js';
import { buildWorld } from '../dist/emulator/seed.js';
import { VpcStore } from '../dist/emulator/store.js';

const count = Number(process.argv[2] ?? 100_000);
const pagesToTime = Number(process.argv[3] ?? 50);
const project = '0123456789abcdef0123456789abcdef';

function seedOf(n) {
  const vpcs = [];
  for (let i = 0; i < n; i += 1) {
    vpcs.push({
      name: `vpc-${String(i).padStart(6, '0')}`,
      cidr: `10.${(i >> 8) & 255}.${i & 255}.0/24`,
      description: `bench vpc ${i}`,
      ...(i % 10 === 0 && { enterprise_project_id: '8e3c1a52-4f6b-4d7e-9a0b-1c2d3e4f5a6b' }),
    });
  }
  return { project_id: project, vpcs };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

let t = performance.now();
const emu = await startEmulator({ port: 0, seed: seedOf(count) });
const startMs = performance.now() - t;

const base = `${emu.url}/v1/${project}/vpcs?enterprise_project_id=all_granted_eps&limit=2000`;
const times = [];
let bytes = 0;
let listed = 0;
// Walk the whole list once (following markers), then keep timing pages from random markers.
let marker;
for (;;) {
  t = performance.now();
  const res = await fetch(marker ? `${base}&marker=${marker}` : base);
  const text = await res.text();
  times.push(performance.now() - t);
  const page = JSON.parse(text).vpcs;
  bytes += text.length;
  listed += page.length;
  if (page.length < 2000) break;
  marker = page[page.length - 1].id;
}
const ids = emu.vpcs().map((v) => v.id);
while (times.length < pagesToTime) {
  const from = ids[Math.floor(Math.random() * (ids.length - 2000))];
  t = performance.now();
  const res = await fetch(`${base}&marker=${from}`);
  await res.text();
  times.push(performance.now() - t);
}
const sorted = [...times].sort((a, b) => a - b);
// The first requests warm the caches (JIT, per-VPC JSON): report them apart.
const warm = [...times.slice(5)].sort((a, b) => a - b);
await emu.stop();

console.log(`emulator list bench: ${count} VPCs (seeded in ${startMs.toFixed(0)} ms), full walk listed ${listed} in ${Math.ceil(listed / 2000)} pages, ${(bytes / listed).toFixed(0)} bytes/VPC`);
console.log(`2000-item page over HTTP (${times.length} pages): median ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`);
console.log(`after warm-up (${warm.length} pages): median ${percentile(warm, 50).toFixed(1)} ms, p95 ${percentile(warm, 95).toFixed(1)} ms`);
// The same pages without HTTP: what the emulator itself spends (store walk + JSON assembly).
const world = buildWorld(seedOf(count), Date.now());
const store = new VpcStore(world.projectId, Date.now);
for (const vpc of world.vpcs) store.insertVpc(vpc);
const inProcess = [];
for (let i = 0; i < pagesToTime; i += 1) {
  const from = world.vpcs[(i * 1999) % (count - 2000)].id;
  t = performance.now();
  const body = `{"vpcs":[${store.listPage({ enterpriseProjectId: undefined, id: undefined, marker: from, limit: 2000 }).join(',')}]}`;
  inProcess.push(performance.now() - t);
  if (body.length < 1000) throw new Error('empty page');
}
inProcess.sort((a, b) => a - b);
console.log(`in-process page assembly (${inProcess.length} pages, cold and warm mixed): median ${percentile(inProcess, 50).toFixed(1)} ms, p95 ${percentile(inProcess, 95).toFixed(1)} ms`);
console.log(`machine load average at the end: ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
if (listed !== count) {
  console.error(`listed ${listed} VPCs, expected ${count}`);
  process.exitCode = 1;
}
