import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { queryPairs, serializeQuery } from '../../src/cloud/http/query.js';
import { canonicalQuery } from '../../src/cloud/signer.js';

describe('query serialization', () => {
  it('encodes RFC 3986 style: %20 for spaces, never +', () => {
    expect(serializeQuery([['name', 'web tier'], ['x', 'a+b&c=d'], ['u', 'Ünï'], ['t', 'a~b.c_d-e']])).toBe(
      'name=web%20tier&x=a%2Bb%26c%3Dd&u=%C3%9Cn%C3%AF&t=a~b.c_d-e',
    );
  });
  it('drops undefined values and repeats array names', () => {
    expect(queryPairs({ limit: 10, marker: undefined, id: ['a', 'b'] })).toEqual([
      ['limit', '10'],
      ['id', 'a'],
      ['id', 'b'],
    ]);
  });
  it('what a server decodes from the sent string canonicalizes exactly like the signed pairs', () => {
    const pair = fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 6 }), (pairs) => {
        const sent = serializeQuery(pairs);
        const received = sent === '' ? [] : sent.split('&').map((p) => p.split('=').map(decodeURIComponent) as [string, string]);
        return canonicalQuery(received) === canonicalQuery(pairs);
      }),
    );
  });
});
