import { parseJsonObject } from './api-context.js';
import type { VpcStore } from './store.js';
import {
  MAX_FILTER_KEYS,
  MAX_FILTER_VALUES,
  MAX_KEY_LENGTH,
  MAX_MATCH_VALUE_LENGTH,
  MAX_VALUE_LENGTH,
  tagList,
  tagsOf,
  type Checked,
  type TagProblem,
} from './tag-rules.js';
import type { VpcRecord } from './types.js';
import { isPlainObject } from './validate.js';

/**
 * `POST /v2.0/{project_id}/vpcs/resource_instances/action` (lifecycle-tags.md §3.4) and the project's
 * tag summary. Both walk the store once in list order, so a query over 100,000 VPCs costs one pass
 * (a few set lookups per VPC) whatever its page: no per-VPC index to keep in step with the store.
 */

export const DEFAULT_FILTER_LIMIT = 1000;
export const MAX_FILTER_LIMIT = 1000;

export interface TagClause {
  key: string;
  /** Empty = any value. */
  values: ReadonlySet<string>;
}

export interface TagQuery {
  action: 'filter' | 'count';
  /** AND across clauses. */
  tags: TagClause[];
  /** Exact `resource_name` values, AND-ed (Choice: exact, §5 item 9). */
  names: string[];
  limit: number;
  offset: number;
}

const good = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(problem: TagProblem): Checked<T> => ({ ok: false, problem });
const length = (text: string): number => [...text].length;

/** An Integer field that the documented examples send as a string (`"limit":"100"`); undefined when neither. */
function integerOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

function parseClauses(value: unknown): Checked<TagClause[]> {
  // OTC-rst: "The structure body must be included"; error table: missing tags -> "ResourceInstancesReq is null or invalid."
  if (value === undefined || value === null || !Array.isArray(value)) return bad('requestInvalid');
  if (value.length > MAX_FILTER_KEYS) return bad('tooMany');
  const clauses: TagClause[] = [];
  const keys = new Set<string>();
  for (const item of value) {
    if (item === null || item === undefined) return bad('tagNull');
    if (!isPlainObject(item)) return bad('invalidInput');
    const { key, values } = item;
    if (key !== undefined && key !== null && typeof key !== 'string') return bad('invalidInput');
    if (typeof key !== 'string' || key.trim() === '' || length(key) > MAX_KEY_LENGTH) return bad('length');
    if (values === undefined || values === null) return bad('valueNull');
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return bad('invalidInput');
    if (values.length > MAX_FILTER_VALUES) return bad('tooMany');
    if ((values as string[]).some((v) => length(v) > MAX_VALUE_LENGTH)) return bad('length');
    const set = new Set(values as string[]);
    if (set.size !== values.length) return bad('valuesDuplicate');
    if (keys.has(key)) return bad('keyRepeated');
    keys.add(key);
    clauses.push({ key, values: set });
  }
  return good(clauses);
}

function parseMatches(value: unknown): Checked<string[]> {
  if (value === undefined) return good([]);
  if (value === null || !Array.isArray(value)) return bad('requestInvalid');
  if (value.length === 0) return bad('matchesEmpty');
  const names: string[] = [];
  for (const item of value) {
    if (item === null || item === undefined) return bad('matchesNull');
    if (!isPlainObject(item)) return bad('invalidInput');
    if (item['key'] !== 'resource_name') return bad('matchKeyInvalid');
    const text = item['value'];
    if (text === undefined || text === null) return bad('matchValueNull');
    if (typeof text !== 'string') return bad('invalidInput');
    if (length(text) > MAX_MATCH_VALUE_LENGTH) return bad('matchValueTooLong');
    names.push(text);
  }
  return good(names);
}

/** The request body, checked in the order of the documented errors; the problem of the first failure. */
export function parseTagQuery(body: Buffer): Checked<TagQuery> {
  const request = parseJsonObject(body);
  if (!request) return bad('invalidInput');
  const action = request['action'];
  if (action !== 'filter' && action !== 'count') return bad('actionInvalid');
  const tags = parseClauses(request['tags']);
  if (!tags.ok) return bad(tags.problem);
  const names = parseMatches(request['matches']);
  if (!names.ok) return bad(names.problem);
  let limit = DEFAULT_FILTER_LIMIT;
  let offset = 0;
  // `limit` and `offset` do not apply to count (§3.4): whatever count is sent, it is ignored.
  if (action === 'filter') {
    const rawLimit = request['limit'];
    if (rawLimit !== undefined && rawLimit !== null) {
      const n = integerOf(rawLimit);
      if (n === undefined || n < 1 || n > MAX_FILTER_LIMIT) return bad('limitInvalid');
      limit = n;
    }
    const rawOffset = request['offset'];
    if (rawOffset !== undefined && rawOffset !== null) {
      const n = integerOf(rawOffset);
      if (n === undefined || n < 0) return bad('offsetInvalid');
      offset = n;
    }
  }
  return good({ action, tags: tags.value, names: names.value, limit, offset });
}

function matches(record: VpcRecord, query: TagQuery): boolean {
  for (const name of query.names) if (record.name !== name) return false;
  if (query.tags.length === 0) return true;
  const own = record.tags;
  if (!isPlainObject(own)) return false;
  for (const clause of query.tags) {
    if (!Object.hasOwn(own, clause.key)) return false;
    const value = own[clause.key];
    if (typeof value !== 'string' || (clause.values.size > 0 && !clause.values.has(value))) return false;
  }
  return true;
}

export interface TagQueryResult {
  total: number;
  /** The VPCs of the page, in list order (empty for count). */
  page: VpcRecord[];
}

/** One pass over the VPCs in list order: counts every match, keeps `limit` of them from `offset`. */
export function runTagQuery(store: VpcStore, query: TagQuery): TagQueryResult {
  const page: VpcRecord[] = [];
  let total = 0;
  const keepPage = query.action === 'filter';
  for (const record of store.allVpcs()) {
    if (!matches(record, query)) continue;
    if (keepPage && total >= query.offset && page.length < query.limit) page.push(record);
    total += 1;
  }
  return { total, page };
}

/** The filter answer's JSON (`resource_detail` is always null; `resource_name` "" when the VPC has none). */
export function filterAnswer(result: TagQueryResult): unknown {
  return {
    resources: result.page.map((record) => ({
      resource_id: record.id,
      resource_name: record.name,
      resource_detail: null,
      tags: tagList(tagsOf(record)),
    })),
    total_count: result.total,
  };
}

/** `GET /v2.0/{project_id}/vpcs/tags`: every key in the project with its distinct values, keys and values sorted. */
export function projectTags(store: VpcStore): Array<{ key: string; values: string[] }> {
  const values = new Map<string, Set<string>>();
  for (const record of store.allVpcs()) {
    const own = record.tags;
    if (!isPlainObject(own)) continue;
    // Own keys only, read in place: no per-VPC copy (this runs over every VPC of the project).
    for (const key of Object.keys(own)) {
      const value = own[key];
      if (typeof value !== 'string') continue;
      let set = values.get(key);
      if (!set) values.set(key, (set = new Set()));
      set.add(value);
    }
  }
  return [...values.keys()].sort().map((key) => ({ key, values: [...values.get(key)!].sort() }));
}
