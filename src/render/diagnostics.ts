import { formatDiagnostic } from './error-text.js';
import type { LoadResult } from '../config/types.js';
import type { Diagnostic } from '../errors/index.js';
import type { Painter } from './paint.js';

export interface ValidationOutput {
  valid: boolean;
  stdout: string;
  stderr: string;
}

/** What `validate --json` prints: plain data, stable keys. */
export interface ValidationJson {
  valid: boolean;
  summary: { files: number; vpcs: number; errors: number; warnings: number };
  files: string[];
  skipped: Array<{ file: string; reason: string }>;
  states: Array<{ file: string; sha256: string; target: { cloud: string; region: string; project_id?: string; endpoint?: string }; vpcs: string[] }>;
  diagnostics: Diagnostic[];
}

/**
 * The `validate` report. Human: every diagnostic compiler style (`file:line:col: error CODE: …`) and
 * the failure summary on stderr; on success one line on stdout. JSON: one object on stdout only.
 */
export function renderValidation(result: LoadResult, opts: { json: boolean; painter: Painter }): ValidationOutput {
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  const valid = errors === 0;
  const files = result.files ?? [];
  const skipped = result.skipped ?? [];
  const vpcs = result.states.reduce((n, s) => n + s.vpcs.length, 0);
  if (opts.json) {
    const body: ValidationJson = {
      valid,
      summary: { files: files.length, vpcs, errors, warnings },
      files,
      skipped,
      states: result.states.map((s) => ({ file: s.file, sha256: s.sha256, target: s.target, vpcs: s.vpcs.map((v) => v.address) })),
      diagnostics: result.diagnostics,
    };
    return { valid, stdout: `${JSON.stringify(body, null, 2)}\n`, stderr: '' };
  }
  const p = opts.painter;
  const err: string[] = [];
  for (const d of result.diagnostics) err.push(formatDiagnostic(d, p), '');
  for (const s of skipped) err.push(`${p.dim('note:')} skipped ${s.file} (${s.reason})`);
  if (valid) {
    const line = `${p.green('ok:')} ${plural(files.length, 'file')} valid, ${plural(vpcs, 'VPC')}${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}`;
    return { valid, stdout: `${line}\n`, stderr: err.length > 0 ? `${err.join('\n')}\n` : '' };
  }
  const errorFiles = new Set(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.location?.file));
  const failing = files.filter((f) => errorFiles.has(f)).length;
  const where = failing > 0 ? ` in ${failing} of ${plural(files.length, 'file')}` : '';
  err.push(`${p.red(p.bold('invalid:'))} ${plural(errors, 'error')}${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}${where}`);
  return { valid, stdout: '', stderr: `${err.join('\n')}\n` };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
