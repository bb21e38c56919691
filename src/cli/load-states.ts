import type { DesiredState } from '../config/types.js';
import { loadValidStates } from '../io/read-desired.js';
import { formatDiagnostic } from '../render/error-text.js';
import { paint } from '../render/paint.js';
import { writeLine, type CliIO } from './io.js';

/** `loadValidStates` for a command (plan, apply, drift): warnings go to stderr and the command goes on. */
export async function loadStates(paths: readonly string[], io: CliIO): Promise<DesiredState[]> {
  const { states, warnings } = await loadValidStates(paths, io.cwd);
  const p = paint(false);
  for (const warning of warnings) writeLine(io.stderr, formatDiagnostic(warning, p));
  return states;
}
