import type { FaultInjector } from './faults.js';
import type { Reply } from './replies.js';
import type { RouteMatch } from './routes.js';
import type { VpcStore } from './store.js';
import type { Quotas } from './types.js';

/** One API request as a handler sees it: the matched route, the decoded query, the raw body bytes. */
export interface ApiRequest {
  route: RouteMatch;
  query: URLSearchParams;
  body: Buffer;
}

/** What a handler needs of the emulator. */
export interface ApiDeps {
  store: VpcStore;
  faults: FaultInjector;
  now: () => number;
  updateDelayMs: number;
  createDelayMs: number;
  deleteDelayMs: number;
  /** Changed in place (`POST /_emulator/quotas`) and kept in the state file. */
  quotas: Quotas;
}

/** A handler's answer, plus what the request log records. */
export interface HandlerOutcome {
  reply: Reply;
  /** For writes: the change was carried out. */
  applied?: boolean;
  /** The VPC a create made (for the request log, which otherwise knows ids from the path only). */
  vpcId?: string;
}

/** The body parsed as a JSON object, or undefined when it is not one. */
export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
