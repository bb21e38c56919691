/* global fetch */
// Times the emulator's tag filter, count and project tags over 100,000 tagged VPCs, over HTTP.
// Run: npm run build && node bench/emulator-tags.mjs [vpcCount] [rounds]
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../dist/emulator/index.js';

const count = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 30);
const project = '0123456789abcdef0123456789abcdef';

// Every VPC carries `shard` = i mod 10; every 7th also `seven: yes`.
const vpcs = Array.from({ length: count }, (_, i) => ({
  name: `vpc-${i}`,
  cidr: `10.${(i >> 8) & 255}.${i & 255}.0/24`,
  tags: { shard: String(i % 10), ...(i % 7 === 0 && { seven: 'yes' }) },
}));

const emu = await startEmulator({ port: 0, seed: { project_id: project, vpcs } });
const filterUrl = `${emu.url}/v2.0/${project}/vpcs/resource_instances/action`;

async function time(label, url, body) {
  const times = [];
  for (let i = 0; i < rounds; i += 1) {
    const t = performance.now();
    const res = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    await res.text();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  console.log(`${label.padEnd(48)} median ${at(0.5)} ms   p95 ${at(0.95)} ms`);
}

console.log(`${count} VPCs, ${rounds} requests each (over HTTP, client parsing included)`);
await time('filter: 1000, no tag condition, offset n/2', filterUrl, { action: 'filter', tags: [], offset: Math.floor(count / 2), limit: 1000 });
await time('filter: 1000 by one tag, offset 5000', filterUrl, { action: 'filter', tags: [{ key: 'shard', values: ['3'] }], offset: 5000, limit: 1000 });
await time('count: two keys AND-ed', filterUrl, { action: 'count', tags: [{ key: 'shard', values: ['3'] }, { key: 'seven', values: [] }] });
await time('project tags', `${emu.url}/v2.0/${project}/vpcs/tags`);
await emu.stop();
