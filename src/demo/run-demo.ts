import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { colorEnabled, writeLine, type CliIO } from '../cli/io.js';
import { EXIT } from '../cli/exit-codes.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { VpcformError, assertNever } from '../errors/index.js';
import { paint, type Painter } from '../render/paint.js';
import { editInConsole } from './console-edit.js';
import { demoScript, type DemoStep } from './script.js';

/** Shipped with the package (`files` in package.json): the same from `src/demo/` and `dist/demo/`. */
export const DEMO_SEED = fileURLToPath(new URL('../../examples/emulator-seed.yaml', import.meta.url));
export const DEMO_DESIRED = fileURLToPath(new URL('../../examples/vpcs.yaml', import.meta.url));

export interface DemoOptions {
  /** How long a VPC stays PENDING_UPDATE after a PUT in the embedded emulator. */
  updateDelayMs: number;
  /** `--no-color` as parsed (false when given). */
  colorFlag: boolean | undefined;
  /** Runs one vpcform command line and returns its exit code: the CLI hands in its own `run`. */
  run: CommandRunner;
}

export type CommandRunner = (argv: string[], io: CliIO) => Promise<number>;

/**
 * `vpcform demo`: the embedded emulator on 127.0.0.1 (seeded from examples/), then the whole GitOps
 * story through the real commands — `options.run(argv, io)`, the very function behind the binary — so the
 * output is what users get. Each step's exit code is checked; a surprise stops the demo (DEMO_FAILED).
 */
export async function runDemo(io: CliIO, options: DemoOptions): Promise<number> {
  const p = paint(colorEnabled(io, options.colorFlag, io.stdoutIsTTY));
  const started = Date.now();
  const file = shownPath(io.cwd, DEMO_DESIRED);
  const emulator = await startEmulator({ port: 0, seed: DEMO_SEED, updateDelayMs: options.updateDelayMs });
  try {
    intro(io, p, emulator, options.updateDelayMs);
    const steps = demoScript(file);
    for (const [index, step] of steps.entries()) {
      if (io.signal.aborted) return EXIT.INTERRUPTED;
      heading(io, p, index + 1, steps.length, step);
      await perform(step, io, p, emulator, options);
      for (const line of step.afterwards) writeLine(io.stdout, p.cyan(`  ${line}`));
    }
  } finally {
    await emulator.stop();
  }
  writeLine(io.stdout);
  writeLine(io.stdout, p.green(p.bold(`Demo complete in ${((Date.now() - started) / 1000).toFixed(1)} s.`)) + ' The emulator is stopped.');
  writeLine(io.stdout, p.dim('Next: point the same commands at a real cloud (HW_ACCESS_KEY, HW_SECRET_KEY; docs/gitops.md), and copy a CI recipe from examples/ci/.'));
  return EXIT.OK;
}

async function perform(step: DemoStep, io: CliIO, p: Painter, emulator: RunningEmulator, { colorFlag, run }: DemoOptions): Promise<void> {
  switch (step.kind) {
    case 'command': {
      writeLine(io.stdout, p.bold(`$ vpcform ${step.argv.join(' ')}`));
      const code = await run(colorFlag === false ? [...step.argv, '--no-color'] : step.argv, commandIO(io, emulator));
      const verdict = `exit ${code}`;
      writeLine(io.stdout, code === step.expectExit ? p.dim(`  -> ${verdict}`) : p.red(`  -> ${verdict}`));
      if (code === EXIT.INTERRUPTED || io.signal.aborted) throw new VpcformError('INTERRUPTED');
      if (code !== step.expectExit) {
        throw new VpcformError('DEMO_FAILED', {
          summary: `"${step.title}" exited ${code}, the demo expected ${step.expectExit}`,
          hint: 'This is a bug in vpcform or its emulator; please report it with this output (and --debug).',
        });
      }
      return;
    }
    case 'console_edit': {
      const route = `PUT ${emulator.url}/v1/${emulator.projectId}/vpcs/${step.vpcId}`;
      writeLine(io.stdout, p.bold(`$ curl -X ${route} -d '${JSON.stringify({ vpc: step.body })}'`));
      await editInConsole(emulator.url, emulator.projectId, { vpcId: step.vpcId, body: step.body }, io.signal);
      writeLine(io.stdout, p.dim('  -> HTTP 200, the VPC went PENDING_UPDATE and then OK'));
      return;
    }
    default:
      assertNever(step, 'demo step');
  }
}

/** The commands see only the emulator: no credentials from the caller's environment, no CI summary file. */
function commandIO(io: CliIO, emulator: RunningEmulator): CliIO {
  const keep = ['NO_COLOR', 'FORCE_COLOR', 'TERM', 'COLUMNS', 'VPCFORM_DEBUG'];
  const env: Record<string, string | undefined> = { VPCFORM_ENDPOINT: emulator.url };
  for (const name of keep) if (io.env[name] !== undefined) env[name] = io.env[name];
  return { ...io, env };
}

function intro(io: CliIO, p: Painter, emulator: RunningEmulator, updateDelayMs: number): void {
  writeLine(io.stdout, p.bold('vpcform demo') + p.dim(' — git owns the VPCs; vpcform keeps the cloud in line.'));
  writeLine(io.stdout, `Started the embedded VPC API emulator at ${p.bold(emulator.url)} (project ${emulator.projectId}),`);
  writeLine(io.stdout, `seeded from ${shownPath(io.cwd, DEMO_SEED)} with ${emulator.vpcs().length} VPCs. No credentials, no network beyond 127.0.0.1.`);
  writeLine(io.stdout, p.dim(`Updates take ${updateDelayMs} ms (PENDING_UPDATE) here, as they take a while on the real cloud.`));
}

function heading(io: CliIO, p: Painter, n: number, total: number, step: DemoStep): void {
  writeLine(io.stdout);
  writeLine(io.stdout, p.yellow(p.bold(`── Step ${n}/${total}: ${step.title} `)));
  for (const line of step.explain) writeLine(io.stdout, `  ${line}`);
  writeLine(io.stdout);
}

/** Relative to the working directory when inside it (`examples/vpcs.yaml`), else absolute. */
function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
