/**
 * The one place vpcform talks to a cloud. Everything outside src/cloud/ uses these exports and the
 * CloudClient interface; axios, signing, retries and rate limiting stay behind them.
 */
import { HttpCloudClient } from './http/client.js';
import type { CloudClient, CreateClientOptions } from './types.js';

export type * from './types.js';
export { resolveConnection, deriveVpcEndpoint, deriveIamUrl, isLoopbackHttp, type Env, type ConnectionOverrides } from './connection.js';
export { classifyFailure, isRetryableClass, failureReason, provesNotExecuted, type FailureFacts, type RetryClass } from './http/classify.js';
export { VPC_DELETE_BLOCKERS, deleteBlocker, type DeleteBlocker } from './delete-blockers.js';
export { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter } from './http/backoff.js';
export { DEFAULT_RATE_LIMIT } from './http/limiter.js';
export { DEFAULT_TIMEOUT_MS, ALL_ENTERPRISE_PROJECTS, HttpCloudClient } from './http/client.js';
export { MAX_TAG_PAGE_SIZE } from './http/tags.js';
export { Redactor, redactPatterns } from './http/redact.js';

/** A CloudClient over HTTP with one shared limiter, retries and the given credentials. */
export function createCloudClient(options: CreateClientOptions): CloudClient {
  return new HttpCloudClient(options);
}
