import { run } from './main.js';
import type { CliIO } from './io.js';

/**
 * The process entry: wires real streams and signals, runs the CLI, exits with its code. This is the
 * only place that exits the process. The first Ctrl-C aborts `io.signal` (commands wind down
 * gracefully); a second one exits at once with 130.
 */
export async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    interrupts += 1;
    if (interrupts > 1) {
      process.stderr.write(`\nvpcform: second ${sig}, exiting now\n`);
      process.exit(130);
    }
    controller.abort(new Error(sig));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io: CliIO = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    // A pty may report 0 columns: treat it as unknown.
    columns: process.stderr.columns || process.stdout.columns || 80,
    signal: controller.signal,
  };
  const code = await run(process.argv.slice(2), io);
  // Let stdout drain before exiting (large JSON outputs through a pipe).
  await new Promise<void>((resolve) => (process.stdout.writableLength === 0 ? resolve() : process.stdout.once('drain', () => resolve())));
  process.exit(code);
}
