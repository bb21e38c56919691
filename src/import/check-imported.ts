import { parseDesired } from '../config/index.js';
import { VpcformError } from '../errors/index.js';

/**
 * Runs the imported YAML through the same loader `validate`, `plan` and `apply` use, so `import`
 * never writes a file those commands refuse. A live VPC can hold what the file format does not
 * accept (a name with characters outside the documented set); that is said here, before writing.
 */
export function checkImported(yaml: string, file: string): void {
  const { diagnostics } = parseDesired(yaml, file);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return;
  throw new VpcformError('IMPORT_INVALID_OUTPUT', {
    summary: `The imported YAML would not validate (${errors.length} error(s))`,
    detail: 'A live value is outside what the desired-state format accepts.',
    diagnostics: errors,
    hint: 'Leave those VPCs out (--id/--name), or import to stdout and fix the values by hand.',
  });
}
