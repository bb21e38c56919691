import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import type { LiveVpc } from '../../src/model/vpc.js';
import { BIN, type CliResult } from '../helpers/cli.js';

export const PUT_ROUTE = 'PUT /v1/{project_id}/vpcs/{vpc_id}';
export const GET_ROUTE = 'GET /v1/{project_id}/vpcs/{vpc_id}';
export const LIST_ROUTE = 'GET /v1/{project_id}/vpcs';

export interface World {
  emu: RunningEmulator;
  dir: string;
  ids: string[];
  file: string;
  /** Runs the built CLI against this emulator (needs `npm run build`). */
  vpcform(args: string[], opts?: { timeoutMs?: number }): Promise<CliResult>;
  /** The VPC as a client sees it over HTTP now. */
  live(id: string): Promise<LiveVpc>;
  puts(): number;
  gets(): number;
  lists(): number;
}

export function vpcId(i: number): string {
  return `${String(i).padStart(8, '0')}-1111-4222-8333-444444444444`;
}

/** A desired-state file's text for `emu`'s project and endpoint, with `vpcsYaml` (indented entries) under `vpcs:`. */
export function desiredYaml(emu: RunningEmulator, vpcsYaml: string): string {
  return ['version: 1', 'target:', '  cloud: otc', '  region: eu-de', `  project_id: ${emu.projectId}`, `  endpoint: ${emu.url}`, 'vpcs:', vpcsYaml].join('\n');
}

/** An emulator with `count` VPCs `vpc-i` and a desired-state file renaming each to `renamed-i`. */
export async function world(count: number, options: EmulatorOptions = {}): Promise<World> {
  const ids = Array.from({ length: count }, (_, i) => vpcId(i));
  const emu = await startEmulator({ port: 0, updateDelayMs: 200, seed: { vpcs: ids.map((id, i) => ({ id, name: `vpc-${i}`, cidr: '10.0.0.0/16' })) }, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'vpcform-apply-'));
  const file = join(dir, 'vpcs.yaml');
  const lines = ['version: 1', 'target:', '  cloud: otc', '  region: eu-de', `  project_id: ${emu.projectId}`, `  endpoint: ${emu.url}`, 'vpcs:'];
  ids.forEach((id, i) => lines.push(`  v${i}:`, `    id: ${id}`, `    name: renamed-${i}`, `    description: managed ${i}`));
  writeFileSync(file, `${lines.join('\n')}\n`);
  const stat = (route: string) => emu.stats().routes[route] ?? 0;
  return {
    emu,
    dir,
    ids,
    file,
    vpcform: (args, opts) => spawnCli(args, { cwd: dir, ...opts }).done,
    async live(id) {
      const res = await fetch(`${emu.url}/v1/${emu.projectId}/vpcs/${id}`);
      return ((await res.json()) as { vpc: LiveVpc }).vpc;
    },
    puts: () => stat(PUT_ROUTE),
    gets: () => stat(GET_ROUTE),
    lists: () => stat(LIST_ROUTE),
  };
}

export interface SpawnedCli {
  done: Promise<CliResult>;
  signal(sig: NodeJS.Signals): void;
  /** Resolves once stderr (or stdout) contains `text`. */
  waitFor(text: string): Promise<void>;
}

/** Like `runBin`, with access to the child for signals and to the output as it comes. */
export function spawnCli(args: string[], opts: { cwd: string; timeoutMs?: number }): SpawnedCli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { PATH: process.env['PATH'], NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (!err.includes(w.text) && !out.includes(w.text)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout.on('data', (c: Buffer) => ((out += c.toString('utf8')), check()));
  child.stderr.on('data', (c: Buffer) => ((err += c.toString('utf8')), check()));
  child.stdin.end('');
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: out, stderr: err });
    });
  });
  return {
    done,
    signal: (sig) => child.kill(sig),
    waitFor: (text) =>
      new Promise<void>((resolve) => {
        waiters.push({ text, resolve });
        check();
      }),
  };
}

/** The `--json` lines of an apply run, parsed. */
export function jsonLines(stdout: string): Array<Record<string, unknown> & { type: string }> {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown> & { type: string });
}

/** The summary of the last `apply_done` line. */
export function summaryOf(stdout: string): { outcomes: Array<{ address: string; id?: string; result: string; failure?: { code: string; message: string; fields?: string[] } }>; counts: Record<string, number> } {
  const done = jsonLines(stdout).filter((l) => l.type === 'apply_done').at(-1);
  if (!done) throw new Error(`no apply_done line in:\n${stdout}`);
  return done['summary'] as ReturnType<typeof summaryOf>;
}
