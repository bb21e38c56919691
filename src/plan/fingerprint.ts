import { createHash } from 'node:crypto';
import type { LiveVpc } from '../model/vpc.js';
import { MANAGED_FIELDS, liveManagedValues } from '../model/fields.js';

/**
 * `sha256:<hex>` of a live VPC's normalized managed fields (and its id). A saved plan records it;
 * apply re-reads the VPC and refuses the change when it differs ("plan is stale"). Status and
 * timestamps are left out: a VPC that was busy at plan time and is OK now has not changed.
 */
export function liveFingerprint(live: LiveVpc): string {
  const values = liveManagedValues(live);
  // Tags count only when they were read (the file manages them); otherwise they are unknown, not empty.
  const canonical = JSON.stringify([live.id, ...MANAGED_FIELDS.filter((spec) => spec.field in values).map((spec) => values[spec.field])]);
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}
