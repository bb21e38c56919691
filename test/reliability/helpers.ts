import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorOptions, type EmulatorSeed, type RequestLogEntry, type RunningEmulator } from '../../src/emulator/index.js';
import { BIN, type CliResult } from '../helpers/cli.js';

export const PUT_ROUTE = 'PUT /v1/{project_id}/vpcs/{vpc_id}';
export const POST_ROUTE = 'POST /v1/{project_id}/vpcs';
export const DELETE_ROUTE = 'DELETE /v1/{project_id}/vpcs/{vpc_id}';

/** A frame of a JS stack trace (`    at fn (file.js:1:2)`): never shown to a user without --debug. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

export function hasStackTrace(text: string): boolean {
  return STACK_FRAME.test(text) || /Unhandled|UnhandledPromiseRejection|triggerUncaughtException/.test(text);
}

/** mulberry32, the emulator's own seeded PRNG: a seed replays a scenario exactly. */
export { mulberry32 as prng } from '../../src/emulator/faults.js';

export function vpcIdFor(i: number): string {
  return `${String(i).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `vpcform-rel-${prefix}-`));
}

export interface DesiredFields {
  /** Left out = present; `absent` entries carry only `id` or `name`. */
  ensure?: 'absent';
  id?: string;
  name?: string;
  cidr?: string;
  description?: string;
  enable_shared_snat?: boolean;
  routes?: Array<{ destination: string; nexthop: string }>;
}

/** Writes a desired-state file (JSON is YAML) for the emulator's project and endpoint. */
export function writeDesired(path: string, emu: { projectId: string; url: string }, vpcs: Record<string, DesiredFields>, endpoint = emu.url): void {
  const doc = { version: 1, target: { cloud: 'otc', region: 'eu-de', project_id: emu.projectId, endpoint }, vpcs };
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
}

export async function emulatorWith(seed: EmulatorSeed, options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, updateDelayMs: 30, seed, ...options });
}

/** PUTs the emulator received, by VPC id (from its request log, or the part of it given). */
export function putsByVpc(emu: RunningEmulator, log: readonly RequestLogEntry[] = emu.requestLog()): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of log) if (r.route === PUT_ROUTE && r.vpc_id !== undefined) out.set(r.vpc_id, (out.get(r.vpc_id) ?? 0) + 1);
  return out;
}

/**
 * The ids of the VPCs that POSTs made (those the emulator carried out, answered or not), in order.
 * A create whose answer was lost still shows here: the log records the new VPC's id.
 */
export function appliedPostIds(log: readonly RequestLogEntry[]): string[] {
  return log
    .filter((r) => r.route === POST_ROUTE && r.applied === true && r.vpc_id !== undefined)
    .map((r) => r.vpc_id as string);
}

/** DELETEs the emulator carried out (answered or not), by VPC id. */
export function appliedDeletes(log: readonly RequestLogEntry[]): Set<string> {
  return new Set(log.filter((r) => r.route === DELETE_ROUTE && r.applied === true && r.vpc_id !== undefined).map((r) => r.vpc_id as string));
}

export interface TimedResult extends CliResult {
  ms: number;
  /** Epoch ms when the process ended. */
  endedAt: number;
  /** Killed by the bound: the process did not exit by itself. */
  killed: boolean;
}

/** Runs the built CLI as a process with an explicit environment; kills it (and says so) past `boundMs`. */
export function runVpcform(args: string[], opts: { cwd: string; env?: Record<string, string>; boundMs?: number; input?: string }): Promise<TimedResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, opts.boundMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: out, stderr: err, ms: Date.now() - started, endedAt: Date.now(), killed });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export function parseJsonLines(stdout: string): Array<Record<string, unknown> & { type?: string }> {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown> & { type?: string });
}

/** Appends figures for `scripts/chaos.mjs` (and the issue note) when CHAOS_REPORT names a file. */
export function recordFigures(kind: string, figures: Record<string, number>): void {
  const file = process.env['CHAOS_REPORT'];
  if (file === undefined || file === '') return;
  writeFileSync(file, `${JSON.stringify({ kind, ...figures })}\n`, { flag: 'a' });
}
