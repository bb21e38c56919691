// `vpcform plan` at scale, as a process, against the emulator with 20 ms added latency per request.
// Targets (issue 5): 1,000 VPCs -> at most 2 VPC list calls and < 1 s end to end;
// 10,000 VPCs -> < 3 s and < 300 MB peak RSS. Also times `vpcform --help` (< 300 ms).
// Run: npm run build && node bench/plan-scale.mjs [counts...]   (default: 1000 10000)
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/emulator/index.js';
import { connect } from '../dist/cli/connect.js';
import { loadDesired } from '../dist/io/read-desired.js';
import { refresh } from '../dist/refresh/refresh.js';
import { buildPlan } from '../dist/plan/build-plan.js';
import { serializePlan } from '../dist/plan/plan-file.js';
import { generateDesired } from './generate-desired.mjs';

const BIN = fileURLToPath(new URL('../bin/vpcform.js', import.meta.url));
const PROJECT = '0123456789abcdef0123456789abcdef';
const counts = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'vpcform-bench-plan-'));

/** The live twin of generateDesired(n): 1 in 100 VPCs has another description, 1 in 1000 another cidr. */
function seedOf(n) {
  const vpcs = [];
  for (let i = 0; i < n; i += 1) {
    const third = `${(i >> 8) & 255}.${i & 255}`;
    vpcs.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `vpc-${i}`,
      cidr: i % 1000 === 7 ? `10.${third}.0/25` : `10.${third}.0/24`,
      description: i % 100 === 3 ? 'drifted' : `generated VPC number ${i}`,
      enable_shared_snat: false,
      routes: [{ destination: '0.0.0.0/0', nexthop: `10.${third}.5` }],
      ...(i % 10 === 0 && { enterprise_project_id: '8e3c1a52-4f6b-4d7e-9a0b-1c2d3e4f5a6b' }),
    });
  }
  return { project_id: PROJECT, vpcs, subnets: [{ vpc_id: vpcs[7].id, name: 'sub-7', cidr: '10.0.7.0/26' }] };
}

/** Runs the CLI under /usr/bin/time: wall seconds and peak RSS (KB) of the process itself. */
function timed(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], {
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const [wall, rss] = err.trim().split('\n').at(-1).split(' ').map(Number);
      resolve({ code, out, wallMs: wall * 1000, rssMb: rss / 1024 });
    });
  });
}

const help = await timed(['--help']);
console.log(`vpcform --help: ${help.wallMs.toFixed(0)} ms (target < 300 ms), ${help.rssMb.toFixed(0)} MB`);

for (const n of counts.length > 0 ? counts : [1000, 10000]) {
  const emulator = await startEmulator({ port: 0, seed: seedOf(n), latencyMs: 20 });
  try {
    const file = join(dir, `desired-${n}.yaml`);
    writeFileSync(file, generateDesired(n));
    emulator.resetStats();
    const r = await timed(['plan', '-f', file, '--json', '--endpoint', emulator.url]);
    const stats = emulator.stats();
    const plan = JSON.parse(r.out);
    const lists = stats.routes['GET /v1/{project_id}/vpcs'] ?? 0;
    console.log(
      `plan over ${n} VPCs: exit ${r.code}, ${r.wallMs.toFixed(0)} ms, peak RSS ${r.rssMb.toFixed(0)} MB, ` +
        `${lists} VPC list calls, ${stats.total} API calls in all (${JSON.stringify(stats.routes)}), summary ${JSON.stringify(plan.summary)}`,
    );
    // Where the time goes, stage by stage, in this process (modules already loaded and warm-ish).
    const t0 = performance.now();
    const { states } = await loadDesired([file]);
    const t1 = performance.now();
    const client = connect(states[0].target, { io: { env: {}, stderr: process.stderr }, debug: false, endpointOverride: emulator.url });
    const refreshed = await refresh(client, states[0]);
    const t2 = performance.now();
    const built = buildPlan({ state: states[0], refreshed, endpoint: client.endpoint, projectId: client.projectId, now: new Date(), toolVersion: 'bench' });
    const t3 = performance.now();
    serializePlan(built);
    const t4 = performance.now();
    console.log(
      `  in-process stages: load+validate ${(t1 - t0).toFixed(0)} ms, refresh ${(t2 - t1).toFixed(0)} ms, ` +
        `buildPlan ${(t3 - t2).toFixed(0)} ms, serialize ${(t4 - t3).toFixed(0)} ms`,
    );
  } finally {
    await emulator.stop();
  }
}
rmSync(dir, { recursive: true, force: true });
