/**
 * Reads the error bodies the VPC service, the API gateway and Neutron send (reference §2.1), the
 * way the Go SDK does: `error_code`/`error_msg`, then `code`/`message`, then any nested object
 * (`{"error":{…}}`, `{"NeutronError":{…}}`). Non-JSON bodies become a short, single-line excerpt.
 */

export interface ParsedErrorBody {
  serviceCode?: string;
  message?: string;
  requestId?: string;
}

/** Longest message kept from a server; bodies can be huge HTML pages. */
export const MAX_MESSAGE_CHARS = 300;

export function truncateText(text: string, max = MAX_MESSAGE_CHARS): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max)}… (${oneLine.length - max} more characters)`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: Json | undefined): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function fromObject(obj: Record<string, Json>, depth: number): ParsedErrorBody | undefined {
  const pairs: Array<[string, string]> = [
    ['error_code', 'error_msg'],
    ['code', 'message'],
  ];
  for (const [codeKey, messageKey] of pairs) {
    const serviceCode = text(obj[codeKey]);
    const message = text(obj[messageKey]);
    if (serviceCode !== undefined || (message !== undefined && codeKey === 'code')) {
      return withRequestId({ ...(serviceCode !== undefined && { serviceCode }), ...(message !== undefined && { message }) }, obj);
    }
  }
  if (depth < 3) {
    for (const [key, value] of Object.entries(obj)) {
      if (!isObject(value)) continue;
      // Neutron: {"NeutronError":{"message","type","detail"}} has no code, only a type.
      const type = text(value['type']);
      const message = text(value['message']);
      if (type !== undefined && message !== undefined && value['code'] === undefined && value['error_code'] === undefined) {
        return withRequestId({ message: `${key} ${type}: ${message}` }, obj);
      }
      const nested = fromObject(value, depth + 1);
      if (nested !== undefined) return withRequestId(nested, obj);
    }
  }
  const message = text(obj['error_msg']) ?? text(obj['message']) ?? text(obj['error']);
  return message === undefined ? undefined : withRequestId({ message }, obj);
}

function withRequestId(parsed: ParsedErrorBody, obj: Record<string, Json>): ParsedErrorBody {
  const requestId = parsed.requestId ?? text(obj['request_id']);
  return requestId === undefined ? { ...parsed } : { ...parsed, requestId };
}

function fromRaw(raw: string): ParsedErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { message: raw };
  }
  return (isObject(parsed) ? fromObject(parsed, 0) : undefined) ?? { message: raw };
}

/**
 * `redact` runs on the whole message before it is cut short: a secret cut in two by the truncation
 * would no longer match its known value, nor a `"token":"…"` pattern without its closing quote.
 */
export function parseErrorBody(raw: string, redact: (text: string) => string = (t) => t): ParsedErrorBody {
  if (raw.trim() === '') return {};
  const parsed = fromRaw(raw);
  // The service code is shown too (error summaries, debug lines): a server can put anything there.
  if (parsed.serviceCode !== undefined) parsed.serviceCode = redact(parsed.serviceCode);
  if (parsed.message !== undefined) parsed.message = truncateText(redact(parsed.message));
  if (parsed.requestId !== undefined) parsed.requestId = redact(parsed.requestId);
  return parsed;
}
