import { createHash, createHmac } from 'node:crypto';

/**
 * A test-only SDK-HMAC-SHA256 signer written from the reference text (§3.2), sharing no code with
 * src/cloud/signer.ts — so the emulator's verification is not checked against itself.
 */

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export interface TestSignInput {
  ak: string;
  sk: string;
  method: string;
  host: string;
  path: string;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  sdkDate: string;
  body: string;
}

export function independentSign(input: TestSignInput): { authorization: string; canonical: string } {
  const headers: Record<string, string> = { host: input.host, 'x-sdk-date': input.sdkDate };
  for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = v.trim();
  const names = Object.keys(headers).sort();
  let uri = input.path.split('/').map(enc).join('/');
  if (!uri.endsWith('/')) uri += '/';
  const query = [...input.query]
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1))
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
  const canonical = [
    input.method,
    uri,
    query,
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    names.join(';'),
    hex(input.body),
  ].join('\n');
  const toSign = `SDK-HMAC-SHA256\n${input.sdkDate}\n${hex(canonical)}`;
  const signature = createHmac('sha256', input.sk).update(toSign).digest('hex');
  return { authorization: `SDK-HMAC-SHA256 Access=${input.ak}, SignedHeaders=${names.join(';')}, Signature=${signature}`, canonical };
}

export function sdkDateOf(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
