import pRetry from 'p-retry';
import { VpcformError } from '../../errors/index.js';
import { VERSION } from '../../version.js';
import type { QueryPairs } from '../signer.js';
import type { CallOptions, ExchangeInfo, RetryPolicy } from '../types.js';
import type { AuthProvider } from './auth.js';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { classifyFailure, failureReason, isRetryableClass, provesNotExecuted, type FailureFacts, type RetryClass } from './classify.js';
import { cloudError } from './cloud-error.js';
import { parseErrorBody } from './error-body.js';
import type { RequestLimiter } from './limiter.js';
import { serializeQuery } from './query.js';
import type { Redactor } from './redact.js';
import type { RawResponse, Transport, TransportOutcome } from './transport.js';

/**
 * One logical call: limiter slot, authentication, one HTTP attempt, classification, and p-retry
 * around it with our own `shouldRetry` and delays (p-retry's own timer is set to zero so backoff,
 * jitter and Retry-After stay ours and run on the injectable clock).
 */

export interface RequestSpec {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Base URL; the VPC endpoint unless given (IAM). */
  baseUrl?: string;
  /** The real path, e.g. `/v1/0123…/vpcs/99d9…`. */
  path: string;
  /** The route template for errors, events and stats, e.g. `PUT /v1/{project_id}/vpcs/{vpc_id}`. */
  route: string;
  query?: QueryPairs;
  body?: unknown;
  /** False for the IAM login itself, which also bypasses the limiter. */
  authenticate?: boolean;
  /**
   * Whether sending the request twice does what sending it once does. Default: false for POST, true
   * for GET, PUT and DELETE; a POST that is safe to repeat (a read, an idempotent action, the IAM
   * login) says `idempotent: true` and why. A non-idempotent request is sent again only after a
   * failure that proves it was not carried out (`provesNotExecuted`: 429, 401 token renewal, a refused
   * connection, DNS); after any other failure (reset, timeout, 5xx) it fails with CLOUD_AMBIGUOUS.
   */
  idempotent?: boolean;
  /**
   * Statuses that count as success when met on a retry, never on the first attempt. DELETE: a 404
   * after a failed attempt means the VPC is gone — most likely deleted by that attempt, whose answer
   * was lost.
   */
  successOnRetry?: readonly number[];
}

/** The default of `RequestSpec.idempotent`: only POST may act twice when sent twice. */
export function isIdempotent(spec: Pick<RequestSpec, 'method' | 'idempotent'>): boolean {
  return spec.idempotent ?? spec.method !== 'POST';
}

export interface ExchangeDeps {
  endpoint: string;
  projectId: string;
  transport: Transport;
  limiter: RequestLimiter;
  policy: RetryPolicy;
  timeoutMs: number;
  redactor: Redactor;
  debug: ((line: string) => void) | undefined;
  onExchange?: ((exchange: ExchangeInfo) => void) | undefined;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

/** A failed attempt, thrown inside p-retry and unwrapped after it. */
class AttemptFailure extends Error {
  constructor(
    readonly facts: FailureFacts,
    readonly cls: RetryClass,
    readonly error: VpcformError,
    readonly retryAfterMs: number | undefined,
    /** Whether the backoff loop may send the request again: a retryable class, and not ambiguous. */
    readonly retry: boolean,
  ) {
    super(error.summary);
  }
}

const USER_AGENT = `vpcform/${VERSION}`;

export class Exchanger {
  private auth: AuthProvider | undefined;

  constructor(private readonly deps: ExchangeDeps) {}

  /** Set once the auth provider (which may itself call `request` for IAM) exists. */
  setAuth(auth: AuthProvider): void {
    this.auth = auth;
  }

