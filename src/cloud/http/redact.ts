/**
 * Removes secrets from text that may reach a terminal, a log or an error: debug lines, server
 * messages (a gateway may echo headers or its canonical request), error details. Two layers: the
 * known secret values of this client are replaced wherever they appear, and anything shaped like a
 * credential header or a password field is masked even when its value is not known.
 */

export const REDACTED = '[REDACTED]';

// `Name: value`, `name:value|` (a gateway's canonical request) and `"name":"value"` (echoed JSON).
const SENSITIVE_HEADER = /\b(authorization|x-auth-token|x-subject-token|x-security-token)("?\s*[:=]\s*)("?)([^"|\r\n,;]*)/gi;
const SIGNATURE_FIELD = /\b(Signature=)[0-9a-f]{16,}/gi;
const SECRET_JSON_FIELD = /("(?:password|secret|secret_key|secretKey|secretAccessKey|token|securitytoken|security_token|access_token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
const SECRET_ASSIGNMENT = /\b((?:HW_SECRET_KEY|OS_SECRET_KEY|OS_PASSWORD|OS_AUTH_TOKEN|OS_TOKEN|HW_SECURITY_TOKEN)\s*=\s*)\S+/g;

export class Redactor {
  private readonly secrets: Set<string> = new Set();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret value (e.g. a token obtained at run time). Very short values are ignored. */
  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= 4) this.secrets.add(secret);
  }

  /** `also`: secrets of one exchange only, e.g. the signature of the request a server answers. */
  redact(text: string, also: readonly string[] = []): string {
    let out = text;
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.secrets, ...also.filter((s) => s.length >= 4)].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(REDACTED);
    }
    return redactPatterns(out);
  }
}

export function redactPatterns(text: string): string {
  return text
    .replace(SENSITIVE_HEADER, (_m, name: string, sep: string, quote: string) => `${name}${sep}${quote}${REDACTED}`)
    .replace(SIGNATURE_FIELD, (_m, field: string) => `${field}${REDACTED}`)
    .replace(SECRET_JSON_FIELD, (_m, key: string) => `${key}"${REDACTED}"`)
    .replace(SECRET_ASSIGNMENT, (_m, key: string) => `${key}${REDACTED}`);
}
