/**
 * IPv4 addresses and CIDR blocks as unsigned 32-bit numbers. Strict dotted-quad syntax: four decimal
 * octets without leading zeros (`010.0.0.0` is refused: some tools read it as octal).
 */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer (host bits may be set when parsed from input). */
  base: number;
  prefix: number;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Parses `a.b.c.d/n`; host bits are kept so callers can say whether the block is aligned. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const base = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (base === undefined || !/^(0|[1-9][0-9]?)$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  return { base, prefix };
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function isAligned(cidr: Cidr): boolean {
  return (cidr.base & ~maskOf(cidr.prefix)) >>> 0 === 0;
}

/** The same block with the host bits cleared: `192.168.1.0/16` -> `192.168.0.0/16`. */
export function aligned(cidr: Cidr): Cidr {
  return { base: (cidr.base & maskOf(cidr.prefix)) >>> 0, prefix: cidr.prefix };
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.base)}/${cidr.prefix}`;
}

export function containsIp(cidr: Cidr, ip: number): boolean {
  const mask = maskOf(cidr.prefix);
  return (ip & mask) >>> 0 === (cidr.base & mask) >>> 0;
}

/** Whether `inner` lies entirely within `outer`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && containsIp(outer, inner.base);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return containsIp(a, b.base) || containsIp(b, a.base);
}
