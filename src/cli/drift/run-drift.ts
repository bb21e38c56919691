import { appendFile } from 'node:fs/promises';
import { connect } from '../connect.js';
import { colorEnabled, writeLine, type CliIO, type GlobalOptions } from '../io.js';
import { VpcformError } from '../../errors/index.js';
import { paint } from '../../render/paint.js';
import { renderDriftMarkdown } from '../../render/drift-markdown.js';
import { renderDriftText } from '../../render/drift-text.js';
import { VERSION } from '../../version.js';
import { checkDrift } from '../../drift/check-drift.js';
import { loadStates } from '../load-states.js';
import { statesToRun, type StateToRun } from '../targets.js';
import { narrowState } from '../../config/targets.js';
import { inlineCode } from '../../render/markdown.js';
import { driftExitCode } from '../../drift/types.js';

export interface RunDriftFlags {
  file?: string[];
  markdown?: boolean;
  allFields?: boolean;
  endpoint?: string;
  /** `--target`: addresses to check (repeatable); the file's other VPCs are not read. */
  target?: string[];
}

/**
 * `vpcform drift`: the report on stdout (text, `--json` or `--markdown`), its markdown appended to
 * `GITHUB_STEP_SUMMARY` when set; exit 0 in sync, 2 drift, 1 error.
 */
export async function runDrift(flags: RunDriftFlags, io: CliIO, globals: GlobalOptions & { colorFlag: boolean | undefined }): Promise<number> {
  if (flags.file === undefined || flags.file.length === 0) {
    throw new VpcformError('USAGE', { summary: 'No desired-state file given', hint: 'Pass -f FILE or -f DIR, e.g. `vpcform drift -f vpcs.yaml`.' });
  }
  if (globals.json && flags.markdown) {
    throw new VpcformError('USAGE', { summary: '--json and --markdown exclude each other', hint: 'Pick one output format.' });
  }
  const runs = statesToRun(await loadStates(flags.file, io), flags.target, io);
  const report = await checkDrift({
    states: runs.map(({ state, targets }) => (targets === undefined ? state : narrowState(state, new Set(targets)))),
    clientFor: (state) =>
      connect(state.target, { io, debug: globals.debug, ...(flags.endpoint !== undefined && { endpointOverride: flags.endpoint }) }),
    allFields: flags.allFields === true,
    signal: io.signal,
    toolVersion: VERSION,
  });

  const targeted = runs.filter((r) => r.targets !== undefined);
  const markdown = (): string => `${targetingMarkdown(targeted)}${renderDriftMarkdown(report)}`;
  if (globals.json) {
    // The report's shape stays the whole-file one; stderr says what it covers.
    for (const line of targetingText(targeted)) writeLine(io.stderr, line);
    writeLine(io.stdout, JSON.stringify(report, null, 2));
  } else if (flags.markdown) io.stdout.write(markdown());
  else {
    const p = paint(colorEnabled(io, globals.colorFlag, io.stdoutIsTTY));
    const note = targetingText(targeted);
    io.stdout.write(`${note.map((l) => `${p.yellow(l)}\n`).join('')}${note.length > 0 ? '\n' : ''}${renderDriftText(report, p)}`);
  }
  // In GitHub Actions the report also lands on the job's summary page, whatever stdout carries (as `plan` does).
  const summaryFile = io.env['GITHUB_STEP_SUMMARY'];
  if (summaryFile !== undefined && summaryFile !== '') await appendStepSummary(summaryFile, markdown());
  return driftExitCode(report.summary);
}

/** Terraform's "targeting is in effect", for drift: which VPCs of which file were checked. Empty without --target. */
function targetingText(targeted: readonly StateToRun[]): string[] {
  if (targeted.length === 0) return [];
  return [
    'Warning: targeting is in effect',
    ...targeted.map(({ state, targets = [] }) => `  Checked only ${targets.join(', ')} of ${state.file}; its other VPCs were not read and may drift unseen.`),
  ];
}

function targetingMarkdown(targeted: readonly StateToRun[]): string {
  if (targeted.length === 0) return '';
  const lines = targeted.map(({ state, targets = [] }) => `> Checked only ${targets.map(inlineCode).join(', ')} of ${inlineCode(state.file)}; its other VPCs were not read and may drift unseen.`);
  return `> [!WARNING]\n> **Targeting is in effect.**\n${lines.join('\n>\n')}\n\n`;
}

async function appendStepSummary(path: string, markdown: string): Promise<void> {
  try {
    await appendFile(path, `${markdown}\n`);
  } catch (err) {
    throw new VpcformError('IO_WRITE', {
      summary: `Cannot append the report to GITHUB_STEP_SUMMARY (${path})`,
      hint: 'Unset GITHUB_STEP_SUMMARY outside GitHub Actions, or check that the file is writable.',
      cause: err,
    });
  }
}
