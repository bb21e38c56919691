import type { Readable, Writable } from 'node:stream';

/**
 * Everything a command touches of its process: streams, environment, TTY-ness. Commands never read
 * `process` directly, so tests can run them in-process with captured streams.
 */
export interface CliIO {
  /** For prompts (apply's confirmation); only read when `stdinIsTTY`. */
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Terminal width for layout; 80 when unknown. */
  columns: number;
  /** Aborted on the first Ctrl-C / SIGTERM. */
  signal: AbortSignal;
}

/** Global flags shared by every command. */
export interface GlobalOptions {
  json: boolean;
  color: boolean;
  debug: boolean;
}

/** Colors are on for a TTY unless `--no-color` or `NO_COLOR` says otherwise (https://no-color.org). */
export function colorEnabled(io: CliIO, flag: boolean | undefined, tty: boolean): boolean {
  if (flag === false) return false;
  const noColor = io.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  if (io.env['FORCE_COLOR'] !== undefined && io.env['FORCE_COLOR'] !== '0') return true;
  return tty;
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
