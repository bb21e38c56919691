import type { LiveSubnet, LiveVpc, UpdateVpcBody } from '../model/vpc.js';

/**
 * The narrow interface every stage uses to talk to a cloud (STYLE §3). Axios, URLs, signing and
 * retries live behind it in src/cloud/http/. The VPC itself (live shape, request bodies) is the
 * model's, in src/model/vpc.ts: diff and plan never import this folder.
 */

/** What the client tells the caller about a retry it is about to make. */
export interface RetryInfo {
  /** 1-based number of the attempt that failed. */
  attempt: number;
  /** Milliseconds until the next attempt. */
  delayMs: number;
  /** Short machine-readable reason: `429 APIGW.0308`, `503`, `ECONNRESET`, `timeout`… */
  reason: string;
  method: string;
  /** Route template, e.g. `PUT /v1/{project_id}/vpcs/{vpc_id}`. */
  route: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Called before each retry sleep. */
  onRetry?: (info: RetryInfo) => void;
}

export interface ListVpcsOptions extends CallOptions {
  /** Page size, 1..2000 (default 2000). The client follows `marker` until a short page. */
  limit?: number;
  /** Only this VPC (the API's `id` filter). */
  id?: string;
  /**
   * Enterprise project filter. The API lists only the default project ("0") when it is absent;
   * the client defaults to `all_granted_eps` so no VPC is missed.
   */
  enterpriseProjectId?: string;
}

export interface ListSubnetsOptions extends CallOptions {
  vpcId?: string;
}

export interface CloudClient {
  /** Base URL of the VPC endpoint, e.g. `https://vpc.eu-de.otc.t-systems.com`. */
  readonly endpoint: string;
  readonly projectId: string;
  /** Every VPC matching the options, following pages. */
  listVpcs(options?: ListVpcsOptions): Promise<LiveVpc[]>;
  /** Throws VpcformError `CLOUD_NOT_FOUND` when the VPC does not exist. */
  getVpc(id: string, options?: CallOptions): Promise<LiveVpc>;
  updateVpc(id: string, body: UpdateVpcBody, options?: CallOptions): Promise<LiveVpc>;
  listSubnets(options?: ListSubnetsOptions): Promise<LiveSubnet[]>;
}

/** Credentials as resolved from the environment (never printed; see src/cloud/http/redact.ts). */
export type ResolvedAuth =
  | { kind: 'aksk'; accessKey: string; secretKey: string; securityToken?: string }
  | { kind: 'token'; token: string }
  | { kind: 'password'; authUrl: string; username: string; password: string; domainName: string }
  | { kind: 'none' };

/** Where and as whom to connect: the output of `resolveConnection`. */
export interface Connection {
  endpoint: string;
  projectId: string;
  auth: ResolvedAuth;
}

/** Retry policy values (reference §2.5, §6). Every field has a default; see docs/cloud.md. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Base of the exponential backoff (full jitter: a random delay in [0, min(cap, base·2^n)]). */
  baseDelayMs: number;
  /** Longer base used after a 429 / APIGW.0308. */
  throttleBaseDelayMs: number;
  /** Cap on one computed backoff delay. */
  maxDelayMs: number;
  /** Cap on a server's `Retry-After`. */
  maxRetryAfterMs: number;
}

/** The shared request limiter of one client (token bucket + in-flight cap, adaptive after 429). */
export interface RateLimitOptions {
  /** Sustained requests per second. */
  requestsPerSecond: number;
  /** Bucket size: requests that may start at once after an idle period. */
  burst: number;
  /** Requests in flight at once. */
  maxInFlight: number;
  /** After a 429 the rate is halved, never below this. */
  minRequestsPerSecond: number;
  /** How fast the rate climbs back after a 429: requests/second gained per second without a 429. */
  recoveryPerSecond: number;
}

export interface CreateClientOptions {
  /** Base URL of the VPC service, e.g. `https://vpc.eu-de.otc.t-systems.com` or the emulator's URL. */
  endpoint: string;
  projectId: string;
  auth: ResolvedAuth;
  retry?: Partial<RetryPolicy>;
  rate?: Partial<RateLimitOptions>;
  /** Deadline of one HTTP attempt (default 30 000 ms). */
  timeoutMs?: number;
  /** Receives one line per HTTP exchange (secrets redacted). */
  debug?: (line: string) => void;
  /** Clock and sleep, injectable for tests (default Date.now / setTimeout). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random source in [0, 1) for jitter (default Math.random). */
  random?: () => number;
}
