import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import type { AxiosInstance, AxiosStatic } from 'axios';
import type { FailureFacts } from './classify.js';

/**
 * One HTTP exchange through axios, with the exact bytes the signer saw: the body is a string we
 * serialized, the query string is one we built (axios's serializer writes `+` for spaces), and
 * axios transforms neither. Keep-alive agents make repeated calls cheap. TLS verification is never
 * turned off; Node reads NODE_EXTRA_CA_CERTS for the default trust store.
 */

export interface OutgoingRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Full URL including the already-serialized query string. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
}

export type TransportOutcome =
  | { kind: 'response'; response: RawResponse }
  | { kind: 'failure'; facts: FailureFacts }
  | { kind: 'aborted'; reason: unknown };

/**
 * axios through `require`: Node then loads its single-file CommonJS build instead of the ESM entry's
 * ~80 modules, which halves its load time (~240 ms -> ~130 ms here) — the biggest slice of a CLI
 * run's start-up (issue 5's budget). Same package, same version, same behaviour.
 */
const axios = createRequire(import.meta.url)('axios') as AxiosStatic;

/** Responses above this size are refused (a full page of 2000 VPCs is about 1 MB). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export class Transport {
  private readonly axios: AxiosInstance;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(options: { maxSockets: number; useEnvProxy: boolean }) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: options.maxSockets });
    this.axios = axios.create({
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      // Loopback (the emulator) never goes through a proxy; real endpoints honour HTTPS_PROXY/NO_PROXY.
      ...(options.useEnvProxy ? {} : { proxy: false as const }),
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      responseType: 'text',
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      decompress: true,
    });
  }

  async send(request: OutgoingRequest, timeoutMs: number, signal: AbortSignal | undefined): Promise<TransportOutcome> {
    if (signal?.aborted === true) return { kind: 'aborted', reason: signal.reason };
    const controller = new AbortController();
    let timedOut = false;
    // A deadline for the whole exchange (axios's own timeout is a socket-idle timer).
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.axios.request<string>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        ...(request.body !== undefined && { data: request.body }),
        signal: controller.signal,
      });
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? undefined : String(value);
      }
      return { kind: 'response', response: { status: response.status, headers, body: typeof response.data === 'string' ? response.data : '' } };
    } catch (error) {
      if (isAborted(signal)) return { kind: 'aborted', reason: signal?.reason };
      if (timedOut) return { kind: 'failure', facts: { kind: 'timeout' } };
      return { kind: 'failure', facts: { kind: 'network', errorCode: networkErrorCode(error) } };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** Read through a function: TypeScript narrows `signal.aborted` to false across an await. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** The system error code behind an axios failure: `ECONNRESET`, `ECONNREFUSED`, `CERT_HAS_EXPIRED`… */
function networkErrorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_CANCELED' && !code.startsWith('ERR_BAD_')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  if (axios.isAxiosError(error) && typeof error.code === 'string') return error.code;
  return 'ENETWORK';
}
