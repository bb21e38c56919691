import { createHash } from 'node:crypto';
import type { LiveVpc } from '../cloud/types.js';
import { liveManagedValues } from '../diff/fields.js';

/**
 * `sha256:<hex>` of a live VPC's normalized managed fields (and its id). A saved plan records it;
 * apply re-reads the VPC and refuses the change when it differs ("plan is stale"). Status and
 * timestamps are left out: a VPC that was busy at plan time and is OK now has not changed.
 */
export function liveFingerprint(live: LiveVpc): string {
  const values = liveManagedValues(live);
  const canonical = JSON.stringify([live.id, values.name, values.cidr, values.description, values.enable_shared_snat, values.routes]);
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}
