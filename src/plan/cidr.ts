/**
 * IPv4 arithmetic for the preflight checks. Anything that is not IPv4 parses as `undefined` and the
 * caller skips its check (the API, not the plan, has the last word on IPv6).
 */
export interface Ipv4Block {
  /** Network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function parseCidr(text: string): Ipv4Block | undefined {
  const [ip, prefixText, ...rest] = text.split('/');
  if (ip === undefined || prefixText === undefined || rest.length > 0 || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const address = parseIpv4(ip);
  const prefix = Number(prefixText);
  if (address === undefined || prefix > 32) return undefined;
  return { base: address - (address % blockSize(prefix)), prefix };
}

function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrCovers(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix);
}

export function cidrContainsIp(block: Ipv4Block, ip: number): boolean {
  return ip >= block.base && ip < block.base + blockSize(block.prefix);
}
