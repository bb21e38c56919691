import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `SDK-HMAC-SHA256` AK/SK signature of Huawei Cloud / Open Telekom Cloud (reference §3.2), as pure
 * functions. The HTTP layer signs what it sends; the emulator verifies with the same canonical form.
 * Unlike the official Node SDK (reference §3.4) it hashes the exact body bytes, trims header values,
 * never signs undefined query values, never mutates its input and sorts by plain code point.
 */

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
  /** For temporary keys: sent and signed as `X-Security-Token`. */
  securityToken?: string;
}

/** A query parameter list: repeated names are repeated pairs. */
export type QueryPairs = ReadonlyArray<readonly [string, string]>;

export interface SignableRequest {
  method: string;
  /** Full URL without query: scheme, host[:port], path. */
  url: string;
  query?: QueryPairs;
  /** Headers to sign (besides `host` and `x-sdk-date`, which the signer adds). */
  headers?: Readonly<Record<string, string>>;
  /** The exact bytes that will be sent; empty when there is no body. */
  body?: string | Uint8Array;
}

/** RFC 3986 percent-encoding: only `A-Z a-z 0-9 - _ . ~` stay as they are; hex in upper case. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The path, each segment encoded once (already-encoded input is decoded first), always ending in `/`. */
export function canonicalUri(path: string): string {
  const encoded = path.split('/').map((segment) => rfc3986(safeDecode(segment))).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/**
 * Pairs sorted by name, then value — both compared before encoding, as the SDKs do (vector v3:
 * `web tier` sorts before `Ünïcode`) — then written `name=value`, RFC 3986 encoded, joined with `&`.
 */
export function canonicalQuery(query: QueryPairs = []): string {
  return [...query]
    .sort((a, b) => compareCodePoints(a[0], b[0]) || compareCodePoints(a[1], b[1]))
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&');
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Parses `YYYYMMDDTHHMMSSZ`; undefined when malformed. */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface CanonicalParts {
  method: string;
  path: string;
  query: QueryPairs;
  /** Lower-cased header names to trimmed values: exactly the signed headers. */
  signedHeaders: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`. */
  payloadHash: string;
}

export function canonicalRequest(parts: CanonicalParts): { text: string; signedHeaderNames: string } {
  const names = Object.keys(parts.signedHeaders).sort(compareCodePoints);
  const headerBlock = names.map((n) => `${n}:${(parts.signedHeaders[n] ?? '').trim()}\n`).join('');
  const signedHeaderNames = names.join(';');
  const text = [
    parts.method.toUpperCase(),
    canonicalUri(parts.path),
    canonicalQuery(parts.query),
    headerBlock,
    signedHeaderNames,
    parts.payloadHash,
  ].join('\n');
  return { text, signedHeaderNames };
}

export function stringToSign(sdkDate: string, canonicalRequestText: string): string {
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequestText)}`;
}

export function hmacHex(secretKey: string, text: string): string {
  return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(text).digest('hex');
}

/**
 * Signs a request: returns the headers to send with it — the given ones plus `Host`, `X-Sdk-Date`,
 * `X-Security-Token` (temporary keys) and `Authorization`. An `X-Sdk-Date` already among the headers
 * is kept (it must be in the `…Z` form); otherwise `date` is used.
 */
export function signRequest(request: SignableRequest, credentials: AkSkCredentials, date: Date): Record<string, string> {
  const url = new URL(request.url);
  const given = { ...(request.headers ?? {}) };
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) lower[name.toLowerCase()] = value;

  const sdkDate = lower['x-sdk-date'] ?? formatSdkDate(date);
  const out: Record<string, string> = { ...given };
  if (lower['x-sdk-date'] === undefined) out['X-Sdk-Date'] = sdkDate;
  if (credentials.securityToken !== undefined && lower['x-security-token'] === undefined) {
    out['X-Security-Token'] = credentials.securityToken;
  }
  lower['x-sdk-date'] = sdkDate;
  if (credentials.securityToken !== undefined) lower['x-security-token'] ??= credentials.securityToken;
  lower['host'] ??= url.host;
  out['Host'] ??= url.host;

  const body = request.body ?? '';
  const payloadHash =
    lower['x-sdk-content-sha256'] === 'UNSIGNED-PAYLOAD'
      ? 'UNSIGNED-PAYLOAD'
      : body.length === 0
        ? EMPTY_BODY_SHA256
        : sha256Hex(body);
  const { text, signedHeaderNames } = canonicalRequest({
    method: request.method,
    path: url.pathname,
    query: request.query ?? [],
    signedHeaders: lower,
    payloadHash,
  });
  const signature = hmacHex(credentials.secretKey, stringToSign(sdkDate, text));
  out['Authorization'] = `${SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaderNames}, Signature=${signature}`;
  // Host is derived by the HTTP stack from the URL; it is returned so callers can see what was signed.
  return out;
}

export interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses an `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` header. */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const m = /^SDK-HMAC-SHA256 Access=([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-f]{64})$/.exec(value.trim());
  if (!m) return undefined;
  return { accessKey: m[1]!, signedHeaders: m[2]!.split(';'), signature: m[3]! };
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