  /** Resolves to a 2xx response, or rejects with a VpcformError. */
  async request(spec: RequestSpec, options: CallOptions = {}): Promise<RawResponse> {
    const { signal } = options;
    let attempts = 0;
    let tokenRefreshed = false;
    const run = async (attemptNumber: number): Promise<RawResponse> => {
      attempts = attemptNumber;
      for (;;) {
        const result = await this.attempt(spec, signal, attemptNumber);
        if (!(result instanceof AttemptFailure)) return result;
        // The gateway says the token must be renewed: log in again, once per call, outside the retry budget.
        if (result.cls === 'token-expired' && !tokenRefreshed && spec.authenticate !== false && this.auth?.invalidate() === true) {
          tokenRefreshed = true;
          continue;
        }
        throw result;
      }
    };
    try {
      return await pRetry(run, {
        retries: this.deps.policy.maxAttempts - 1,
        minTimeout: 0,
        maxTimeout: 0,
        factor: 1,
        ...(signal !== undefined && { signal }),
        shouldRetry: async ({ error, attemptNumber }) => {
          if (!(error instanceof AttemptFailure) || !error.retry) return false;
          const delayMs = backoffDelay(this.deps.policy, attemptNumber, error.cls, this.deps.random, error.retryAfterMs);
          const reason = failureReason(error.facts);
          options.onRetry?.({ attempt: attemptNumber, delayMs, reason, method: spec.method, route: spec.route });
          this.debugLine(`retry ${spec.route} after attempt ${attemptNumber}/${this.deps.policy.maxAttempts} (${reason}) in ${delayMs}ms`);
          await this.deps.sleep(delayMs, signal);
          return true;
        },
      });
    } catch (error) {
      if (signal?.aborted === true) throw interrupted(spec, error);
      if (error instanceof AttemptFailure) throw withAttempts(error.error, attempts);
      throw error;
    }
  }

  private async attempt(spec: RequestSpec, signal: AbortSignal | undefined, attemptNumber: number): Promise<RawResponse | AttemptFailure> {
    const baseUrl = spec.baseUrl ?? this.deps.endpoint;
    const url = `${baseUrl}${spec.path}`;
    const query = spec.query ?? [];
    const queryString = serializeQuery(query);
    const body = spec.body === undefined ? '' : JSON.stringify(spec.body);
    const signable: Record<string, string> = { 'Content-Type': 'application/json' };
    if (spec.authenticate !== false) signable['X-Project-Id'] = this.deps.projectId;

    // The IAM login runs outside the VPC limiter: the calls waiting for its token hold every slot.
    const release = spec.authenticate === false ? (): void => {} : await this.deps.limiter.acquire(signal);
    const started = this.deps.now();
    let outcome: TransportOutcome;
    let authHeaders: Record<string, string> = {};
    try {
      if (spec.authenticate !== false && this.auth !== undefined) {
        authHeaders = await this.auth.headersFor({ method: spec.method, url, query, headers: signable, body }, signal);
      }
      outcome = await this.deps.transport.send(
        {
          method: spec.method,
          url: queryString === '' ? url : `${url}?${queryString}`,
          headers: { ...signable, ...authHeaders, 'User-Agent': USER_AGENT, Accept: 'application/json' },
          ...(body !== '' && { body }),
        },
        this.deps.timeoutMs,
        signal,
      );
    } finally {
      release();
    }
    const elapsed = Math.max(0, Math.round(this.deps.now() - started));
    // A server may echo this request's credentials (its signature is known to no redactor) in anything it answers.
    const sent = credentialValues(authHeaders);
    const redact = (text: string): string => this.deps.redactor.redact(text, sent);
    const shownPath = queryString === '' ? spec.path : `${spec.path}?${queryString}`;

    switch (outcome.kind) {
      case 'aborted':
        throw interrupted(spec, outcome.reason);
      case 'failure': {
        this.deps.onExchange?.({ method: spec.method, route: spec.route, failure: failureReason(outcome.facts) });
        this.debugLine(`http ${spec.method} ${shownPath} -> ${failureReason(outcome.facts)} ${elapsed}ms attempt=${attemptNumber}`);
        return this.failure(spec, outcome.facts, {});
      }
      case 'response': {
        const { response } = outcome;
        this.deps.onExchange?.({ method: spec.method, route: spec.route, status: response.status });
        const headerRequestId = response.headers['x-request-id'] ?? response.headers['x-openstack-request-id'];
        const successOnRetry = attemptNumber > 1 && spec.successOnRetry?.includes(response.status) === true;
        if ((response.status >= 200 && response.status < 300) || successOnRetry) {
          this.debugLine(
            `http ${spec.method} ${shownPath} -> ${response.status}${successOnRetry ? ' (done by an earlier attempt)' : ''} ${elapsed}ms${headerRequestId === undefined ? '' : ` req=${headerRequestId}`} attempt=${attemptNumber}`,
            redact,
          );
          return response;
        }
        const parsed = parseErrorBody(response.body, redact);
        const requestId = headerRequestId === undefined ? parsed.requestId : redact(headerRequestId);
        const facts: FailureFacts = { kind: 'http', status: response.status, ...(parsed.serviceCode !== undefined && { serviceCode: parsed.serviceCode }) };
        this.debugLine(
          `http ${spec.method} ${shownPath} -> ${failureReason(facts)} ${elapsed}ms${requestId === undefined ? '' : ` req=${requestId}`} attempt=${attemptNumber}`,
          redact,
        );
        const cls = classifyFailure(facts);
        if (cls === 'throttled') this.deps.limiter.onThrottled();
        return this.failure(spec, facts, {
          ...(parsed.message !== undefined && { message: parsed.message }),
          ...(requestId !== undefined && { requestId }),
          ...(cls !== 'permanent' && { retryAfter: response.headers['retry-after'] }),
        });
      }
    }
  }

