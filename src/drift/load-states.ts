import type { CliIO } from '../cli/io.js';
import { writeLine } from '../cli/io.js';
import { formatDiagnostic } from '../cli/report.js';
import type { DesiredState } from '../config/types.js';
import { VpcformError, type Diagnostic } from '../errors/index.js';
import { loadDesired } from '../io/read-desired.js';
import { paint } from '../render/paint.js';

/**
 * Loads desired-state files for work that needs them all valid: any error diagnostic throws
 * `CONFIG_INVALID` carrying every diagnostic at once (as `validate` shows them); no file at all
 * throws `CONFIG_NO_FILES`. Warnings are returned for the caller to show.
 */
export async function loadValidStates(paths: readonly string[], cwd: string): Promise<{ states: DesiredState[]; warnings: Diagnostic[] }> {
  const { states, diagnostics } = await loadDesired([...paths], { cwd });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new VpcformError('CONFIG_INVALID', {
      summary: `The desired state has ${errors.length} error(s)`,
      diagnostics: errors,
      hint: `Fix them (\`vpcform validate ${paths.join(' ')}\` lists them too), then run the command again.`,
    });
  }
  if (states.length === 0) {
    throw new VpcformError('CONFIG_NO_FILES', { summary: `No desired-state files in ${paths.join(', ')}`, hint: 'Pass a .yaml file or a directory holding some.' });
  }
  return { states, warnings: diagnostics.filter((d) => d.severity === 'warning') };
}

/** `loadValidStates` for a command: warnings go to stderr and the command goes on. */
export async function loadStates(paths: readonly string[], io: CliIO): Promise<DesiredState[]> {
  const { states, warnings } = await loadValidStates(paths, io.cwd);
  const p = paint(false);
  for (const warning of warnings) writeLine(io.stderr, formatDiagnostic(warning, p));
  return states;
}
