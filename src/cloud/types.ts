import type { VpcQuota } from '../model/live-state.js';
import type { ProjectTag, ResourceTag, TagAction, TaggedVpc, VpcTagQuery } from '../model/tags.js';
import type { CreateVpcBody, LiveSubnet, LiveVpc, UpdateVpcBody } from '../model/vpc.js';

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

/** One HTTP attempt as `CreateClientOptions.onExchange` sees it: no URL, no body, nothing secret. */
export interface ExchangeInfo {
  method: string;
  /** Route template, e.g. `GET /v1/{project_id}/vpcs`. */
  route: string;
  /** The HTTP status; absent when no response came. */
  status?: number;
  /** Without a status: why (`ECONNREFUSED`, `ECONNRESET`, `timeout`…). */
  failure?: string;
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

export interface FilterVpcsByTagsQuery extends VpcTagQuery {
  /** Page size, 1..1000 (default 1000). The client follows `offset` until every match is read. */
  limit?: number;
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

  /**
   * `POST /v1/{project_id}/vpcs`; resolves to the new VPC (status `CREATING`). Not idempotent: it is
   * sent again only after a failure that proves it was not carried out (429, refused connection, DNS,
   * a token renewal). After a reset, a timeout or any 5xx it rejects with `CLOUD_AMBIGUOUS`: the VPC
   * may exist — look it up by name before sending it again.
   */
  createVpc(body: CreateVpcBody, options?: CallOptions): Promise<LiveVpc>;
  /**
   * `DELETE /v1/{project_id}/vpcs/{vpc_id}`; resolves once the API accepted it (200/202/204) — the VPC
   * may still show for a while; it is gone when GET answers 404. Retried like PUT; a 404 on a retry
   * resolves (an earlier attempt deleted it), a 404 on the first attempt is `CLOUD_NOT_FOUND`. Rejects
   * with `CLOUD_BUSY` (409 VPC.0103/VPC.0110: wait and send again) or `CLOUD_IN_USE` (409 VPC.0104,
   * 0107, 0108, 0109, 0112, 0118, 0120: something is attached; see `deleteBlocker`).
   */
  deleteVpc(id: string, options?: CallOptions): Promise<void>;
  /** `GET /v1/{project_id}/quotas?type=vpc`: VPCs used and allowed in the project (`quota: -1` = not limited). */
  getVpcQuota(options?: CallOptions): Promise<VpcQuota>;

  /** `POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action`: add (overwrite) or remove tags in one call; retried like PUT. */
  vpcTagsAction(id: string, action: TagAction, tags: readonly ResourceTag[], options?: CallOptions): Promise<void>;
  /** `GET /v2.0/{project_id}/vpcs/{vpc_id}/tags` as a null-prototype record. */
  getVpcTags(id: string, options?: CallOptions): Promise<Record<string, string>>;
  /** `GET /v2.0/{project_id}/vpcs/tags`: every key used on the project's VPCs with its values. */
  listProjectTags(options?: CallOptions): Promise<ProjectTag[]>;
  /** `POST /v2.0/{project_id}/vpcs/resource_instances/action` (filter), every page: the matching VPCs and their tags. */
  filterVpcsByTags(query: FilterVpcsByTagsQuery, options?: CallOptions): Promise<TaggedVpc[]>;
  /** The same call with `action: "count"`. */
  countVpcsByTags(query: VpcTagQuery, options?: CallOptions): Promise<number>;
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
  /** Told about every HTTP attempt once it ends (metrics: `vpcform watch` counts requests by route and code). */
  onExchange?: (exchange: ExchangeInfo) => void;
  /** Clock and sleep, injectable for tests (default Date.now / setTimeout). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random source in [0, 1) for jitter (default Math.random). */
  random?: () => number;
}
