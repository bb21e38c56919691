import { PassThrough } from 'node:stream';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured streams (no TTY unless asked). */
export async function runCli(
  argv: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string; tty?: boolean; signal?: AbortSignal } = {},
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const io: CliIO = {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: { NO_COLOR: '1', ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
    stdinIsTTY: opts.tty ?? false,
    stdoutIsTTY: opts.tty ?? false,
    stderrIsTTY: opts.tty ?? false,
    columns: 100,
    signal: opts.signal ?? new AbortController().signal,
  };
  const code = await run(argv, io);
  return { code, stdout: out, stderr: err };
}

export const BIN = fileURLToPath(new URL('../../bin/vpcform.js', import.meta.url));

/** Runs the built CLI (`bin/vpcform.js`, needs `npm run build`) as a real process. */
export function runBin(
  argv: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: opts.cwd ?? process.cwd(),
      env: { PATH: process.env['PATH'], NO_COLOR: '1', ...opts.env } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: out, stderr: err });
    });
    child.stdin.end(opts.input ?? '');
  });
}
