import { spawn } from 'node:child_process';
import { BIN } from '../helpers/cli.js';
import { stripAnsi } from '../../src/render/paint.js';

export interface PtySession {
  /** Everything the terminal showed so far, ANSI escapes removed. */
  screen(): string;
  /** Resolves once the screen shows `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Types into the terminal (keys, `\r` for Enter, `\u0003` for Ctrl-C). */
  type(text: string): void;
  exited: Promise<number>;
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the built CLI on a real pseudo-terminal through util-linux `script` (Debian's essential
 * bsdutils), so stdin/stdout/stderr are TTYs: the ink views, the approval prompt and Ctrl-C are
 * exercised as a person at a terminal meets them — including keys arriving in one chunk.
 */
export function runInPty(args: string[], env: Record<string, string>, cwd: string): PtySession {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', TERM: 'xterm-256color', COLUMNS: '100', LINES: '40', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    for (const w of waiters.splice(0)) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  const screen = () => stripAnsi(raw).replace(/\r/g, '');
  return {
    screen,
    exited,
    type: (text) => child.stdin.write(text),
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`timed out waiting for ${pattern} on the terminal; it shows:\n${screen()}`));
        }, timeoutMs);
        const check = () => {
          if (pattern.test(screen())) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}
