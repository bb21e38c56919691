// `vpcform watch` over 1,000 VPCs, as a process, against the emulator (issue 17).
// Targets: a cycle where nothing changed makes at most 3 API calls (with and without tags declared);
// RSS after 2,000 cycles within 10% of RSS after 100 (a short interval); open file handles flat.
// The figures come from the watch's own /metrics (vpcform_cycles_total, vpcform_api_requests_total,
// process_resident_memory_bytes, process_open_fds) and the emulator's request counts (as /_emulator/stats serves them).
// Run: npm run build && node bench/watch-bench.mjs [--cycles 2000] [--vpcs 1000]   (run-all --quick: 300 cycles)
/* global fetch */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/emulator/index.js';

const BIN = fileURLToPath(new URL('../bin/vpcform.js', import.meta.url));
const PROJECT = '0123456789abcdef0123456789abcdef';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const VPCS = arg('--vpcs', 1000);
const CYCLES = arg('--cycles', 2000);
const dir = mkdtempSync(join(tmpdir(), 'vpcform-bench-watch-'));

/** Live VPCs exactly as the desired file wants them: every cycle finds nothing changed. */
function vpcAt(i) {
  const third = `${(i >> 8) & 255}.${i & 255}`;
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `vpc-${i}`,
    cidr: `10.${third}.0/24`,
    description: `generated VPC number ${i}`,
    enable_shared_snat: false,
    routes: [{ destination: '0.0.0.0/0', nexthop: `10.${third}.5` }],
  };
}

function seed(n, tags) {
  return { project_id: PROJECT, vpcs: Array.from({ length: n }, (_, i) => ({ ...vpcAt(i), ...(tags && { tags: { env: 'prod', team: `t${i % 7}` } }) })) };
}

function desired(n, tags) {
  const lines = ['version: 1', 'target:', '  cloud: otc', '  region: eu-de', `  project_id: ${PROJECT}`, 'vpcs:'];
  for (let i = 0; i < n; i += 1) {
    const v = vpcAt(i);
    lines.push(
      `  vpc_${i}:`,
      `    id: ${v.id}`,
      `    name: ${v.name}`,
      `    cidr: ${v.cidr}`,
      `    description: ${v.description}`,
      '    enable_shared_snat: false',
      '    routes:',
      `      - { destination: 0.0.0.0/0, nexthop: ${v.routes[0].nexthop} }`,
      ...(tags ? [`    tags: { env: prod, team: t${i % 7} }`] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Starts the watch; resolves once its metrics server listens. */
function startWatch(file, endpoint, interval) {
  const child = spawn(process.execPath, [BIN, 'watch', '-f', file, '--endpoint', endpoint, '--interval', interval, '--metrics-addr', '127.0.0.1:0', '--json'], {
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let buffered = '';
  let failures = 0;
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  const url = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = JSON.parse(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        if (line.type === 'listening') resolve(line.url);
        if (line.type === 'check_failed' || line.type === 'drift_started') failures += 1;
        nl = buffered.indexOf('\n');
      }
    });
    exited.then((code) => reject(new Error(`watch exited ${code}: ${err}`)));
  });
  return { child, url, exited, failures: () => failures, stderr: () => err };
}

async function metrics(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const pick = (name, filter = () => true) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(name) && (l[name.length] === ' ' || l[name.length] === '{') && filter(l))
      .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  return {
    cycles: pick('vpcform_cycles_total'),
    calls: pick('vpcform_api_requests_total'),
    rss: pick('process_resident_memory_bytes'),
    heap: pick('nodejs_heap_size_used_bytes'),
    fds: pick('process_open_fds'),
  };
}

async function untilCycles(url, n) {
  for (;;) {
    const m = await metrics(url);
    if (m.cycles >= n) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Calls per unchanged cycle, from the emulator's count over 50 steady cycles. */
async function callsPerCycle(tags) {
  const emulator = await startEmulator({ port: 0, seed: seed(VPCS, tags) });
  const file = join(dir, `calls-${tags ? 'tags' : 'plain'}.yaml`);
  writeFileSync(file, desired(VPCS, tags));
  const watch = startWatch(file, emulator.url, '50ms');
  try {
    const url = await watch.url;
    const start = await untilCycles(url, 3);
    emulator.resetStats();
    const before = await metrics(url);
    const after = await untilCycles(url, before.cycles + 50);
    const stats = emulator.stats();
    const cycles = after.cycles - before.cycles;
    // The emulator counted from the reset, a moment after `before`: at most one cycle's calls ahead.
    console.log(
      `${VPCS} VPCs${tags ? ' with tags declared' : ''}: ${(stats.total / cycles).toFixed(2)} API calls per unchanged cycle ` +
        `(emulator: ${stats.total} calls over ${cycles} cycles, ${JSON.stringify(stats.routes)}; the watch counted ${after.calls - before.calls}) ` +
        `— target <= 3; drift or failed checks seen: ${watch.failures()}; first cycles after start: ${start.cycles}`,
    );
  } finally {
    watch.child.kill('SIGTERM');
    await watch.exited;
    await emulator.stop();
  }
}

/** RSS and open handles after 100 and after CYCLES cycles with a short interval. */
async function memory() {
  const emulator = await startEmulator({ port: 0, seed: seed(VPCS, false) });
  const file = join(dir, 'memory.yaml');
  writeFileSync(file, desired(VPCS, false));
  const watch = startWatch(file, emulator.url, '1ms');
  const started = Date.now();
  try {
    const url = await watch.url;
    const early = await untilCycles(url, 100);
    const marks = [];
    for (const n of [500, 1000, 1500]) if (n < CYCLES) marks.push(await untilCycles(url, n));
    const late = await untilCycles(url, CYCLES);
    const growth = (late.rss - early.rss) / early.rss;
    console.log(
      `RSS after ${early.cycles} cycles ${mb(early.rss)} (heap ${mb(early.heap)}, ${early.fds} fds); ` +
        marks.map((m) => `after ${m.cycles} ${mb(m.rss)}; `).join('') +
        `after ${late.cycles} cycles ${mb(late.rss)} (heap ${mb(late.heap)}, ${late.fds} fds): ` +
        `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}% (target within 10%), ${((Date.now() - started) / late.cycles).toFixed(1)} ms per cycle`,
    );
  } finally {
    watch.child.kill('SIGTERM');
    const code = await watch.exited;
    if (code !== 0) console.log(`watch exited ${code}: ${watch.stderr()}`);
    await emulator.stop();
  }
}

try {
  await callsPerCycle(false);
  await callsPerCycle(true);
  await memory();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
