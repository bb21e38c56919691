import type { Diagnostic } from '../errors/index.js';
import { MAX_TAGS, TAG_CHARS, TAG_KEY_MAX, TAG_VALUE_MAX } from './schema.js';
import { childPath, diagAt, isPlainMap, type PlainValue, type PositionIndex } from './tree.js';
import type { CloudKind } from './types.js';

/**
 * `tags: {key: value}` (reference §3.3). Counts and lengths are the limits every source agrees on
 * (10 tags, key 1-36, value 0-43: the VPC.1801 messages of both clouds, APIX, the older docs); the
 * characters are each cloud's own list. With an unknown cloud (already an error) the union is used,
 * which is what the schema says. Value types are the schema's to report (a number or boolean is
 * refused with a hint to quote it, never turned into text).
 */

interface Charset {
  /** Matches one character outside the set. */
  bad: RegExp;
  words: string;
}

function charset(chars: string, words: string): Charset {
  return { bad: new RegExp(`[^${chars}]`, 'gu'), words };
}

const CHARSETS: Record<CloudKind | 'any', { key: Charset; value: Charset }> = {
  otc: {
    key: charset(TAG_CHARS.otc.key, 'On otc, tag keys use letters, digits, `_`, `-` and `@` only.'),
    value: charset(TAG_CHARS.otc.value, 'On otc, tag values use letters, digits, `_`, `-` and `@` only (no `.`: that is Huawei Cloud\'s).'),
  },
  huaweicloud: {
    key: charset(TAG_CHARS.huaweicloud.key, 'On huaweicloud, tag keys use letters, digits, `_`, `-` and Chinese characters only.'),
    value: charset(TAG_CHARS.huaweicloud.value, 'On huaweicloud, tag values use letters, digits, `_`, `.`, `-` and Chinese characters only.'),
  },
  any: {
    key: charset(TAG_CHARS.any.key, 'Tag keys use letters, digits, `_`, `-`, `@` (otc) or Chinese characters (huaweicloud).'),
    value: charset(TAG_CHARS.any.value, 'Tag values use letters, digits, `_`, `-`, `@` (otc) or `.` and Chinese characters (huaweicloud).'),
  },
};

export function checkTags(tags: PlainValue | undefined, path: string, cloud: CloudKind | undefined, positions: PositionIndex, out: Diagnostic[]): void {
  if (!isPlainMap(tags)) return;
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS) {
    out.push(
      diagAt(positions, path, 'CONFIG_VPC_TAG', `${keys.length} tags; a VPC holds at most ${MAX_TAGS}`, {
        which: 'key',
        hint: `Remove ${keys.length - MAX_TAGS} of them (the API answers "number of tags exceeds max num of ${MAX_TAGS}").`,
      }),
    );
  }
  const chars = CHARSETS[cloud ?? 'any'];
  for (const key of keys) {
    const at = childPath(path, key);
    const keyProblem = problem('key', key, 1, TAG_KEY_MAX, chars.key);
    if (keyProblem !== undefined) {
      out.push(diagAt(positions, at, 'CONFIG_VPC_TAG', `The tag key ${JSON.stringify(key)} ${keyProblem.what}`, { which: 'key', hint: keyProblem.hint }));
    }
    const value = tags[key];
    if (typeof value !== 'string') continue;
    const valueProblem = problem('value', value, 0, TAG_VALUE_MAX, chars.value);
    if (valueProblem !== undefined) {
      out.push(diagAt(positions, at, 'CONFIG_VPC_TAG', `The value of tag ${JSON.stringify(key)} ${valueProblem.what}`, { hint: valueProblem.hint }));
    }
  }
}

function problem(what: 'key' | 'value', text: string, min: number, max: number, chars: Charset): { what: string; hint: string } | undefined {
  const length = [...text].length;
  if (length < min) return { what: 'is empty', hint: `Tag ${what}s are ${min}-${max} characters long.` };
  if (length > max) return { what: `is ${length} characters long; the limit is ${max}`, hint: `Shorten it to ${max} characters or fewer.` };
  const bad = [...new Set(text.match(chars.bad) ?? [])];
  if (bad.length === 0) return undefined;
  const fixed = text.replace(chars.bad, '-');
  return {
    what: `contains characters the cloud refuses: ${bad.map((c) => JSON.stringify(c)).join(', ')}`,
    hint: `${chars.words} For example ${JSON.stringify(fixed)}.`,
  };
}
