import { VpcformError } from '../../errors/index.js';
import type {
  CallOptions,
  CloudClient,
  CreateClientOptions,
  FilterVpcsByTagsQuery,
  ListSubnetsOptions,
  ListVpcsOptions,
} from '../types.js';
import type { VpcQuota } from '../../model/live-state.js';
import type { ProjectTag, ResourceTag, TagAction, TaggedVpc, VpcTagQuery } from '../../model/tags.js';
import type { CreateVpcBody, LiveSubnet, LiveVpc, UpdateVpcBody } from '../../model/vpc.js';
import { isLoopbackHttp, normalizeEndpoint } from '../connection.js';
import { createAuthProvider, passwordTokenRequest, tokenFromIamResponse, type IssuedToken } from './auth.js';
import { resolveRetryPolicy } from './backoff.js';
import { Exchanger, type RequestSpec } from './exchange.js';
import { RequestLimiter, resolveRateLimit } from './limiter.js';
import { queryPairs } from './query.js';
import { Redactor } from './redact.js';
import { arrayFrom, badResponse, countFrom, isRecord, parseJson, vpcFrom } from './responses.js';
import { VpcTagApi } from './tags.js';
import { Transport } from './transport.js';

/** The CloudClient over HTTP (VPC v1 API, reference §1; the v2.0 tag API in ./tags.ts). */

