import { EXIT } from '../exit-codes.js';
import { writeLine, type CliIO, type GlobalOptions } from '../io.js';
import { VpcformError } from '../../errors/index.js';
import { createPlainApplyRenderer } from '../../render/apply-plain.js';
import { eventLine, planLine } from '../../render/apply-json.js';
import { renderApplySummaryText } from '../../render/apply-summary.js';
import { renderPlanText } from '../../render/plan-text.js';
import { appliedWithTargetsNote } from '../../render/plan-lines.js';
import { applyPlan } from '../../apply/apply-plan.js';
import type { ApplyEvent, ApplySummary } from '../../apply/types.js';
import { parseDuration, parsePositiveInt } from './duration.js';
import { planFromFiles, savedPlan, type PlanToApply } from './plans-to-apply.js';

export interface ApplyFlags {
  plan?: string;
  file?: string[];
  autoApprove?: boolean;
  parallelism?: string;
  timeout?: string;
  endpoint?: string;
  /** `--target` (with -f only): addresses to plan and apply. */
  target?: string[];
}

/**
 * `vpcform apply`: plan (or read a saved plan), show it, get approval, carry it out, report.
 * The I/O shell around applyPlan; loaded by dynamic import from the command file.
 */
export async function runApply(flags: ApplyFlags, io: CliIO, globals: GlobalOptions): Promise<number> {
  const files = flags.file ?? [];
  if ((flags.plan === undefined) === (files.length === 0)) {
    throw new VpcformError('USAGE', {
      summary: flags.plan === undefined ? 'Nothing to apply' : 'Give either a saved plan or -f, not both',
      hint: 'Run `vpcform apply -f vpcs.yaml` (plan, confirm, apply) or `vpcform apply PLAN` (a plan saved by `vpcform plan --out PLAN`).',
    });
  }
  if (flags.plan !== undefined && /\.ya?ml$/i.test(flags.plan)) {
    throw new VpcformError('USAGE', { summary: `${flags.plan} looks like a desired-state file, not a saved plan`, hint: `Pass it with -f: vpcform apply -f ${flags.plan}` });
  }
  if (flags.plan !== undefined && (flags.target ?? []).length > 0) {
    throw new VpcformError('USAGE', {
      summary: '--target cannot narrow a saved plan',
      detail: 'A saved plan is applied exactly as it was reviewed; a plan made with --target already holds only its targets.',
      hint: `Apply it as it is (\`vpcform apply ${flags.plan}\`), or plan again with the targets: \`vpcform plan -f FILE --target ADDRESS --out PLAN\`.`,
    });
  }
  const parallelism = flags.parallelism === undefined ? undefined : parsePositiveInt(flags.parallelism, '--parallelism');
  const timeoutMs = flags.timeout === undefined ? undefined : parseDuration(flags.timeout, '--timeout');
  const ink = !globals.json && globals.color && io.stderrIsTTY;

  const work: PlanToApply[] = flags.plan !== undefined ? [await savedPlan(flags.plan, io, globals, flags.endpoint)] : await planFromFiles(files, io, globals, flags.endpoint, flags.target);
  await showPlans(work, io, globals, ink);

  const counts = { delete: 0, create: 0, update: 0 };
  for (const { plan } of work) for (const key of ['delete', 'create', 'update'] as const) counts[key] += plan.summary[key];
  if (counts.create + counts.update + counts.delete > 0 && flags.plan === undefined && flags.autoApprove !== true) await requireApproval(io, counts);

  const summaries: ApplySummary[] = [];
  const screen = ink ? (await import('../../render/apply-ink.js')).openApplyScreen(io.stderr, { color: globals.color }) : undefined;
  const plain = createPlainApplyRenderer({ color: globals.color && io.stderrIsTTY });
  const onEvent = (event: ApplyEvent): void => {
    if (globals.json) writeLine(io.stdout, eventLine(event));
    else if (screen) screen.onEvent(event);
    else for (const line of plain(event)) writeLine(io.stderr, line);
  };
  try {
    for (const { plan, client, saved } of work) {
      summaries.push(
        await applyPlan(plan, client, {
          checkStale: saved,
          signal: io.signal,
          onEvent,
          ...(parallelism !== undefined && { parallelism }),
          ...(timeoutMs !== undefined && { timeoutMs }),
          // --debug: the status watcher's rounds (what it read and why), beside the client's HTTP lines.
          ...(globals.debug && { debug: (line: string) => writeLine(io.stderr, line) }),
        }),
      );
    }
  } finally {
    await screen?.close();
  }
  if (!globals.json) io.stdout.write(renderApplySummaryText(summaries, { color: globals.color && io.stdoutIsTTY }));
  const notes = globals.json ? [] : work.flatMap(({ plan }) => appliedWithTargetsNote(plan) ?? []);
  for (const note of notes) writeLine(io.stderr, note);
  if (io.signal.aborted) return EXIT.INTERRUPTED;
  return summaries.every((s) => s.converged) ? EXIT.OK : EXIT.ERROR;
}

async function showPlans(work: readonly PlanToApply[], io: CliIO, globals: GlobalOptions, ink: boolean): Promise<void> {
  if (globals.json) {
    for (const { plan } of work) writeLine(io.stdout, planLine(plan));
    return;
  }
  if (ink) {
    const { renderPlanInk } = await import('../../render/plan-ink.js');
    for (const { plan } of work) await renderPlanInk(plan, { stream: io.stderr, columns: io.columns });
    return;
  }
  for (const { plan } of work) io.stderr.write(renderPlanText(plan, { color: globals.color && io.stderrIsTTY, width: io.columns }));
}

/** A person must type `yes` on a terminal; without one, `--auto-approve` or a saved plan is the approval. */
async function requireApproval(io: CliIO, counts: { delete: number; create: number; update: number }): Promise<void> {
  if (!io.stdinIsTTY || !io.stderrIsTTY) {
    throw new VpcformError('APPLY_NOT_APPROVED', {
      summary: 'Apply needs approval, and there is no terminal to ask on',
      hint: 'Pass --auto-approve, or save a plan with `vpcform plan -f FILE --out PLAN`, review it, and run `vpcform apply PLAN`.',
    });
  }
  const { confirmApply } = await import('../../render/apply-confirm.js');
  const approved = await confirmApply({ stdin: io.stdin, stderr: io.stderr }, io.signal, counts);
  if (io.signal.aborted) throw new VpcformError('INTERRUPTED', { summary: 'Interrupted before anything was applied' });
  if (!approved) {
    throw new VpcformError('APPLY_NOT_APPROVED', { summary: 'Apply cancelled: only `yes` approves', hint: 'Nothing was changed. Run the command again and type yes to apply.' });
  }
}
