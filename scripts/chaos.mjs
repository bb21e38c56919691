#!/usr/bin/env node
/**
 * The long chaos run: `npm run test:chaos -- --seeds 50 [--first-seed 1000] [--no-build]`.
 *
 * Builds the CLI (the suite runs `vpcform apply` as a process), runs test/reliability/chaos.test.ts
 * with CHAOS_SEEDS=N, and prints the figures the suite recorded: seeds run, faults injected (and how
 * many struck after a write was carried out), VPCs applied, PUTs, POSTs and DELETEs, outcomes of the
 * faulty apply and of the fault-free second one. Exits with the suite's code. See docs/reliability.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function flag(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0 && args[i + 1] !== undefined) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline === undefined ? fallback : inline.slice(name.length + 3);
}

const seeds = Number(flag('seeds', '20'));
const firstSeed = Number(flag('first-seed', '1000'));
if (!Number.isInteger(seeds) || seeds < 1 || !Number.isInteger(firstSeed) || firstSeed < 0) {
  console.error('usage: npm run test:chaos -- --seeds N [--first-seed S] [--no-build]   (N >= 1)');
  process.exit(1);
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
if (!process.argv.includes('--no-build')) {
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const dir = mkdtempSync(join(tmpdir(), 'vpcform-chaos-'));
const report = join(dir, 'figures.jsonl');
const started = Date.now();
const run = spawnSync(npx, ['vitest', 'run', 'test/reliability/chaos.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, CHAOS_SEEDS: String(seeds), CHAOS_FIRST_SEED: String(firstSeed), CHAOS_REPORT: report },
  shell: process.platform === 'win32',
});

let rows = [];
try {
  rows = readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
} catch {
  // No figures: the suite failed before any run finished.
}
rmSync(dir, { recursive: true, force: true });
const sum = (key) => rows.reduce((n, r) => n + (r[key] ?? 0), 0);
console.log('');
console.log(`chaos: seeds ${firstSeed}..${firstSeed + seeds - 1}`);
console.log(`  runs finished      ${rows.length} / ${seeds}`);
console.log(`  faults injected    ${sum('faults')} (5xx, resets, 429s met by the client)`);
console.log(`  after the write    ${sum('after_write_faults')} (lost answers: ${sum('lost_post_answers')} POST, ${sum('lost_delete_answers')} DELETE)`);
console.log(`  VPCs applied       ${sum('vpcs')} (updated ${sum('updated')}, created ${sum('created')}, deleted ${sum('deleted')}, unchanged ${sum('unchanged')}, failed and explained ${sum('failed')})`);
console.log(`  requests received  ${sum('puts')} PUT, ${sum('posts')} POST, ${sum('deletes_sent')} DELETE`);
console.log(`  plans that failed  ${sum('plan_failed')} (refresh gave up; nothing written)`);
console.log(`  second apply       ${sum('second_converged')} converged, ${sum('second_failed')} failed (stuck, ERROR, or waiting for one)`);
console.log(`  wall time          ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`  result             ${run.status === 0 ? 'every invariant held' : 'FAILED: see the vitest output above'}`);
process.exit(run.status ?? 1);
