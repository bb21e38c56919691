/** IPv4 address and CIDR arithmetic for the emulator's validation (reference §1.2). */

export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** A strict CIDR: the address must be the network address (no host bits set). */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const base = parseIpv4(m[1]!);
  const prefix = Number(m[2]);
  if (base === undefined || prefix > 32) return undefined;
  if ((base & maskOf(prefix)) >>> 0 !== base) return undefined;
  return { base, prefix };
}

export function cidrContainsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && (inner.base & maskOf(outer.prefix)) >>> 0 === outer.base;
}

export function cidrContainsIp(outer: Cidr, ip: number): boolean {
  return (ip & maskOf(outer.prefix)) >>> 0 === outer.base;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContainsCidr(a, b) || cidrContainsCidr(b, a);
}

/** The private ranges a VPC cidr must lie in, with the largest and smallest prefix (reference §1.2, old wording). */
const VPC_RANGES: ReadonlyArray<{ range: Cidr; maxPrefix: number }> = [
  { range: { base: parseIpv4('10.0.0.0')!, prefix: 8 }, maxPrefix: 28 },
  { range: { base: parseIpv4('172.16.0.0')!, prefix: 12 }, maxPrefix: 28 },
  { range: { base: parseIpv4('192.168.0.0')!, prefix: 16 }, maxPrefix: 28 },
];

export function isAllowedVpcCidr(cidr: Cidr): boolean {
  return VPC_RANGES.some(({ range, maxPrefix }) => cidr.prefix <= maxPrefix && cidrContainsCidr(range, cidr));
}

/** A route destination: any strict IPv4 CIDR (`0.0.0.0/0` included). */
export function isRouteDestination(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/** First usable host of a subnet, the conventional gateway. */
export function firstHost(cidr: Cidr): string {
  return formatIpv4(cidr.base + 1);
}
