// VPC tags (issue 13), against the emulator with 20 ms latency per request:
// 1. `vpcform plan` over 1,000 VPCs that all declare tags: at most 5 API calls in all.
// 2. `vpcform apply` that changes only tags of 100 VPCs: at most 2 calls per VPC (batch action + the
//    verifying read; 3 when a VPC also loses a key), and faster than a PUT-wait cycle of the same
//    100 VPCs (--update-delay 1500).
// Run: npm run build && node bench/tags-bench.mjs [plan-count] [apply-count]
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/emulator/index.js';

const BIN = fileURLToPath(new URL('../bin/vpcform.js', import.meta.url));
const PROJECT = '0123456789abcdef0123456789abcdef';
const [planCount = 1000, applyCount = 100] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'vpcform-bench-tags-'));
const id = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

function seed(n, tagsOf) {
  return { project_id: PROJECT, vpcs: Array.from({ length: n }, (_, i) => ({ id: id(i), name: `vpc-${i}`, cidr: '10.0.0.0/16', description: 'd', tags: tagsOf(i) })) };
}

function desired(url, n, entry) {
  const lines = ['version: 1', 'target:', '  cloud: otc', '  region: eu-de', `  project_id: ${PROJECT}`, `  endpoint: ${url}`, 'vpcs:'];
  for (let i = 0; i < n; i += 1) lines.push(`  v${i}:`, `    id: ${id(i)}`, ...entry(i).map((l) => `    ${l}`));
  const file = join(dir, `desired-${n}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function run(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, ms: performance.now() - started }));
  });
}

// 1. Plan: every VPC declares tags; one in ten differs.
{
  const emu = await startEmulator({ port: 0, latencyMs: 20, seed: seed(planCount, (i) => ({ team: `t${i % 7}`, env: 'prod' })) });
  try {
    const file = desired(emu.url, planCount, (i) => [`tags: { team: t${i % 7}, env: ${i % 10 === 0 ? 'dev' : 'prod'} }`]);
    const r = await run(['plan', '-f', file, '--json']);
    const stats = emu.stats();
    const summary = JSON.parse(r.out).summary;
    console.log(
      `plan over ${planCount} VPCs declaring tags: exit ${r.code}, ${r.ms.toFixed(0)} ms, ${stats.total} API calls in all ` +
        `(target <= 5): ${JSON.stringify(stats.routes)}; summary ${JSON.stringify(summary)}`,
    );
  } finally {
    await emu.stop();
  }
}

// 2. Apply: tags-only change of N VPCs, then the same N VPCs through a PUT (description) for comparison.
async function applyRun(label, entry, tagsOf) {
  const emu = await startEmulator({ port: 0, latencyMs: 20, updateDelayMs: 1500, seed: seed(applyCount, tagsOf) });
  try {
    const file = desired(emu.url, applyCount, entry);
    const plan = await run(['plan', '-f', file, '--json']);
    const planCalls = emu.stats().total;
    emu.resetStats();
    const r = await run(['apply', '-f', file, '--auto-approve', '--json']);
    const stats = emu.stats();
    const done = r.out.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.type === 'apply_done');
    const applyOnly = stats.total - planCalls;
    console.log(
      `${label}: exit ${r.code}, ${(r.ms / 1000).toFixed(2)} s, ${stats.total} calls in all (${planCalls} of them the plan's), ` +
        `${(applyOnly / applyCount).toFixed(2)} per VPC for the apply; ${JSON.stringify(done.summary.counts)}; ${JSON.stringify(stats.routes)}`,
    );
    void plan;
    return r.ms;
  } finally {
    await emu.stop();
  }
}

const tagOnly = await applyRun(`apply, tags only, ${applyCount} VPCs (a value changes, a key is added)`, () => ['tags: { team: new, env: prod }'], () => ({ team: 'old' }));
const withRemoval = await applyRun(`apply, tags only, ${applyCount} VPCs (and a key removed)`, () => ['tags: { team: new }'], () => ({ team: 'old', stale: 'x' }));
const putWait = await applyRun(`apply, a PUT each (description), ${applyCount} VPCs, 1.5 s PENDING_UPDATE`, () => ['description: changed'], () => ({}));
console.log(`tags-only apply vs PUT-wait cycle: ${(tagOnly / 1000).toFixed(2)} s vs ${(putWait / 1000).toFixed(2)} s (${(putWait / tagOnly).toFixed(1)}x faster); with a removal ${(withRemoval / 1000).toFixed(2)} s`);
rmSync(dir, { recursive: true, force: true });
