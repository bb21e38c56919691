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
 * - `busy`: the VPC is not active yet (500 VPC.0113, 400 VPC.0004, 409 VPC.0103) — retry later.
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
  if ((status === 500 && code === 'VPC.0113') || (status === 400 && code === 'VPC.0004') || (status === 409 && code === 'VPC.0103')) {
    return 'busy';
  }
  if (status === 502 || status === 503 || status === 504) return 'transient';
  if (status === 500 && code !== undefined && BACKEND_500_CODES.has(code)) return 'transient';
  return 'permanent';
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
