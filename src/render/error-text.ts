import { formatLocation, type Diagnostic, type VpcformError } from '../errors/index.js';
import type { Painter } from './paint.js';

/** The human form of an error: summary and code, location, detail, what the cloud said, diagnostics, hint. */
export function formatError(err: VpcformError, p: Painter): string {
  const lines = [`${p.red(p.bold('Error:'))} ${err.summary} ${p.dim(`[${err.code}]`)}`];
  if (err.location) lines.push(`  ${p.dim('at')} ${formatLocation(err.location)}`);
  if (err.detail) lines.push(...err.detail.split('\n').map((l) => `  ${l}`));
  if (err.cloud) {
    const c = err.cloud;
    const facts = [
      c.status !== undefined ? `HTTP ${c.status}` : undefined,
      c.serviceCode,
      c.method && c.route ? `${c.route}` : undefined,
      c.requestId ? `request id ${c.requestId}` : undefined,
    ].filter(Boolean);
    if (facts.length > 0) lines.push(`  ${p.dim(facts.join(' · '))}`);
    if (c.message) lines.push(`  ${p.dim('cloud says:')} ${c.message}`);
  }
  for (const d of err.diagnostics) lines.push(formatDiagnostic(d, p).replace(/^/gm, '  '));
  if (err.hint) lines.push(`  ${p.cyan('hint:')} ${err.hint}`);
  return lines.join('\n');
}

/** `file:line:col: error CODE: summary` then indented detail and hint — compiler style. */
export function formatDiagnostic(d: Diagnostic, p: Painter): string {
  const where = d.location ? `${p.bold(formatLocation(d.location))}: ` : '';
  const sev = d.severity === 'error' ? p.red('error') : p.yellow('warning');
  const lines = [`${where}${sev} ${p.dim(d.code)}: ${d.summary}`];
  if (d.path) lines.push(`    ${p.dim('at')} ${d.path}`);
  if (d.detail) lines.push(...d.detail.split('\n').map((l) => `    ${l}`));
  if (d.hint) lines.push(`    ${p.cyan('hint:')} ${d.hint}`);
  return lines.join('\n');
}
