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
import { driftExitCode } from '../../drift/types.js';

export interface RunDriftFlags {
  file?: string[];
  markdown?: boolean;
  allFields?: boolean;
  endpoint?: string;
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
  const states = await loadStates(flags.file, io);
  const report = await checkDrift({
    states,
    clientFor: (state) =>
      connect(state.target, { io, debug: globals.debug, ...(flags.endpoint !== undefined && { endpointOverride: flags.endpoint }) }),
    allFields: flags.allFields === true,
    signal: io.signal,
    toolVersion: VERSION,
  });

  if (globals.json) writeLine(io.stdout, JSON.stringify(report, null, 2));
  else if (flags.markdown) io.stdout.write(renderDriftMarkdown(report));
  else io.stdout.write(renderDriftText(report, paint(colorEnabled(io, globals.colorFlag, io.stdoutIsTTY))));
  // In GitHub Actions the report also lands on the job's summary page, whatever stdout carries (as `plan` does).
  const summaryFile = io.env['GITHUB_STEP_SUMMARY'];
  if (summaryFile !== undefined && summaryFile !== '') await appendStepSummary(summaryFile, renderDriftMarkdown(report));
  return driftExitCode(report.summary);
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