  private failure(spec: RequestSpec, facts: FailureFacts, extra: { message?: string; requestId?: string; retryAfter?: string | undefined }): AttemptFailure {
    const ambiguous = !isIdempotent(spec) && !provesNotExecuted(facts);
    const cls = classifyFailure(facts);
    const error = cloudError({
      facts,
      method: spec.method,
      route: spec.route,
      ...(extra.message !== undefined && { message: this.deps.redactor.redact(extra.message) }),
      ...(extra.requestId !== undefined && { requestId: this.deps.redactor.redact(extra.requestId) }),
      authKind: spec.authenticate === false ? 'password' : (this.auth?.kind ?? 'none'),
      endpoint: spec.baseUrl ?? this.deps.endpoint,
      ambiguous,
    });
    return new AttemptFailure(facts, cls, error, parseRetryAfter(extra.retryAfter, this.deps.now()), isRetryableClass(cls) && !ambiguous);
  }

  private debugLine(line: string, redact: (text: string) => string = (text) => this.deps.redactor.redact(text)): void {
    if (this.deps.debug !== undefined) this.deps.debug(redact(`vpcform: ${line}`));
  }
}

/** The credential values in a request's auth headers, the signature on its own included. */
function credentialValues(headers: Record<string, string>): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!/^(authorization|x-auth-token|x-security-token)$/i.test(name)) continue;
    values.push(value);
    const signature = /Signature=([0-9a-f]+)/i.exec(value)?.[1];
    if (signature !== undefined) values.push(signature);
  }
  return values;
}

function withAttempts(error: VpcformError, attempts: number): VpcformError {
  if (attempts <= 1) return error;
  return new VpcformError(error.code, {
    summary: error.summary,
    detail: [error.detail, `Gave up after ${attempts} attempts.`].filter((s) => s !== undefined).join('\n'),
    ...(error.hint !== undefined && { hint: error.hint }),
    ...(error.cloud !== undefined && { cloud: error.cloud }),
  });
}

function interrupted(spec: RequestSpec, _reason: unknown): VpcformError {
  return new VpcformError('INTERRUPTED', {
    summary: `${spec.route} was interrupted`,
    hint:
      spec.method === 'GET'
        ? 'The call was cancelled before it finished.'
        : `The call was cancelled before it finished; the ${spec.method} may or may not have reached the API — re-run plan to see.`,
    cloud: { method: spec.method, route: spec.route, retryable: false },
  });
}
