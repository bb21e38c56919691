import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { stripAnsi } from '../../src/render/paint.js';

const PROJECT = '0123456789abcdef0123456789abcdef';
const WEB = '99d9d709-8478-4b46-9f3f-2206b1023fd3';

const MANY = 201;
const manyId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

let emulator: RunningEmulator;
let dir: string;
beforeAll(async () => {
  const many = Array.from({ length: MANY }, (_, i) => ({ id: manyId(i), name: `vpc-${i}`, cidr: `10.${i}.0.0/16` }));
  emulator = await startEmulator({ seed: { project_id: PROJECT, vpcs: [{ id: WEB, name: 'vpc-web', cidr: '192.168.0.0/16' }, ...many] }, port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'vpcform-plan-tty-'));
  const head = `version: 1\ntarget:\n  cloud: otc\n  region: eu-de\n  project_id: ${PROJECT}\nvpcs:\n`;
  writeFileSync(join(dir, 'vpcs.yaml'), `${head}  web:\n    id: ${WEB}\n    description: web tier\n`);
  const manyVpcs = Array.from({ length: MANY }, (_, i) => `  v${i}:\n    id: ${manyId(i)}\n    description: changed\n`).join('');
  writeFileSync(join(dir, 'many.yaml'), `${head}${manyVpcs}`);
});
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('vpcform plan on a TTY', () => {
  it('draws the ink view on stderr and leaves stdout empty', async () => {
    const r = await runCli(['plan', '-f', 'vpcs.yaml', '--endpoint', emulator.url], { cwd: dir, tty: true, env: { NO_COLOR: undefined } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const screen = stripAnsi(r.stderr);
    expect(screen).toContain('~ vpcs.web (99d9d709-8478-4b46-9f3f-2206b1023fd3)');
    expect(screen).toContain('Plan: 0 to create, 1 to update, 0 to delete, 0 errors.');
  });

  it('prints a plan of more than 200 blocks as colored text on stdout instead of drawing it with ink', async () => {
    const r = await runCli(['plan', '-f', 'many.yaml', '--endpoint', emulator.url, '--out', 'many.plan.json'], { cwd: dir, tty: true, env: { NO_COLOR: undefined } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\u001b[');
    expect(stripAnsi(r.stdout)).toContain(`Plan: 0 to create, ${MANY} to update, 0 to delete, 0 errors.`);
    expect(stripAnsi(r.stderr)).not.toContain('Plan:');
    const shown = await runCli(['show', 'many.plan.json'], { cwd: dir, tty: true, env: { NO_COLOR: undefined } });
    expect(stripAnsi(shown.stdout)).toContain(`Plan: 0 to create, ${MANY} to update`);
  });

  it('prints plain text on stdout with --no-color, even on a TTY', async () => {
    const r = await runCli(['plan', '-f', 'vpcs.yaml', '--endpoint', emulator.url, '--no-color'], { cwd: dir, tty: true, env: { NO_COLOR: undefined } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete, 0 errors.');
    expect(r.stdout).not.toContain('\u001b[');
  });
});
