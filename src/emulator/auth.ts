import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  canonicalRequest,
  hmacHex,
  parseAuthorization,
  parseSdkDate,
  sha256Hex,
  signaturesEqual,
  stringToSign,
  SIGNING_ALGORITHM,
} from '../cloud/signer.js';
import { GATEWAY_ERRORS, type Reply } from './replies.js';
import type { EmulatorCredential } from './types.js';

/** What the gateway learned about the caller. */
export type AuthOutcome =
  | { ok: true; method: 'none' | 'token' | 'aksk'; projectId: string | undefined }
  | { ok: false; reply: Reply };

export interface IssuedToken {
  projectId: string;
  user: string;
  expiresAt: number;
}

/** The request exactly as received: raw path, raw query string, header values, body bytes. */
export interface ReceivedRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * The gateway's authentication (reference §3): `X-Auth-Token` tokens and `SDK-HMAC-SHA256`
 * signatures. A signature is checked by rebuilding the canonical request from what was RECEIVED, so
 * a client that signs one thing and sends another is refused, as the real gateway would.
 */
export class Gatekeeper {
  private readonly credentials = new Map<string, EmulatorCredential>();
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    credentials: readonly EmulatorCredential[],
    private readonly authRequired: boolean,
    private readonly now: () => number,
    private readonly clockSkewMs: number,
  ) {
    for (const c of credentials) this.credentials.set(c.access_key, c);
  }

  get enabled(): boolean {
    return this.authRequired;
  }

  issueToken(projectId: string, user: string, ttlMs: number): { token: string; issued: IssuedToken } {
    const token = `MII${randomBytes(48).toString('base64url')}`;
    const issued = { projectId, user, expiresAt: this.now() + ttlMs };
    this.tokens.set(token, issued);
    return { token, issued };
  }

  authenticate(req: ReceivedRequest): AuthOutcome {
    const token = header(req.headers, 'x-auth-token');
    const authorization = header(req.headers, 'authorization');
    if (!this.authRequired) return { ok: true, method: 'none', projectId: undefined };
    if (token !== undefined) return this.checkToken(token);
    if (authorization !== undefined) return this.checkSignature(req, authorization);
    return { ok: false, reply: GATEWAY_ERRORS.authFailed('neither X-Auth-Token nor Authorization was sent') };
  }

  private checkToken(token: string): AuthOutcome {
    const issued = this.tokens.get(token);
    if (!issued || this.now() >= issued.expiresAt) {
      if (issued) this.tokens.delete(token);
      return { ok: false, reply: GATEWAY_ERRORS.tokenExpired() };
    }
    return { ok: true, method: 'token', projectId: issued.projectId };
  }

  private checkSignature(req: ReceivedRequest, authorization: string): AuthOutcome {
    const refuse = (why: string): AuthOutcome => ({ ok: false, reply: GATEWAY_ERRORS.authFailed(why) });
    if (!authorization.startsWith(`${SIGNING_ALGORITHM} `)) return refuse('unsupported authorization algorithm');
    const parsed = parseAuthorization(authorization);
    if (!parsed) return refuse('malformed Authorization header');
    const credential = this.credentials.get(parsed.accessKey);
    if (!credential) return refuse('access key not found');

    const sdkDateText = header(req.headers, 'x-sdk-date');
    if (sdkDateText === undefined || !parsed.signedHeaders.includes('x-sdk-date')) return refuse('X-Sdk-Date must be sent and signed');
    const sdkDate = parseSdkDate(sdkDateText.trim());
    if (!sdkDate) return refuse('X-Sdk-Date is not in the form YYYYMMDDTHHMMSSZ');
    if (Math.abs(this.now() - sdkDate.getTime()) > this.clockSkewMs) {
      return refuse('the request time (X-Sdk-Date) differs from the server time by more than 15 minutes');
    }
    if (credential.security_token !== undefined) {
      const sent = header(req.headers, 'x-security-token');
      if (sent !== credential.security_token || !parsed.signedHeaders.includes('x-security-token')) {
        return refuse('a temporary access key needs its X-Security-Token, signed');
      }
    }

    const signedHeaders: Record<string, string> = {};
    for (const name of parsed.signedHeaders) {
      const value = header(req.headers, name);
      if (value === undefined) return refuse(`signed header ${name} is missing from the request`);
      signedHeaders[name] = value;
    }
    const unsigned = header(req.headers, 'x-sdk-content-sha256') === 'UNSIGNED-PAYLOAD' && 'x-sdk-content-sha256' in signedHeaders;
    const { text } = canonicalRequest({
      method: req.method,
      path: req.rawPath,
      query: [...new URLSearchParams(req.rawQuery)],
      signedHeaders,
      payloadHash: unsigned ? 'UNSIGNED-PAYLOAD' : sha256Hex(req.body),
    });
    const expected = hmacHex(credential.secret_key, stringToSign(sdkDateText.trim(), text));
    if (!signaturesEqual(expected, parsed.signature)) {
      // The gateway shows its own canonical request, `|` for newlines (reference §2.4); never the key.
      return refuse(`verify aksk signature fail,canonicalRequest:${text.replace(/\n/g, '|')}`);
    }
    return { ok: true, method: 'aksk', projectId: header(req.headers, 'x-project-id') };
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
