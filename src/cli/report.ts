import { formatLocation, isVpcformError, type Diagnostic, type VpcformError } from '../errors/index.js';
import type { CliIO } from './io.js';
import { writeLine } from './io.js';
import { EXIT } from './exit-codes.js';
import { paint, type Painter } from '../render/paint.js';

/**
 * The one place a thrown value becomes output and an exit code. A VpcformError is a user-facing
 * failure; anything else is a bug and says so (the stack only with --debug).
 */
export function reportError(err: unknown, io: CliIO, opts: { json: boolean; color: boolean; debug: boolean }): number {
  if (isVpcformError(err) && err.code === 'INTERRUPTED') {
    if (opts.json) writeLine(io.stdout, JSON.stringify({ error: err.toJSON() }));
    else writeLine(io.stderr, formatError(err, paint(opts.color)));
    return EXIT.INTERRUPTED;
  }
  if (isVpcformError(err)) {
    if (opts.json) writeLine(io.stdout, JSON.stringify({ error: err.toJSON() }));
    else writeLine(io.stderr, formatError(err, paint(opts.color)));
    if (opts.debug && err.cause !== undefined) writeLine(io.stderr, `cause: ${describeCause(err.cause)}`);
    return EXIT.ERROR;
  }
  const message = err instanceof Error ? err.message : String(err);
  const internal = {
    code: 'INTERNAL',
    summary: `Internal error: ${message}`,
    hint: 'This is a bug in vpcform. Please report it with the command you ran and the output of --debug.',
  };
  if (opts.json) writeLine(io.stdout, JSON.stringify({ error: internal }));
  else {
    const p = paint(opts.color);
    writeLine(io.stderr, `${p.red(p.bold('Error:'))} ${internal.summary} ${p.dim('[INTERNAL]')}`);
    writeLine(io.stderr, `  ${p.cyan('hint:')} ${internal.hint}`);
  }
  if (opts.debug && err instanceof Error && err.stack) writeLine(io.stderr, err.stack);
  return EXIT.ERROR;
}

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

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
