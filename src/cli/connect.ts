import { createCloudClient, resolveConnection } from '../cloud/index.js';
import type { CloudClient, CreateClientOptions } from '../cloud/index.js';
import type { Target } from '../config/types.js';
import type { CliIO } from './io.js';

export interface ConnectContext {
  io: CliIO;
  /** `--debug`: one line per HTTP exchange on stderr, secrets redacted. */
  debug: boolean;
  /** `--endpoint`. */
  endpointOverride?: string;
  /** Client settings a command tunes (watch: a per-exchange observer for its metrics, a shorter retry budget). */
  client?: Pick<CreateClientOptions, 'onExchange' | 'retry'>;
}

/**
 * The one way commands (plan, apply, drift, import) get a CloudClient: endpoint, project and
 * credentials from the target, the environment and `--endpoint`. Throws VpcformError
 * (`CLOUD_CONFIG`, `CLOUD_AUTH_MISSING`) naming what is missing. Never logs in eagerly.
 */
export function connect(target: Target, ctx: ConnectContext): CloudClient {
  const connection = resolveConnection(target, ctx.io.env, ctx.endpointOverride === undefined ? {} : { endpoint: ctx.endpointOverride });
  const { stderr } = ctx.io;
  return createCloudClient({
    ...connection,
    ...ctx.client,
    ...(ctx.debug && { debug: (line: string) => void stderr.write(`${line}\n`) }),
  });
}
