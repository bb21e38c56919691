import { VpcformError } from '../../errors/index.js';
import type { ProjectTag, ResourceTag, TagAction, TaggedVpc, VpcTagQuery } from '../../model/tags.js';
import type { CallOptions, FilterVpcsByTagsQuery } from '../types.js';
import type { Exchanger } from './exchange.js';
import { badResponse, countFrom, isRecord, parseJson } from './responses.js';

/**
 * The VPC tag calls of the v2.0 API (lifecycle-tags.md §3): `/v2.0/{project_id}/…` on the same VPC
 * endpoint, through the same exchanger — so the same signing, token auth, retries and rate limiter.
 */

export const MAX_TAG_PAGE_SIZE = 1000;

const ROUTES = {
  action: 'POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action',
  vpcTags: 'GET /v2.0/{project_id}/vpcs/{vpc_id}/tags',
  projectTags: 'GET /v2.0/{project_id}/vpcs/tags',
  resourceInstances: 'POST /v2.0/{project_id}/vpcs/resource_instances/action',
} as const;

export class VpcTagApi {
  constructor(
    private readonly exchanger: Exchanger,
    private readonly projectId: string,
  ) {}

  /**
   * Adds (overwriting values of existing keys) or removes tags in one call. The reference says the
   * batch action is idempotent (§3.2: creating an existing tag overwrites it, deleting a missing one
   * succeeds), so it is retried like a PUT. 200 and 204 both mean done (both SDKs accept them).
   */
  async action(vpcId: string, action: TagAction, tags: readonly ResourceTag[], options: CallOptions = {}): Promise<void> {
    await this.exchanger.request(
      {
        method: 'POST',
        path: `${this.vpcPath(vpcId)}/tags/action`,
        route: ROUTES.action,
        // `value` always goes out, "" included: the API marks it required (§4.3, "Tag value can not be null").
        body: { action, tags: tags.map((tag) => ({ key: tag.key, value: tag.value })) },
        idempotent: true,
      },
      options,
    );
  }

  /** The tags of one VPC as a null-prototype record. */
  async ofVpc(vpcId: string, options: CallOptions = {}): Promise<Record<string, string>> {
    const response = await this.exchanger.request({ method: 'GET', path: `${this.vpcPath(vpcId)}/tags`, route: ROUTES.vpcTags }, options);
    return tagRecord(parseJson(response, ROUTES.vpcTags)['tags'], ROUTES.vpcTags, '"tags"');
  }

  /** Every tag key of the project's VPCs with the values it has. */
  async ofProject(options: CallOptions = {}): Promise<ProjectTag[]> {
    const response = await this.exchanger.request({ method: 'GET', path: `/v2.0/${this.projectId}/vpcs/tags`, route: ROUTES.projectTags }, options);
    const list = parseJson(response, ROUTES.projectTags)['tags'];
    if (!Array.isArray(list)) throw badResponse(ROUTES.projectTags, 'The body has no "tags" array.');
    return list.map((item, i) => {
      if (!isRecord(item) || typeof item['key'] !== 'string' || !isStringArray(item['values'])) {
        throw badResponse(ROUTES.projectTags, `tags[${i}] is not {"key": string, "values": [string]}.`);
      }
      return { key: item['key'], values: [...item['values']] };
    });
  }

  /**
   * Every VPC matching the query, paging with `limit` and `offset` (§3.4). The page count alone is not
   * trusted: paging stops once `total_count` VPCs are read, on an empty page or on a short one, and an
   * API that ignores `offset` (a full page with nothing new) is an error rather than an endless loop.
   */
  async filter(query: FilterVpcsByTagsQuery, options: CallOptions = {}): Promise<TaggedVpc[]> {
    const limit = pageSize(query.limit);
    const found = new Map<string, TaggedVpc>();
    let offset = 0;
    for (;;) {
      const body = parseJson(await this.resourceInstances({ action: 'filter', ...clauses(query), limit, offset }, options), ROUTES.resourceInstances);
      const total = countFrom(body['total_count'], 'total_count', ROUTES.resourceInstances);
      const page = body['resources'];
      if (!Array.isArray(page)) throw badResponse(ROUTES.resourceInstances, 'The body has no "resources" array.');
      let added = 0;
      page.forEach((item, i) => {
        const vpc = taggedVpc(item, `resources[${i}] (offset ${offset})`);
        if (found.has(vpc.resource_id)) return;
        found.set(vpc.resource_id, vpc);
        added += 1;
      });
      if (page.length < limit || found.size >= total) return [...found.values()];
      if (added === 0) {
        throw badResponse(ROUTES.resourceInstances, `The page at offset ${offset} repeats VPCs already read: the API seems to ignore the offset parameter.`);
      }
      offset += page.length;
    }
  }

