import { isVpcformError, type ErrorCode } from '../errors/index.js';
import type { FailureInfo } from './types.js';

/** Busy codes of the VPC API: "not active, try later" (reference §2.3, §2.5). */
const BUSY_SERVICE_CODES: ReadonlySet<string> = new Set(['VPC.0113', 'VPC.0004']);

/** The VPC is busy — on a PUT, most likely our own earlier attempt that was lost on the way back. */
export function isBusyError(err: unknown): boolean {
  return isVpcformError(err) && err.cloud?.serviceCode !== undefined && BUSY_SERVICE_CODES.has(err.cloud.serviceCode);
}

/** Transient per the client's classification (status + service code, never message text). */
export function isRetryableError(err: unknown): boolean {
  return isVpcformError(err) && err.cloud?.retryable === true;
}

/** A thrown value as a per-VPC failure. Unknown throwables are bugs and say so. */
export function failureFromError(err: unknown): FailureInfo {
  if (isVpcformError(err)) {
    const cloudSays = err.cloud?.message !== undefined && err.cloud.message !== err.summary ? ` (cloud says: ${err.cloud.message})` : '';
    const status = err.cloud?.status !== undefined ? `HTTP ${err.cloud.status}${err.cloud.serviceCode ? ` ${err.cloud.serviceCode}` : ''}: ` : '';
    return {
      code: err.code,
      message: `${status}${err.summary}${cloudSays}`,
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
