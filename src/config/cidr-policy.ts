import { assertNever } from '../errors/index.js';
import type { CloudKind } from './types.js';
import { aligned, containsCidr, formatCidr, isAligned, overlaps, parseCidr, type Cidr } from './ipv4.js';

/**
 * Which VPC CIDR blocks each cloud accepts (reference §1.2).
 * - otc: the seed's wording — inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, with a prefix
 *   from the range's own (/8, /12, /16) down to /28.
 * - huaweicloud: the newer Huawei docs — any IPv4 block with a prefix /8../28 that does not touch
 *   a system- or public-reserved range.
 */
export const OTC_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(mustParse);

export const HUAWEICLOUD_RESERVED: readonly Cidr[] = [
  '0.0.0.0/8',
  '127.0.0.0/8',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '198.18.0.0/15',
  '214.0.0.0/7',
  '240.0.0.0/4',
].map(mustParse);

export const LONGEST_PREFIX = 28;
export const HUAWEICLOUD_SHORTEST_PREFIX = 8;

export type CidrFinding =
  | { kind: 'syntax' }
  | { kind: 'align'; suggestion: string }
  | { kind: 'range'; reason: string; allowed: string };

/** Checks a VPC CIDR for a cloud; `undefined` when it is fine. */
export function checkVpcCidr(text: string, cloud: CloudKind | undefined): CidrFinding | undefined {
  const cidr = parseCidr(text);
  if (cidr === undefined) return { kind: 'syntax' };
  if (!isAligned(cidr)) return { kind: 'align', suggestion: formatCidr(aligned(cidr)) };
  if (cloud === undefined) return undefined;
  if (cidr.prefix > LONGEST_PREFIX) {
    return { kind: 'range', reason: `the prefix /${cidr.prefix} is longer than /${LONGEST_PREFIX}`, allowed: allowedText(cloud) };
  }
  switch (cloud) {
    case 'otc': {
      if (OTC_RANGES.some((range) => containsCidr(range, cidr))) return undefined;
      const wider = OTC_RANGES.find((range) => containsCidr(cidr, range));
      const reason = wider
        ? `it is wider than ${formatCidr(wider)}`
        : 'it is not inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16';
      return { kind: 'range', reason, allowed: allowedText(cloud) };
    }
    case 'huaweicloud': {
      if (cidr.prefix < HUAWEICLOUD_SHORTEST_PREFIX) {
        return { kind: 'range', reason: `the prefix /${cidr.prefix} is shorter than /${HUAWEICLOUD_SHORTEST_PREFIX}`, allowed: allowedText(cloud) };
      }
      const reserved = HUAWEICLOUD_RESERVED.find((range) => overlaps(range, cidr));
      if (reserved === undefined) return undefined;
      return { kind: 'range', reason: `it overlaps the reserved range ${formatCidr(reserved)}`, allowed: allowedText(cloud) };
    }
    default:
      return assertNever(cloud, 'cloud');
  }
}

export function allowedText(cloud: CloudKind): string {
  switch (cloud) {
    case 'otc':
      return 'Open Telekom Cloud accepts blocks inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, from the range itself down to /28.';
    case 'huaweicloud':
      return `Huawei Cloud accepts IPv4 blocks from /8 to /28 outside the reserved ranges ${HUAWEICLOUD_RESERVED.map(formatCidr).join(', ')}.`;
    default:
      return assertNever(cloud, 'cloud');
  }
}

function mustParse(text: string): Cidr {
  const cidr = parseCidr(text);
  if (cidr === undefined) throw new TypeError(`bad built-in CIDR ${text}`);
  return cidr;
}
