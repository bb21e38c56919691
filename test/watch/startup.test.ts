import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const IMPORT_LOG = fileURLToPath(new URL('./import-log.mjs', import.meta.url));

/** Which modules a run of the built CLI loads (needs dist/, which the global setup keeps fresh). */
function loaded(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', IMPORT_LOG, BIN, ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'] } });
  expect(r.status).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('resolved ')).map((l) => l.slice('resolved '.length));
}

describe('start-up cost of the watch command', () => {
  it('vpcform --help and vpcform watch --help load neither prom-client nor the watch loop', () => {
    for (const args of [['--help'], ['watch', '--help']]) {
      const urls = loaded(args);
      expect(urls.some((u) => u.includes('/dist/cli/main.js'))).toBe(true);
      expect(urls.filter((u) => u.includes('prom-client') || u.includes('/dist/watch/') || u.includes('/dist/cli/watch/'))).toEqual([]);
    }
  });
});