  /** How many VPCs match the query (`action: "count"`; `limit`/`offset` apply to filter only). */
  async count(query: VpcTagQuery, options: CallOptions = {}): Promise<number> {
    const body = parseJson(await this.resourceInstances({ action: 'count', ...clauses(query) }, options), ROUTES.resourceInstances);
    return countFrom(body['total_count'], 'total_count', ROUTES.resourceInstances);
  }

  /** Filter and count are reads that happen to be POSTs (§3.4): repeating one changes nothing, so they retry like GET. */
  private resourceInstances(body: Record<string, unknown>, options: CallOptions) {
    return this.exchanger.request(
      { method: 'POST', path: `/v2.0/${this.projectId}/vpcs/resource_instances/action`, route: ROUTES.resourceInstances, body, idempotent: true },
      options,
    );
  }

  private vpcPath(vpcId: string): string {
    return `/v2.0/${this.projectId}/vpcs/${encodeURIComponent(vpcId)}`;
  }
}

/**
 * Only the clauses that are given. An empty `matches` list is left out: the API refuses it ("The number
 * of Matches in resourceInstancesReq is 0", §3.4).
 */
function clauses(query: VpcTagQuery): VpcTagQuery {
  return {
    ...(query.tags !== undefined && { tags: query.tags.map((t) => ({ key: t.key, values: [...t.values] })) }),
    ...(query.matches !== undefined && query.matches.length > 0 && { matches: query.matches.map((m) => ({ key: m.key, value: m.value })) }),
  };
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return MAX_TAG_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TAG_PAGE_SIZE) {
    throw new VpcformError('INTERNAL', { summary: `Tag filter page size must be an integer in 1..${MAX_TAG_PAGE_SIZE}, got ${limit}` });
  }
  return limit;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * `[{key, value}]` as a null-prototype record: `__proto__`, `constructor` and friends stay data and
 * pollute nothing. A repeated key is a bad response rather than a silent choice of one value.
 */
function tagRecord(list: unknown, route: string, where: string): Record<string, string> {
  if (!Array.isArray(list)) throw badResponse(route, `${where} is not an array of tags.`);
  const record = Object.create(null) as Record<string, string>;
  list.forEach((item, i) => {
    // A null value is read as "" (the API's own empty value); any other non-string is refused.
    const value = isRecord(item) ? (item['value'] ?? '') : undefined;
    if (!isRecord(item) || typeof item['key'] !== 'string' || typeof value !== 'string') {
      throw badResponse(route, `${where}[${i}] is not {"key": string, "value": string}.`);
    }
    if (Object.hasOwn(record, item['key'])) throw badResponse(route, `${where} lists the key ${JSON.stringify(item['key'])} twice.`);
    record[item['key']] = value;
  });
  return record;
}

function taggedVpc(item: unknown, where: string): TaggedVpc {
  if (!isRecord(item) || typeof item['resource_id'] !== 'string') throw badResponse(ROUTES.resourceInstances, `${where} has no resource_id.`);
  const name = item['resource_name'] ?? '';
  if (typeof name !== 'string') throw badResponse(ROUTES.resourceInstances, `${where} has a resource_name that is not a string.`);
  return { resource_id: item['resource_id'], resource_name: name, tags: tagRecord(item['tags'] ?? [], ROUTES.resourceInstances, `${where}.tags`) };
}
