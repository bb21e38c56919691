/**
 * How long `parseDesired` takes on a 10,000-VPC file (YAML text -> validated DesiredState).
 * Needs `npm run build` first (it imports dist/). Prints the median of a few runs after a warm-up,
 * plus a cold first run, which is what a one-shot `vpcform validate` pays.
 *   npm run build && node bench/validate.mjs [N]
 */
import { performance } from 'node:perf_hooks';
import { generateDesired } from './generate-desired.mjs';

const count = Number(process.argv[2] ?? 10000);
const text = generateDesired(count);
const { parseDesired } = await import('../dist/config/index.js');

/** Wall time, and CPU time of this thread (on a busy shared machine, wall time includes waiting for a core). */
function once() {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = parseDesired(text, 'bench.yaml');
  const cpu = process.cpuUsage(c0);
  const ms = performance.now() - t0;
  cpuRuns.push((cpu.user + cpu.system) / 1000);
  if (result.state === undefined || result.state.vpcs.length !== count) {
    throw new Error(`unexpected result: ${JSON.stringify(result.diagnostics.slice(0, 3))}`);
  }
  return ms;
}

const cpuRuns = [];
const cold = once();
const runs = [];
for (let i = 0; i < 5; i++) runs.push(once());
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)];
console.log(`parseDesired: ${count} VPCs, ${(text.length / 1024 / 1024).toFixed(2)} MiB`);
console.log(`  cold run: ${cold.toFixed(0)} ms`);
console.log(`  warm median of ${runs.length}: ${median.toFixed(0)} ms (min ${runs[0].toFixed(0)}, max ${runs.at(-1).toFixed(0)})`);
const forMap = parseDesired(text, 'bench.yaml');
const m0 = performance.now();
const entries = Object.keys(forMap.state.sourceMap).length;
console.log(`  source map, built on first read (plan diagnostics): ${(performance.now() - m0).toFixed(0)} ms for ${entries} entries`);
const cpuSorted = cpuRuns.slice(1).sort((a, b) => a - b);
console.log(`  CPU time: cold ${cpuRuns[0].toFixed(0)} ms, warm median ${cpuSorted[Math.floor(cpuSorted.length / 2)].toFixed(0)} ms (includes GC threads)`);