export const DEFAULT_TIMEOUT_MS = 30_000;
export const MAX_PAGE_SIZE = 2000;
/** The API's own value for "every enterprise project the caller may see" (reference §1.4). */
export const ALL_ENTERPRISE_PROJECTS = 'all_granted_eps';

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class HttpCloudClient implements CloudClient {
  readonly endpoint: string;
  readonly projectId: string;
  private readonly exchanger: Exchanger;
  private readonly transport: Transport;
  private readonly tags: VpcTagApi;

  constructor(options: CreateClientOptions) {
    this.endpoint = normalizeEndpoint(options.endpoint, 'the client options');
    this.projectId = options.projectId;
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? defaultSleep;
    const rate = resolveRateLimit(options.rate);
    const { auth } = options;
    const redactor = new Redactor(secretsOf(options));
    this.transport = new Transport({ maxSockets: rate.maxInFlight, useEnvProxy: !isLoopbackHttp(this.endpoint) });
    this.exchanger = new Exchanger({
      endpoint: this.endpoint,
      projectId: this.projectId,
      transport: this.transport,
      limiter: new RequestLimiter(rate, { now, sleep: (ms) => sleep(ms) }),
      policy: resolveRetryPolicy(options.retry),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      redactor,
      debug: options.debug,
      onExchange: options.onExchange,
      now,
      sleep,
      random: options.random ?? Math.random,
    });
    const issueToken = async (signal: AbortSignal | undefined): Promise<IssuedToken> => {
      if (auth.kind !== 'password') throw new VpcformError('INTERNAL', { summary: 'A token login was asked for without a password' });
      const response = await this.exchanger.request(
        {
          method: 'POST',
          baseUrl: auth.authUrl,
          path: '/auth/tokens',
          route: 'POST /v3/auth/tokens',
          query: [['nocatalog', 'true']],
          body: passwordTokenRequest(auth, this.projectId),
          authenticate: false,
          // A second login only issues a second token: safe to repeat after any failure.
          idempotent: true,
        },
        signal === undefined ? {} : { signal },
      );
      const issued = tokenFromIamResponse(response.headers['x-subject-token'], response.body);
      redactor.add(issued.token);
      return issued;
    };
    this.exchanger.setAuth(createAuthProvider(auth, { now, issueToken }));
    this.tags = new VpcTagApi(this.exchanger, this.projectId);
  }

  async listVpcs(options: ListVpcsOptions = {}): Promise<LiveVpc[]> {
    const limit = pageSize(options.limit);
    return this.paginate<LiveVpc>(
      'vpcs',
      { method: 'GET', path: `/v1/${this.projectId}/vpcs`, route: 'GET /v1/{project_id}/vpcs' },
      { id: options.id, enterprise_project_id: options.enterpriseProjectId ?? ALL_ENTERPRISE_PROJECTS },
      limit,
      options,
    );
  }

  async getVpc(id: string, options: CallOptions = {}): Promise<LiveVpc> {
    const response = await this.exchanger.request(
      { method: 'GET', path: `/v1/${this.projectId}/vpcs/${encodeURIComponent(id)}`, route: 'GET /v1/{project_id}/vpcs/{vpc_id}' },
      options,
    );
    return vpcFrom(response, 'GET /v1/{project_id}/vpcs/{vpc_id}');
  }

  async updateVpc(id: string, body: UpdateVpcBody, options: CallOptions = {}): Promise<LiveVpc> {
    const response = await this.exchanger.request(
      {
        method: 'PUT',
        path: `/v1/${this.projectId}/vpcs/${encodeURIComponent(id)}`,
        route: 'PUT /v1/{project_id}/vpcs/{vpc_id}',
        body: { vpc: body },
      },
      options,
    );
    return vpcFrom(response, 'PUT /v1/{project_id}/vpcs/{vpc_id}');
  }

  async createVpc(body: CreateVpcBody, options: CallOptions = {}): Promise<LiveVpc> {
    const route = 'POST /v1/{project_id}/vpcs';
    // There is no client token or idempotency key in the v1 create (lifecycle-tags §1.1): the exchanger
    // treats this POST as non-idempotent (never re-sent after a failure that leaves its outcome open).
    const response = await this.exchanger.request({ method: 'POST', path: `/v1/${this.projectId}/vpcs`, route, body: { vpc: body }, idempotent: false }, options);
    return vpcFrom(response, route);
  }

  async deleteVpc(id: string, options: CallOptions = {}): Promise<void> {
    await this.exchanger.request(
      {
        method: 'DELETE',
        path: `/v1/${this.projectId}/vpcs/${encodeURIComponent(id)}`,
        route: 'DELETE /v1/{project_id}/vpcs/{vpc_id}',
        // Sending a DELETE again is safe; if an earlier attempt did it, the retry meets 404: gone.
        successOnRetry: [404],
      },
      options,
    );
  }

  async getVpcQuota(options: CallOptions = {}): Promise<VpcQuota> {
    const route = 'GET /v1/{project_id}/quotas';
    const response = await this.exchanger.request({ method: 'GET', path: `/v1/${this.projectId}/quotas`, route, query: [['type', 'vpc']] }, options);
    const quotas = parseJson(response, route)['quotas'];
    const resources = isRecord(quotas) ? quotas['resources'] : undefined;
    if (!Array.isArray(resources)) throw badResponse(route, 'The body has no "quotas.resources" array.');
    const vpc: unknown = resources.find((r) => isRecord(r) && r['type'] === 'vpc');
    if (!isRecord(vpc)) throw badResponse(route, 'The quota list has no entry of type "vpc".');
    const quota = vpc['quota'];
    // Passed on as the API states it: -1 means "not limited" (OTC-rst querying_quotas.rst; src/emulator/SPEC.md).
    if (typeof quota !== 'number' || !Number.isInteger(quota) || quota < -1) throw badResponse(route, 'The "vpc" quota is not an integer >= -1.');
    return { used: countFrom(vpc['used'], 'The "vpc" entry\'s used', route), quota };
  }

  vpcTagsAction(id: string, action: TagAction, tags: readonly ResourceTag[], options?: CallOptions): Promise<void> {
    return this.tags.action(id, action, tags, options);
  }

  getVpcTags(id: string, options?: CallOptions): Promise<Record<string, string>> {
    return this.tags.ofVpc(id, options);
  }

  listProjectTags(options?: CallOptions): Promise<ProjectTag[]> {
    return this.tags.ofProject(options);
  }

  filterVpcsByTags(query: FilterVpcsByTagsQuery, options?: CallOptions): Promise<TaggedVpc[]> {
    return this.tags.filter(query, options);
  }

  countVpcsByTags(query: VpcTagQuery, options?: CallOptions): Promise<number> {
    return this.tags.count(query, options);
  }

  async listSubnets(options: ListSubnetsOptions = {}): Promise<LiveSubnet[]> {
    return this.paginate<LiveSubnet>(
      'subnets',
      { method: 'GET', path: `/v1/${this.projectId}/subnets`, route: 'GET /v1/{project_id}/subnets' },
      { vpc_id: options.vpcId },
      MAX_PAGE_SIZE,
      options,
    );
  }

  /** Closes idle keep-alive connections (optional: they never keep the process alive on their own). */
  close(): void {
    this.transport.close();
  }

  /** Follows `marker` (the last id of a page) until a page shorter than `limit` (reference §1.4). */
  private async paginate<T extends { id: string }>(
    key: 'vpcs' | 'subnets',
    spec: Omit<RequestSpec, 'query'>,
    filters: Record<string, string | undefined>,
    limit: number,
    options: CallOptions,
  ): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (;;) {
      const response = await this.exchanger.request({ ...spec, query: queryPairs({ ...filters, limit, marker }) }, options);
      const page = arrayFrom<T>(response, key, spec.route);
      for (const item of page) {
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        items.push(item);
      }
      if (page.length < limit) return items;
      const last = page[page.length - 1]!.id;
      if (last === marker) {
        throw badResponse(spec.route, 'The API returned the same page twice: it seems to ignore the marker parameter.');
      }
      marker = last;
    }
  }
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return MAX_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new VpcformError('INTERNAL', { summary: `Page size must be an integer in 1..${MAX_PAGE_SIZE}, got ${limit}` });
  }
  return limit;
}

function secretsOf(options: CreateClientOptions): string[] {
  const { auth } = options;
  switch (auth.kind) {
    case 'aksk':
      return [auth.secretKey, ...(auth.securityToken === undefined ? [] : [auth.securityToken])];
    case 'token':
      return [auth.token];
    case 'password':
      return [auth.password];
    case 'none':
      return [];
    default:
      return [];
  }
}
