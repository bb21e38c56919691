import { classifyFailure } from '../cloud/http/classify.js';
import { isVpcformError, type ErrorCode } from '../errors/index.js';
import type { FailureInfo } from './types.js';

/**
 * The VPC is busy (500 VPC.0113, 400 VPC.0004, 409 VPC.0103: "not active, try later"), by the
 * client's classifier. On a PUT this is most likely our own earlier attempt that landed while its
 * answer was lost.
 */
export function isBusyError(err: unknown): boolean {
  if (!isVpcformError(err) || err.cloud?.status === undefined) return false;
  return classifyFailure({ kind: 'http', status: err.cloud.status, ...(err.cloud.serviceCode !== undefined && { serviceCode: err.cloud.serviceCode }) }) === 'busy';
}

/** Transient per the client's classification (status + service code, never message text). */
export function isRetryableError(err: unknown): boolean {
  return isVpcformError(err) && err.cloud?.retryable === true;
}

/** A thrown value as a per-VPC failure. Unknown throwables are bugs and say so. */
export function failureFromError(err: unknown): FailureInfo {
  if (isVpcformError(err)) {
    const cloudSays = err.cloud?.message !== undefined && err.cloud.message !== err.summary ? ` (cloud says: ${err.cloud.message})` : '';
    return {
      code: err.code,
      // The client's summary already names the route, status and service code.
      message: `${err.summary}${cloudSays}`,
      ...(err.hint !== undefined && { hint: err.hint }),
      ...(err.detail !== undefined && { detail: err.detail }),
      ...(err.cloud?.requestId !== undefined && { requestId: err.cloud.requestId }),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 'INTERNAL',
    message: `Internal error: ${message}`,
    hint: 'This is a bug in vpcform. Please report it with the command you ran and the output of --debug.',
  };
}

export function failure(code: ErrorCode, message: string, extra: Omit<FailureInfo, 'code' | 'message'> = {}): FailureInfo {
  return { code, message, ...extra };
}

/** `1m30s`, `850ms` — for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.round(ms / 100) / 10;
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = Math.round(totalSeconds - minutes * 60);
  return seconds === 0 ? `${minutes}m` : `${minutes}m${seconds}s`;
}
