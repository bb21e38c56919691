import { ERROR_CODES, type ErrorCode } from './codes.js';

/** A place in a source file; line and col are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export type Severity = 'error' | 'warning';

/**
 * One finding about user input (a desired-state file, a plan). Diagnostics are collected and shown
 * together, compiler style; they are plain data (JSON-serializable).
 */
export interface Diagnostic {
  code: ErrorCode;
  severity: Severity;
  /** One line: what is wrong. */
  summary: string;
  /** More about it (may be several lines). */
  detail?: string;
  /** The next step to try. */
  hint?: string;
  location?: SourceLocation;
  /** The offending path in the document, e.g. `vpcs.web.cidr`. */
  path?: string;
}

/** What the cloud said, for errors raised by src/cloud/ (never holds secrets). */
export interface CloudErrorInfo {
  /** HTTP status, absent for network errors and timeouts. */
  status?: number;
  /** Service error code: `VPC.0115`, `APIGW.0308`… */
  serviceCode?: string;
  /** The service's message text (for people; never used to classify). */
  message?: string;
  /** From the `X-Request-Id` header or the body's `request_id`. */
  requestId?: string;
  method?: string;
  /** Route template, e.g. `PUT /v1/{project_id}/vpcs/{vpc_id}`. */
  route?: string;
  /** Whether the retry policy classifies this failure as transient. */
  retryable?: boolean;
}

export interface VpcformErrorInit {
  summary?: string;
  detail?: string;
  hint?: string;
  location?: SourceLocation;
  diagnostics?: Diagnostic[];
  cloud?: CloudErrorInfo;
  cause?: unknown;
}

/**
 * The one error type of vpcform. Every failure a user can meet is one of these, with a stable code;
 * anything else reaching the CLI is a bug.
 */
export class VpcformError extends Error {
  readonly code: ErrorCode;
  readonly summary: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly location?: SourceLocation;
  readonly diagnostics: Diagnostic[];
  readonly cloud?: CloudErrorInfo;

  constructor(code: ErrorCode, init: VpcformErrorInit = {}) {
    const summary = init.summary ?? ERROR_CODES[code];
    super(summary, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'VpcformError';
    this.code = code;
    this.summary = summary;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.hint !== undefined) this.hint = init.hint;
    if (init.location !== undefined) this.location = init.location;
    this.diagnostics = init.diagnostics ?? [];
    if (init.cloud !== undefined) this.cloud = init.cloud;
  }

  /** Plain data for `--json` output. Never includes the cause (it may carry request internals). */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      summary: this.summary,
      ...(this.detail !== undefined && { detail: this.detail }),
      ...(this.hint !== undefined && { hint: this.hint }),
      ...(this.location !== undefined && { location: this.location }),
      ...(this.diagnostics.length > 0 && { diagnostics: this.diagnostics }),
      ...(this.cloud !== undefined && { cloud: this.cloud }),
    };
  }
}

export function isVpcformError(value: unknown): value is VpcformError {
  return value instanceof VpcformError;
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

/** Exhaustiveness check for `switch` over unions (STYLE §6). */
export function assertNever(value: never, what = 'value'): never {
  throw new VpcformError('INTERNAL', { summary: `Unhandled ${what}: ${JSON.stringify(value)}` });
}
