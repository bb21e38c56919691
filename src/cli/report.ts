import { isVpcformError } from '../errors/index.js';
import type { CliIO } from './io.js';
import { writeLine } from './io.js';
import { EXIT } from './exit-codes.js';
import { paint } from '../render/paint.js';
import { formatError } from '../render/error-text.js';

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

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
