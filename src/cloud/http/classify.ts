import { assertNever } from '../../errors/index.js';

/**
 * Retry classification (reference §2.5) from the HTTP status and the service code only — never the
 * message text, which is reworded between clouds and doc versions. Exported so the apply engine can
 * make its own decisions, e.g. treat `busy` after an ambiguous PUT as "the VPC is PENDING_UPDATE:
 * wait for it" rather than as a failure.
 */

/** What is known about one failed attempt. */
export type FailureFacts =
  | { kind: 'http'; status: number; serviceCode?: string }
  | { kind: 'network'; errorCode: string }
  | { kind: 'timeout' };

/**
 * - `throttled`: 429 / APIGW.0308 — retry with the longer throttle backoff; slows the limiter.
 * - `transient`: network errors, timeouts, 502/503/504, backend 500s — retry with backoff.
 * - `busy`: the VPC is not active or not stable yet (500 VPC.0113, 400 VPC.0004, 409 VPC.0103 and, on
 *   DELETE, 409 VPC.0110) — retry later. The client retries it within its short backoff budget; the
 *   apply engine waits longer (its --timeout) when the budget runs out.
 * - `token-expired`: 401 APIGW.0307 / VPC.0008 — get a new token once, then retry.
 * - `permanent`: everything else (validation, permission, not found, 400 without a code) — never retry.
 */
export type RetryClass = 'throttled' | 'transient' | 'busy' | 'token-expired' | 'permanent';

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

const BACKEND_500_CODES = new Set(['VPC.0105', 'VPC.0106', 'APIGW.0601']);

/** "Not active / not stable, try later" (reference §2.3, lifecycle-tags §2.1), by status. */
const BUSY_CODES: ReadonlyArray<readonly [status: number, code: string]> = [
  [500, 'VPC.0113'],
  [400, 'VPC.0004'],
  [409, 'VPC.0103'],
  [409, 'VPC.0110'],
];

/**
 * Network failures that happen before a single byte of the request is written: no connection was
 * made (refused, unreachable, connect timeout), the name did not resolve, or the TLS handshake failed.
 * ECONNRESET, EPIPE, ETIMEDOUT and ECONNABORTED are not here: they can strike after the request went out.
 */
const NOT_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** TLS verification and handshake failures (`CERT_HAS_EXPIRED`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`…). */
export const TLS_ERROR_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|ERR_TLS_|ERR_SSL_)/;

export function classifyFailure(facts: FailureFacts): RetryClass {
  switch (facts.kind) {
    case 'timeout':
      return 'transient';
    case 'network':
      return RETRYABLE_NETWORK_CODES.has(facts.errorCode) ? 'transient' : 'permanent';
    case 'http':
      return classifyHttp(facts.status, facts.serviceCode);
    default:
      return assertNever(facts, 'failure kind');
  }
}

function classifyHttp(status: number, code: string | undefined): RetryClass {
  if (status === 429 || code === 'APIGW.0308') return 'throttled';
  if (status === 401 && (code === 'APIGW.0307' || code === 'VPC.0008')) return 'token-expired';
  if (BUSY_CODES.some(([s, c]) => s === status && c === code)) return 'busy';
  if (status === 502 || status === 503 || status === 504) return 'transient';
  if (status === 500 && code !== undefined && BACKEND_500_CODES.has(code)) return 'transient';
  return 'permanent';
}

/**
 * Whether a failure proves the server did not carry the request out, so that even a non-idempotent
 * request (POST create) may be sent again: an HTTP answer below 500 is a refusal (429 throttling and
 * 401 token renewal are rejected by the gateway before the backend; other 4xx are refusals that a
 * retry does not cure), and the network failures of NOT_SENT_NETWORK_CODES never sent a byte. Every
 * 5xx, a reset, a broken pipe and a timeout leave the outcome unknown (reference §2.5: after such a
 * failure, look the resource up rather than sending the POST again).
 */
export function provesNotExecuted(facts: FailureFacts): boolean {
  switch (facts.kind) {
    case 'timeout':
      return false;
    case 'network':
      return NOT_SENT_NETWORK_CODES.has(facts.errorCode) || TLS_ERROR_CODES.test(facts.errorCode);
    case 'http':
      return facts.status < 500;
    default:
      return assertNever(facts, 'failure kind');
  }
}

/** Whether a class is retried by the backoff loop (token refresh is handled separately, once). */
export function isRetryableClass(cls: RetryClass): boolean {
  switch (cls) {
    case 'throttled':
    case 'transient':
    case 'busy':
      return true;
    case 'token-expired':
    case 'permanent':
      return false;
    default:
      return assertNever(cls, 'retry class');
  }
}

/** Short machine-readable reason for events and debug lines: `429 APIGW.0308`, `503`, `ECONNRESET`, `timeout`. */
export function failureReason(facts: FailureFacts): string {
  switch (facts.kind) {
    case 'timeout':
      return 'timeout';
    case 'network':
      return facts.errorCode;
    case 'http':
      return facts.serviceCode === undefined ? String(facts.status) : `${facts.status} ${facts.serviceCode}`;
    default:
      return assertNever(facts, 'failure kind');
  }
}
