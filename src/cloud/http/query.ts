import { rfc3986, type QueryPairs } from '../signer.js';

/**
 * Builds the query string that is sent, from the same pairs that are signed. RFC 3986 encoding
 * (`%20`, never `+`), pairs in the given order; undefined values are dropped before this point so
 * nothing is ever signed or sent as the text `undefined` (reference §3.4 c).
 */
export function serializeQuery(pairs: QueryPairs): string {
  return pairs.map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`).join('&');
}

/** Query pairs from a record, skipping undefined values; arrays become repeated names. */
export function queryPairs(params: Readonly<Record<string, string | number | readonly string[] | undefined>>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) pairs.push([name, item]);
    else pairs.push([name, String(value)]);
  }
  return pairs;
}
