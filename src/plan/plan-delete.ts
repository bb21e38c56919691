import type { DesiredVpc } from '../config/types.js';
import type { Diagnostic } from '../errors/index.js';
import type { Resolution } from '../model/live-state.js';
import { MANAGED_FIELDS, liveManagedValues, sameFieldValue } from '../model/fields.js';
import { liveFingerprint } from './fingerprint.js';
import { diagnostic, type SourceHolder } from './preflight.js';
import type { AttributeChange, PlannedChange } from './types.js';

/** Statuses in which the API refuses a DELETE for now (409 VPC.0103 busy, VPC.0110 not stable). */
const TRANSITIONAL = new Set(['CREATING', 'PENDING_UPDATE']);

/**
 * A VPC marked `ensure: absent` and found: a `delete` showing what the VPC holds (every attribute
 * going to null), or an `error` when the API would refuse the DELETE — it still has subnets (409
 * VPC.0104), or it is between states. `extra` carries findings of the whole file (managed twice).
 */
export function planDelete(
  desired: DesiredVpc,
  resolution: Extract<Resolution, { status: 'found' }>,
  sources: SourceHolder,
  extra: readonly Diagnostic[],
): PlannedChange {
  const { live } = resolution;
  const values = liveManagedValues(live);
  const attributes: AttributeChange[] = MANAGED_FIELDS.filter((spec) => spec.anchorsRequest || !sameFieldValue(spec, values[spec.field], spec.liveDefault)).map(
    (spec) => ({ path: spec.field, before: values[spec.field], after: null }),
  );
  const diagnostics = [...extra, ...subnetsBlock(desired, resolution, sources), ...statusBlock(desired, resolution, sources)];
  const action = diagnostics.some((d) => d.severity === 'error') ? 'error' : 'delete';
  return { address: desired.address, id: live.id, action, attributes, live_fingerprint: liveFingerprint(live), diagnostics };
}

function subnetsBlock(desired: DesiredVpc, { live, subnets }: Extract<Resolution, { status: 'found' }>, sources: SourceHolder): Diagnostic[] {
  if (subnets === undefined || subnets.length === 0) return [];
  const names = subnets.map((s) => `${s.name || s.id} (${s.cidr})`);
  const shown = names.length > 10 ? [...names.slice(0, 10), `and ${names.length - 10} more`] : names;
  return [
    diagnostic('PLAN_VPC_HAS_SUBNETS', 'error', sources, `${desired.address}.ensure`, {
      summary: `VPC ${live.id} (${live.name || 'no name'}) still has ${subnets.length === 1 ? 'a subnet' : `${subnets.length} subnets`}: ${shown.join(', ')}`,
      detail: 'The API refuses to delete a VPC that has subnets (409 VPC.0104 "Router contains subnets, please delete subnet first."). No DELETE will be sent.',
      hint: 'Delete the subnets first (console, or the tool that made them), then plan again.',
    }),
  ];
}

function statusBlock(desired: DesiredVpc, { live }: Extract<Resolution, { status: 'found' }>, sources: SourceHolder): Diagnostic[] {
  if (live.status === 'OK') return [];
  if (TRANSITIONAL.has(live.status)) {
    return [
      diagnostic('PLAN_VPC_NOT_READY', 'error', sources, desired.address, {
        summary: `VPC ${live.id} is ${live.status}, not OK: the API refuses to delete it until it settles`,
        detail: 'The API answers 409 VPC.0103 ("Resource status is busy") or VPC.0110 ("not in a stable status") to a DELETE meanwhile.',
        hint: 'Wait until the VPC is OK, then run plan again.',
      }),
    ];
  }
  return [
    diagnostic('PLAN_VPC_NOT_READY', 'warning', sources, desired.address, {
      summary:
        live.status === 'PENDING_DELETE'
          ? `VPC ${live.id} is already being deleted (PENDING_DELETE): apply waits until it is gone`
          : `VPC ${live.id} is ${live.status}, not OK; the delete may be refused while it is`,
      hint: 'If the DELETE is refused, repair the VPC (console or support) and apply again.',
    }),
  ];
}
