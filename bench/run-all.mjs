// Runs every benchmark in bench/ one after the other (they share 2 cores badly) and prints their
// figures. Needs `npm run build` (`npm run bench` does it). Pass --quick to skip the slow
// Terraform-like apply comparison.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const benches = [
  ['validate.mjs'],
  ['emulator-list.mjs'],
  ['emulator-tags.mjs'],
  ['client-overhead.mjs'],
  ['plan-scale.mjs'],
  ['apply-bench.mjs', ...(quick ? ['--quick'] : [])],
  ['apply-rate-bench.mjs'],
  ['lifecycle-bench.mjs'],
  ['tags-bench.mjs'],
  ['watch-bench.mjs', ...(quick ? ['--cycles', '300'] : [])],
];

let failed = 0;
for (const [script, ...args] of benches) {
  console.log(`\n=== bench/${script} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed += 1;
    console.log(`bench/${script} exited ${r.status ?? r.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
