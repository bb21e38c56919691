import { VpcformError } from '../../errors/index.js';
import { assertNever } from '../../errors/index.js';
import { signRequest } from '../signer.js';
import type { QueryPairs } from '../signer.js';
import type { ResolvedAuth } from '../types.js';

/**
 * Turns a request into authenticated headers. AK/SK signs every request (reference §3.2); a token
 * goes in `X-Auth-Token`; a password login gets a project-scoped token from IAM (reference §3.1),
 * cached until shortly before it expires and renewed once when the gateway says it must be.
 */

export interface SignInput {
  method: string;
  /** URL without query. */
  url: string;
  query: QueryPairs;
  /** The headers to sign (content-type, x-project-id). */
  headers: Record<string, string>;
  body: string;
}

export interface IssuedToken {
  token: string;
  /** Epoch ms, when the body says. */
  expiresAt?: number;
}

export interface AuthProvider {
  readonly kind: ResolvedAuth['kind'];
  /** Headers to add: `Authorization` + `X-Sdk-Date`…, or `X-Auth-Token`, or nothing. */
  headersFor(input: SignInput, signal: AbortSignal | undefined): Promise<Record<string, string>>;
  /** Forgets a cached token; true when a new one can be obtained (password login only). */
  invalidate(): boolean;
}

/** Renew this long before `expires_at` (tokens live 24 h; clocks drift; a call may take a while). */
export const TOKEN_RENEW_MARGIN_MS = 5 * 60_000;

export function createAuthProvider(
  auth: ResolvedAuth,
  deps: { now: () => number; issueToken: (signal: AbortSignal | undefined) => Promise<IssuedToken> },
): AuthProvider {
  switch (auth.kind) {
    case 'none':
      return { kind: 'none', headersFor: async () => ({}), invalidate: () => false };
    case 'token':
      return { kind: 'token', headersFor: async () => ({ 'X-Auth-Token': auth.token }), invalidate: () => false };
    case 'aksk':
      return {
        kind: 'aksk',
        headersFor: async (input) => {
          const signed = signRequest(
            { method: input.method, url: input.url, query: input.query, headers: input.headers, body: input.body },
            auth.securityToken === undefined
              ? { accessKey: auth.accessKey, secretKey: auth.secretKey }
              : { accessKey: auth.accessKey, secretKey: auth.secretKey, securityToken: auth.securityToken },
            new Date(deps.now()),
          );
          // The HTTP stack writes Host from the URL, byte for byte what was signed.
          delete signed['Host'];
          return signed;
        },
        invalidate: () => false,
      };
    case 'password':
      return new PasswordTokenProvider(deps.now, deps.issueToken);
    default:
      return assertNever(auth, 'auth kind');
  }
}

class PasswordTokenProvider implements AuthProvider {
  readonly kind = 'password' as const;
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly now: () => number,
    private readonly issueToken: (signal: AbortSignal | undefined) => Promise<IssuedToken>,
  ) {}

  async headersFor(_input: SignInput, signal: AbortSignal | undefined): Promise<Record<string, string>> {
    return { 'X-Auth-Token': await this.token(signal) };
  }

  invalidate(): boolean {
    this.cached = undefined;
    return true;
  }

  private async token(signal: AbortSignal | undefined): Promise<string> {
    if (this.cached !== undefined && this.now() < this.cached.renewAt) return this.cached.token;
    // Concurrent calls share one login.
    this.pending ??= this.issueToken(signal)
      .then((issued) => {
        const now = this.now();
        const lifetime = issued.expiresAt === undefined ? 60 * 60_000 : issued.expiresAt - now;
        const margin = Math.min(TOKEN_RENEW_MARGIN_MS, lifetime / 2);
        this.cached = { token: issued.token, renewAt: now + Math.max(0, lifetime - margin) };
        return issued.token;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}

/** The IAM request body for a project-scoped password token (reference §3.1). */
export function passwordTokenRequest(auth: Extract<ResolvedAuth, { kind: 'password' }>, projectId: string): unknown {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: auth.username, password: auth.password, domain: { name: auth.domainName } } },
      },
      scope: { project: { id: projectId } },
    },
  };
}

export function tokenFromIamResponse(subjectToken: string | undefined, body: string): IssuedToken {
  if (subjectToken === undefined || subjectToken.trim() === '') {
    throw new VpcformError('CLOUD_BAD_RESPONSE', {
      summary: 'IAM answered without an X-Subject-Token header',
      hint: 'Check OS_AUTH_URL/HW_AUTH_URL: it must be the IAM v3 endpoint, e.g. https://iam.eu-de.otc.t-systems.com/v3.',
    });
  }
  let expiresAt: number | undefined;
  try {
    const parsed = JSON.parse(body) as { token?: { expires_at?: unknown } };
    const raw = parsed.token?.expires_at;
    if (typeof raw === 'string') {
      const ms = Date.parse(raw);
      if (!Number.isNaN(ms)) expiresAt = ms;
    }
  } catch {
    // The token header is what matters; without expires_at the token is renewed after an hour.
  }
  return expiresAt === undefined ? { token: subjectToken.trim() } : { token: subjectToken.trim(), expiresAt };
}
