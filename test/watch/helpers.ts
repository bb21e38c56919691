import { PassThrough } from 'node:stream';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';

export const PROJECT = '0123456789abcdef0123456789abcdef';

/** Four VPCs: more than refresh's "few" (3), so every check is one listing, as at scale. */
export const VPCS = [
  { key: 'web', id: '10000000-0000-4000-8000-000000000001', name: 'vpc-web', cidr: '192.168.0.0/16', description: 'web tier' },
  { key: 'db', id: '10000000-0000-4000-8000-000000000002', name: 'vpc-db', cidr: '10.10.0.0/16', description: 'database tier' },
  { key: 'batch', id: '10000000-0000-4000-8000-000000000003', name: 'vpc-batch', cidr: '172.16.0.0/16', description: 'batch jobs' },
  { key: 'ops', id: '10000000-0000-4000-8000-000000000004', name: 'vpc-ops', cidr: '10.20.0.0/16', description: 'operations' },
] as const;

export function seed(): EmulatorSeed {
  return { project_id: PROJECT, vpcs: VPCS.map(({ key: _key, ...vpc }) => ({ ...vpc, routes: [] })) };
}

/** The desired state that matches `seed()` exactly: every check is in sync until something changes. */
export function desiredYaml(overrides: Partial<Record<(typeof VPCS)[number]['key'], string>> = {}): string {
  const lines = ['version: 1', `target: { cloud: otc, region: eu-de, project_id: ${PROJECT} }`, 'vpcs:'];
  for (const vpc of VPCS) {
    lines.push(`  ${vpc.key}:`, `    id: ${vpc.id}`, `    name: ${vpc.name}`, `    cidr: ${vpc.cidr}`, `    description: ${overrides[vpc.key] ?? vpc.description}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function tempDesired(content = desiredYaml()): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'vpcform-watch-'));
  const file = join(dir, 'vpcs.yaml');
  await writeFile(file, content);
  return { dir, file };
}

/** Changes a VPC behind vpcform's back, as a console user would (the emulator runs without auth). */
export async function changeOutOfBand(baseUrl: string, id: string, change: Record<string, unknown>): Promise<void> {
  // The API wants name or cidr in every update: send the VPC's own name along.
  const vpc = { name: VPCS.find((v) => v.id === id)?.name, ...change };
  const response = await fetch(`${baseUrl}/v1/${PROJECT}/vpcs/${id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ vpc }),
  });
  if (response.status !== 200) throw new Error(`out-of-band PUT answered ${response.status}: ${await response.text()}`);
}

export type Line = Record<string, unknown> & { type: string };

export interface RunningWatch {
  /** Every JSON line printed so far. */
  lines: Line[];
  /** The metrics server's base URL (from the `listening` line). */
  url: string;
  /** Resolves with the first line, printed from now on (or already, with `since`), that matches. */
  waitFor(predicate: (line: Line) => boolean, options?: { timeoutMs?: number; since?: number }): Promise<Line>;
  /** Aborts as SIGTERM does and resolves with the exit code. */
  stop(): Promise<number>;
  stderr(): string;
}

/** Runs `vpcform watch --json ARGS` in-process, on port 0, and waits until its metrics server listens. */
export async function startWatch(args: string[], env: Record<string, string> = {}, cwd = process.cwd()): Promise<RunningWatch> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const controller = new AbortController();
  const lines: Line[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      lines.push(JSON.parse(buffered.slice(0, nl)) as Line);
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf('\n');
    }
    for (const wake of waiters) wake();
  });
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const io: CliIO = {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: { NO_COLOR: '1', ...env },
    cwd,
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 100,
    signal: controller.signal,
  };
  const exit = run(['watch', '--json', '--metrics-addr', '127.0.0.1:0', ...args], io);

  const waitFor: RunningWatch['waitFor'] = (predicate, options = {}) => {
    const start = options.since ?? lines.length;
    let scanned = start;
    return new Promise<Line>((resolve, reject) => {
      const check = (): boolean => {
        for (; scanned < lines.length; scanned += 1) {
          const line = lines[scanned] as Line;
          if (predicate(line)) {
            finish();
            resolve(line);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no matching line within ${options.timeoutMs ?? 5000} ms; last lines:\n${lines.slice(-8).map((l) => JSON.stringify(l)).join('\n')}\nstderr: ${err}`));
      }, options.timeoutMs ?? 5000);
      const wake = (): void => void check();
      const finish = (): void => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      waiters.add(wake);
      void exit.then(() => {
        if (!check()) {
          finish();
          reject(new Error(`watch exited before a matching line; stderr: ${err}; lines:\n${lines.slice(-8).map((l) => JSON.stringify(l)).join('\n')}`));
        }
      });
      check();
    });
  };

  const listening = await waitFor((l) => l.type === 'listening', { since: 0 });
  return {
    lines,
    url: String(listening['url']),
    waitFor,
    stop: async () => {
      controller.abort(new Error('SIGTERM'));
      return exit;
    },
    stderr: () => err,
  };
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the Prometheus text format (0.0.4): every line is a comment, blank, or
 * `name{label="value",…} number`. Throws on anything else, so a malformed exposition fails the test.
 */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    // Values as Go's ParseFloat reads them (Prometheus's parser): NaN and Inf in any case (prom-client writes `Nan`).
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([-+]?(?:[0-9.e+-]+|inf|nan))$/i.exec(line);
    if (match === null) throw new Error(`not a Prometheus sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    const body = match[2] ?? '';
    const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
    let consumed = 0;
    for (let m = labelRe.exec(body); m !== null; m = labelRe.exec(body)) {
      labels[m[1] as string] = (m[2] as string).replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
      consumed = labelRe.lastIndex;
    }
    if (consumed !== body.length) throw new Error(`bad labels in ${JSON.stringify(line)}`);
    samples.push({ name: match[1] as string, labels, value: parseValue(match[3] as string) });
  }
  return samples;
}

function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower.endsWith('inf')) return lower.startsWith('-') ? -Infinity : Infinity;
  const n = Number(text);
  if (Number.isNaN(n)) throw new Error(`not a number: ${text}`);
  return n;
}

export async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  if (!(response.headers.get('content-type') ?? '').startsWith('text/plain; version=0.0.4')) throw new Error(`content type ${response.headers.get('content-type')}`);
  return parsePrometheus(await response.text());
}

/** The value of one series; undefined when it is not exposed. */
export function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

export function sum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);
}
