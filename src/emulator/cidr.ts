/** The emulator's CIDR rules (reference §1.2), on the shared IPv4 arithmetic of config/ipv4.ts. */
import { containsCidr, formatIpv4, isAligned, parseIpv4, type Cidr } from '../config/ipv4.js';

/** A strict CIDR: the address must be the network address (no host bits set). */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const base = parseIpv4(m[1]!);
  const prefix = Number(m[2]);
  if (base === undefined || prefix > 32) return undefined;
  const cidr = { base, prefix };
  return isAligned(cidr) ? cidr : undefined;
}

/** The private ranges a VPC cidr must lie in, with the largest and smallest prefix (reference §1.2, old wording). */
const VPC_RANGES: ReadonlyArray<{ range: Cidr; maxPrefix: number }> = [
  { range: { base: parseIpv4('10.0.0.0')!, prefix: 8 }, maxPrefix: 28 },
  { range: { base: parseIpv4('172.16.0.0')!, prefix: 12 }, maxPrefix: 28 },
  { range: { base: parseIpv4('192.168.0.0')!, prefix: 16 }, maxPrefix: 28 },
];

export function isAllowedVpcCidr(cidr: Cidr): boolean {
  return VPC_RANGES.some(({ range, maxPrefix }) => cidr.prefix <= maxPrefix && containsCidr(range, cidr));
}

/** A route destination: any strict IPv4 CIDR (`0.0.0.0/0` included). */
export function isRouteDestination(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/** First usable host of a subnet, the conventional gateway. */
export function firstHost(cidr: Cidr): string {
  return formatIpv4(cidr.base + 1);
}
