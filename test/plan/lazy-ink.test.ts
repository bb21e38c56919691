import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

/**
 * `vpcform --help` and every non-TTY path must not load ink or react (start-up time): a module hook
 * reports each ink/react module the process resolves. Needs `npm run build`.
 */
const REGISTER = fileURLToPath(new URL('../fixtures/plan/register-ink-hooks.mjs', import.meta.url));
const MIXED = fileURLToPath(new URL('../fixtures/plan/mixed/plan.json', import.meta.url));
const PLAN_INK = fileURLToPath(new URL('../../dist/render/plan-ink.js', import.meta.url));

function loadedInk(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', REGISTER, ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'], NO_COLOR: '1' } });
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
}

describe('ink and react load only for a TTY view', () => {
  it('the hook sees them when the ink entry is imported (the check can fail)', () => {
    expect(loadedInk(['--input-type=module', '-e', `await import(${JSON.stringify(PLAN_INK)})`]).length).toBeGreaterThan(0);
  });

  it('--help, plan --help and show of a plan without a TTY never load them', () => {
    expect(loadedInk([BIN, '--help'])).toEqual([]);
    expect(loadedInk([BIN, 'plan', '--help'])).toEqual([]);
    expect(loadedInk([BIN, 'show', MIXED])).toEqual([]);
    expect(loadedInk([BIN, 'show', MIXED, '--markdown'])).toEqual([]);
  });
});
