import { vpcError, type Reply } from './replies.js';
import type { VpcRecord } from './types.js';
import { isPlainObject } from './validate.js';

/**
 * Rules of the VPC v2.0 tag API (lifecycle-tags.md §3). The sources disagree on the limits (§3.3); the
 * emulator enforces the strictest documented reading everywhere, so that what passes here passes on
 * both clouds: at most 10 tags per VPC (existing + new), keys of 1-36 and values of 0-43 characters
 * from `A-Z a-z 0-9 _ -`. SPEC.md ("Tags") says where each number comes from.
 */

export const MAX_TAGS_PER_VPC = 10;
export const MAX_KEY_LENGTH = 36;
export const MAX_VALUE_LENGTH = 43;
/** Filter: keys per query and values per key (error table, HW-go and APIX; OTC-rst's request table says 20 keys). */
export const MAX_FILTER_KEYS = 10;
export const MAX_FILTER_VALUES = 10;
export const MAX_MATCH_VALUE_LENGTH = 255;
const TAG_CHARSET = /^[A-Za-z0-9_-]*$/;

/**
 * The tag module's answers (OTC-rst `appendix/error_codes.rst`, "Resource tags"): all code VPC.1801,
 * told apart by status and message. Clients must not parse the texts; tests may.
 */
const TAG_PROBLEMS = {
  resourceIdInvalid: [400, 'resource id is invalid.'],
  actionInvalid: [400, 'action is invalid.'],
  length: [400, `Tag length is invalid. The key length must be in range [1,${MAX_KEY_LENGTH}] and value in range [0,${MAX_VALUE_LENGTH}]`],
  /** Choice: no documented text for a bad character; the code is the module's. */
  charset: [400, 'Tag is invalid. The key and value may contain only letters, digits, underscores (_) and hyphens (-).'],
  tagNull: [400, 'Tag can not be null.'],
  valueNull: [400, 'Tag value can not be null.'],
  tooMany: [400, `number of tags exceeds max num of ${MAX_TAGS_PER_VPC}.`],
  keyRepeated: [400, 'Tag key is repeated.'],
  requestInvalid: [400, 'ResourceInstancesReq is null or invalid.'],
  matchesEmpty: [400, 'The number of Matches in resourceInstancesReq is 0.'],
  matchesNull: [400, 'The list of matches contains null.'],
  matchKeyInvalid: [400, 'The key of matches is invalid.'],
  matchValueNull: [400, 'The value of Matches in resourceInstancesReq is null.'],
  matchValueTooLong: [400, `The value's length of Matches in resourceInstancesReq is more than ${MAX_MATCH_VALUE_LENGTH}.`],
  valuesDuplicate: [400, 'Value of tags in resourceInstancesReq is duplicate.'],
  limitInvalid: [400, 'Limit in resourceInstancesReq is invalid.'],
  offsetInvalid: [400, 'Offset in resourceInstancesReq is invalid.'],
  /** A body that is not the documented JSON shape (lifecycle-tags.md §3.5). */
  invalidInput: [500, 'Invalid input.'],
  /** APIX `DeleteVpcTag.json` gives 404; code and text are a Choice (the module's code, the tag service's wording). */
  keyNotFound: [404, 'The resource could not be found.'],
} as const satisfies Record<string, readonly [number, string]>;

export type TagProblem = keyof typeof TAG_PROBLEMS;

export function tagError(problem: TagProblem): Reply {
  const [status, message] = TAG_PROBLEMS[problem];
  return vpcError(status, 'VPC.1801', message);
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: TagProblem };
const good = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(problem: TagProblem): Checked<T> => ({ ok: false, problem });

const length = (text: string): number => [...text].length;

/**
 * A VPC's tags, key -> value, in the order they were first set. Tags live on the record as a plain
 * object (so the state file keeps them); this reads only string entries, whatever a hand-edited
 * state file holds, and never the prototype (a key may be `constructor` or `__proto__`).
 */
export function tagsOf(record: VpcRecord): Map<string, string> {
  const tags = new Map<string, string>();
  if (!isPlainObject(record.tags)) return tags;
  for (const [key, value] of Object.entries(record.tags)) if (typeof value === 'string') tags.set(key, value);
  return tags;
}

