import { appendFile, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { assertNever, VpcformError } from '../errors/index.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { makePlan } from '../refresh/make-plan.js';
import { MAX_PLAN_BYTES, parsePlan, serializePlan } from '../plan/plan-file.js';
import type { RefreshProgress } from '../refresh/refresh.js';
import type { Plan } from '../plan/types.js';
import { renderPlanMarkdown } from '../render/plan-markdown.js';
import { renderPlanText } from '../render/plan-text.js';
import { shownChanges } from '../render/plan-lines.js';
import { connect } from './connect.js';
import { EXIT } from './exit-codes.js';
import { writeLine, type CliIO, type GlobalOptions } from './io.js';
import { loadStates } from './load-states.js';
import { statesToRun, type StateToRun } from './targets.js';

/**
 * `vpcform plan` and `vpcform show`: the I/O around the pure core (load, connect, refresh, build,
 * render, write). Loaded by dynamic import from the command files, so `--help` never pays for it.
 */
export interface PlanFlags {
  file?: string[];
  out?: string;
  markdown?: boolean;
  detailedExitcode?: boolean;
  endpoint?: string;
  /** `--target`: addresses to plan (repeatable). */
  target?: string[];
}

export async function runPlan(flags: PlanFlags, io: CliIO, globals: GlobalOptions): Promise<number> {
  const files = flags.file ?? [];
  if (files.length === 0) {
    throw new VpcformError('USAGE', { summary: 'No desired-state file given', hint: 'Pass -f FILE or -f DIR, e.g. `vpcform plan -f vpcs.yaml`.' });
  }
  if (globals.json && flags.markdown) {
    throw new VpcformError('USAGE', { summary: '--json and --markdown exclude each other', hint: 'Pick one output format.' });
  }
  const states = statesToRun(await loadStates(files, io), flags.target, io);
  if (flags.out !== undefined && states.length > 1) {
    throw new VpcformError('USAGE', {
      summary: `--out writes one plan, but ${states.length} desired-state files were given`,
      detail: `A plan belongs to one file (it records the file's sha256): ${states.map((s) => s.state.file).join(', ')}.`,
      hint: 'Run `vpcform plan -f FILE --out PLAN` once per file.',
    });
  }

  const screen = wantsInk(flags, io, globals) ? (await import('../render/plan-ink.js')).openPlanScreen(io.stderr, terminalWidth(io)) : undefined;
  const plans: Plan[] = [];
  const drawn = new Set<Plan>();
  try {
    for (const state of states) {
      const plan = await planOne(state, flags, io, globals, (label) => screen?.progress(states.length > 1 ? `${state.state.file}: ${label}` : label));
      plans.push(plan);
      if (screen !== undefined && drawable(plan)) {
        screen.addPlan(plan);
        drawn.add(plan);
      }
    }
  } finally {
    await screen?.close();
  }

  if (flags.out !== undefined && plans[0] !== undefined) {
    await writeFileAtomic(resolve(io.cwd, flags.out), serializePlan(plans[0]));
  }
  await writeOutputs(plans, flags, io, globals, drawn);
  if (flags.out !== undefined && !globals.json && plans[0] !== undefined) {
    const errors = plans[0].summary.error;
    writeLine(
      io.stderr,
      errors === 0
        ? `Saved the plan to ${flags.out}. Apply it with: vpcform apply ${flags.out}`
        : `Saved the plan to ${flags.out}. It has ${errors} ${errors === 1 ? 'error' : 'errors'}: fix ${errors === 1 ? 'it' : 'them'} and plan again before applying.`,
    );
  }
  return exitCode(plans, flags.detailedExitcode === true);
}

async function planOne({ state, targets }: StateToRun, flags: PlanFlags, io: CliIO, globals: GlobalOptions, progress: (label: string) => void): Promise<Plan> {
  const client = connect(state.target, { io, debug: globals.debug, ...(flags.endpoint !== undefined && { endpointOverride: flags.endpoint }) });
  return makePlan(client, state, { signal: io.signal, onProgress: (p) => progress(progressLabel(p)), ...(targets !== undefined && { targets }) });
}

function progressLabel(p: RefreshProgress): string {
  const count = p.total > 1 ? ` (${p.done}/${p.total})` : '';
  switch (p.step) {
    case 'list_vpcs':
      return 'Reading the project\'s VPCs…';
    case 'get_vpc':
      return `Reading VPCs${count}…`;
    case 'list_subnets':
      return `Reading subnets${count}…`;
    case 'quota':
      return 'Reading the VPC quota…';
    case 'tags':
      return `Reading tags${count}…`;
    default:
      return assertNever(p.step, 'refresh step');
  }
}

/**
 * ink lays out every block with yoga: fine for a few hundred, seconds for thousands. A larger plan is
 * printed as (colored) text instead, which a terminal scrolls just as well.
 */
const INK_MAX_BLOCKS = 200;

function drawable(plan: Plan): boolean {
  return shownChanges(plan).length <= INK_MAX_BLOCKS;
}

/** Some pseudo-terminals report 0 columns: lay out for 80 then. */
function terminalWidth(io: CliIO): number {
  return io.columns > 0 ? io.columns : 80;
}

/** Text to a pipe or a CI log is never wrapped: lines there are as wide as they need to be. */
function textWidth(io: CliIO): number {
  return io.stdoutIsTTY ? terminalWidth(io) : Number.POSITIVE_INFINITY;
}

/** The ink view: a TTY on both streams, colors on, and no machine format asked for. */
function wantsInk(flags: PlanFlags, io: CliIO, globals: GlobalOptions): boolean {
  return !globals.json && flags.markdown !== true && globals.color && io.stderrIsTTY && io.stdoutIsTTY;
}

async function writeOutputs(plans: Plan[], flags: PlanFlags, io: CliIO, globals: GlobalOptions, drawn: ReadonlySet<Plan>): Promise<void> {
  const markdown = (): string => plans.map((p) => renderPlanMarkdown(p)).join('\n');
  if (globals.json) {
    // One file: exactly what `show --json` prints. Several: a JSON array of those plans.
    io.stdout.write(plans.length === 1 && plans[0] ? serializePlan(plans[0]) : `${JSON.stringify(plans, null, 2)}\n`);
  } else if (flags.markdown) {
    io.stdout.write(markdown());
  } else {
    const rest = plans.filter((p) => !drawn.has(p));
    io.stdout.write(rest.map((p) => renderPlanText(p, { color: globals.color && io.stdoutIsTTY, width: textWidth(io) })).join('\n'));
  }
  await appendStepSummary(io, markdown);
}

/** In GitHub Actions, the plan also lands on the job's summary page. */
async function appendStepSummary(io: CliIO, markdown: () => string): Promise<void> {
  const path = io.env['GITHUB_STEP_SUMMARY'];
  if (path === undefined || path === '') return;
  try {
    await appendFile(path, `${markdown()}\n`);
  } catch (err) {
    throw new VpcformError('IO_WRITE', {
      summary: `Cannot append the plan to GITHUB_STEP_SUMMARY (${path})`,
      hint: 'Unset GITHUB_STEP_SUMMARY outside GitHub Actions, or check that the file is writable.',
      cause: err,
    });
  }
}

/** Any `error` action fails the plan (exit 1): its apply would be refused. */
export function exitCode(plans: readonly Plan[], detailed: boolean): number {
  if (plans.some((p) => p.summary.error > 0)) return EXIT.ERROR;
  if (detailed && plans.some((p) => p.summary.create + p.summary.update + p.summary.delete > 0)) return EXIT.CHANGES;
  return EXIT.OK;
}

export interface ShowFlags {
  markdown?: boolean;
}

/** `vpcform show PLAN`: renders a saved plan the same ways `plan` does. */
export async function runShow(file: string, flags: ShowFlags, io: CliIO, globals: GlobalOptions): Promise<number> {
  if (globals.json && flags.markdown) {
    throw new VpcformError('USAGE', { summary: '--json and --markdown exclude each other', hint: 'Pick one output format.' });
  }
  const plan = parsePlan(await readPlanFile(resolve(io.cwd, file), file), file);
  if (globals.json) io.stdout.write(serializePlan(plan));
  else if (flags.markdown) io.stdout.write(renderPlanMarkdown(plan));
  else if (wantsInk({}, io, globals) && drawable(plan)) await (await import('../render/plan-ink.js')).renderPlanInk(plan, { stream: io.stderr, columns: terminalWidth(io) });
  else io.stdout.write(renderPlanText(plan, { color: globals.color && io.stdoutIsTTY, width: textWidth(io) }));
  return EXIT.OK;
}

async function readPlanFile(path: string, shown: string): Promise<string> {
  try {
    const info = await stat(path);
    if (info.isFile() && info.size > MAX_PLAN_BYTES) {
      throw new VpcformError('PLAN_CORRUPT', {
        summary: `${shown} is ${Math.round(info.size / 1024 / 1024)} MB: too large to be a vpcform plan`,
        hint: 'Check the path; `vpcform plan -f FILE --out PLAN` writes one.',
      });
    }
    return await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof VpcformError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new VpcformError('IO_READ', {
      summary: `Cannot read the plan file ${shown}${code ? ` (${code})` : ''}`,
      hint: code === 'ENOENT' ? 'Check the path; `vpcform plan -f FILE --out PLAN` writes one.' : 'Check the permissions of the file.',
      cause: err,
    });
  }
}
