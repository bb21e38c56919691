import type { VpcRecord } from '../../src/emulator/index.js';
import type { DesiredFields } from './helpers.js';

/** The managed fields of `desired` that the stored VPC does not have (routes compared as a set; null = []). */
export function mismatchedFields(record: VpcRecord, desired: DesiredFields): string[] {
  const out: string[] = [];
  if (desired.name !== undefined && record.name !== desired.name) out.push('name');
  if (desired.cidr !== undefined && record.cidr !== desired.cidr) out.push('cidr');
  if (desired.description !== undefined && record.description !== desired.description) out.push('description');
  if (desired.enable_shared_snat !== undefined && record.enable_shared_snat !== desired.enable_shared_snat) out.push('enable_shared_snat');
  if (desired.routes !== undefined) {
    const key = (r: { destination: string; nexthop: string }) => `${r.destination}>${r.nexthop}`;
    const live = (record.routes ?? []).map(key).sort().join(',');
    const want = desired.routes.map(key).sort().join(',');
    if (live !== want) out.push('routes');
  }
  return out;
}