/** The record with these tags (no `tags` field when there are none); `Object.fromEntries` defines own keys only. */
export function withTags(record: VpcRecord, tags: ReadonlyMap<string, string>): VpcRecord {
  const { tags: _old, ...rest } = record;
  return tags.size === 0 ? rest : { ...rest, tags: Object.fromEntries(tags) };
}

/** `[{key, value}]` sorted by key (Choice: the order of the real answers is not documented). */
export function tagList(tags: ReadonlyMap<string, string>): Array<{ key: string; value: string }> {
  return [...tags.keys()].sort().map((key) => ({ key, value: tags.get(key)! }));
}

/** One tag to create: key 1-36 and value 0-43 characters of the safe charset; the value must be sent. */
export function checkNewTag(item: unknown): Checked<[string, string]> {
  if (item === null || item === undefined) return bad('tagNull');
  if (!isPlainObject(item)) return bad('invalidInput');
  const { key, value } = item;
  if (key !== undefined && key !== null && typeof key !== 'string') return bad('invalidInput');
  if (value !== undefined && value !== null && typeof value !== 'string') return bad('invalidInput');
  if (typeof key !== 'string' || length(key) < 1 || length(key) > MAX_KEY_LENGTH) return bad('length');
  if (typeof value !== 'string') return bad('valueNull');
  if (length(value) > MAX_VALUE_LENGTH) return bad('length');
  if (!TAG_CHARSET.test(key) || !TAG_CHARSET.test(value)) return bad('charset');
  return good([key, value]);
}

/** One tag to delete: the key must be non-blank; the charset is not checked (§3.2); the value is optional. */
export function checkDeletedTag(item: unknown): Checked<{ key: string; value: string | undefined }> {
  if (item === null || item === undefined) return bad('tagNull');
  if (!isPlainObject(item)) return bad('invalidInput');
  const { key, value } = item;
  if (key !== undefined && key !== null && typeof key !== 'string') return bad('invalidInput');
  if (value !== undefined && value !== null && typeof value !== 'string') return bad('invalidInput');
  if (typeof key !== 'string' || key.trim() === '') return bad('length');
  return good({ key, value: typeof value === 'string' ? value : undefined });
}

/** The tags a create would leave on the VPC: existing ones, overwritten or joined by these, at most 10 in all. */
export function mergeTags(current: ReadonlyMap<string, string>, items: readonly unknown[]): Checked<Map<string, string>> {
  const incoming = new Map<string, string>();
  for (const item of items) {
    const checked = checkNewTag(item);
    if (!checked.ok) return bad(checked.problem);
    const [key, value] = checked.value;
    if (incoming.has(key)) return bad('keyRepeated');
    incoming.set(key, value);
  }
  const next = new Map(current);
  for (const [key, value] of incoming) next.set(key, value);
  // Choice (§5 item 2): the limit counts the VPC's tags after the change, existing + new (so a request
  // of more than 10 is refused too, as the error table's "more than 10 keys" says).
  if (next.size > MAX_TAGS_PER_VPC) return bad('tooMany');
  return good(next);
}

/**
 * The tags left after a delete. Missing tags are no error (§3.2). Choice (§5 item 7): a tag sent
 * with a value is removed only when the value matches; without a value, by key.
 */
export function removeTags(current: ReadonlyMap<string, string>, items: readonly unknown[]): Checked<Map<string, string>> {
  const next = new Map(current);
  for (const item of items) {
    const checked = checkDeletedTag(item);
    if (!checked.ok) return bad(checked.problem);
    const { key, value } = checked.value;
    if (value === undefined || next.get(key) === value) next.delete(key);
  }
  return good(next);
}

/** A seed's `tags: {key: value}`: the rules of a create; a reason text, or undefined when valid. */
export function checkSeedTags(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) return 'tags must be a mapping of key to value';
  const items = Object.entries(value).map(([key, v]) => ({ key, value: typeof v === 'number' || typeof v === 'boolean' ? String(v) : v }));
  const merged = mergeTags(new Map(), items);
  return merged.ok ? undefined : `tags: ${TAG_PROBLEMS[merged.problem][1]}`;
}

/** A seed's tags as stored (YAML numbers and booleans become their text, as a tag value is a string). */
export function seedTags(value: unknown): Record<string, string> | undefined {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return undefined;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, String(v)]));
}
