import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { colorEnabled, writeLine, type CliIO } from '../cli/io.js';
import { EXIT } from '../cli/exit-codes.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { VpcformError, assertNever } from '../errors/index.js';
import { paint, type Painter } from '../render/paint.js';
import { editInConsole } from './console-edit.js';
import { demoScript, type CloudCheck, type DemoStep } from './script.js';

/** Shipped with the package (`files` in package.json): the same from `src/demo/` and `dist/demo/`. */
export const DEMO_SEED = fileURLToPath(new URL('../../examples/emulator-seed.yaml', import.meta.url));
export const DEMO_DESIRED = fileURLToPath(new URL('../../examples/vpcs.yaml', import.meta.url));

/** Short, so the demo takes seconds, yet long enough to show that apply waits for each transition. */
export const DEMO_CREATE_DELAY_MS = 500;
export const DEMO_DELETE_DELAY_MS = 300;

export interface DemoOptions {
  /** How long a VPC stays PENDING_UPDATE after a PUT in the embedded emulator. */
  updateDelayMs: number;
  /** How long a new VPC stays CREATING (default DEMO_CREATE_DELAY_MS). */
  createDelayMs?: number;
  /** How long a deleted VPC stays PENDING_DELETE before GET answers 404 (default DEMO_DELETE_DELAY_MS). */
  deleteDelayMs?: number;
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
  const delays = {
    updateDelayMs: options.updateDelayMs,
    createDelayMs: options.createDelayMs ?? DEMO_CREATE_DELAY_MS,
    deleteDelayMs: options.deleteDelayMs ?? DEMO_DELETE_DELAY_MS,
  };
  const emulator = await startEmulator({ port: 0, seed: DEMO_SEED, ...delays });
  try {
    intro(io, p, emulator, delays);
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
      if (step.cloudAfter !== undefined) writeLine(io.stdout, p.dim(`  ${checkCloud(emulator, step.title, step.cloudAfter)}`));
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

/**
 * Reads the emulator's own state: exactly one VPC of each name in `exist`, none of each in `gone`.
 * Returns the line to show; a VPC too many or missing stops the demo.
 */
function checkCloud(emulator: RunningEmulator, title: string, check: CloudCheck): string {
  const names = emulator.vpcs().map((v) => v.name);
  const count = (name: string): number => names.filter((n) => n === name).length;
  const wrong = [
    ...check.exist.filter((name) => count(name) !== 1).map((name) => `${count(name)} VPCs named ${name} (expected 1)`),
    ...check.gone.filter((name) => count(name) !== 0).map((name) => `${name} still exists (expected it gone)`),
  ];
  if (wrong.length > 0) {
    throw new VpcformError('DEMO_FAILED', {
      summary: `After "${title}", the emulator holds ${wrong.join('; ')}`,
      hint: 'This is a bug in vpcform or its emulator; please report it with this output (and --debug).',
    });
  }
  const gone = check.gone.length === 0 ? '' : `; ${check.gone.join(', ')} ${check.gone.length === 1 ? 'is' : 'are'} gone`;
  return `Checked in the emulator itself: ${check.exist.join(', ')} exist (one each)${gone}.`;
}

function intro(io: CliIO, p: Painter, emulator: RunningEmulator, delays: { updateDelayMs: number; createDelayMs: number; deleteDelayMs: number }): void {
  writeLine(io.stdout, p.bold('vpcform demo') + p.dim(' — git owns the VPCs; vpcform keeps the cloud in line.'));
  writeLine(io.stdout, `Started the embedded VPC API emulator at ${p.bold(emulator.url)} (project ${emulator.projectId}),`);
  writeLine(io.stdout, `seeded from ${shownPath(io.cwd, DEMO_SEED)} with ${emulator.vpcs().length} VPCs. No credentials, no network beyond 127.0.0.1.`);
  writeLine(
    io.stdout,
    p.dim(
      `Updates take ${delays.updateDelayMs} ms here (PENDING_UPDATE), creates ${delays.createDelayMs} ms (CREATING), deletes ${delays.deleteDelayMs} ms (PENDING_DELETE),`,
    ),
  );
  writeLine(io.stdout, p.dim('as they take a while on the real cloud.'));
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
