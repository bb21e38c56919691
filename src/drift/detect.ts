import type { DesiredState, DesiredVpc } from '../config/types.js';
import type { LiveVpc } from '../model/vpc.js';
import { assertNever } from '../errors/index.js';
import { diffVpc } from '../diff/diff-vpc.js';
import { MANAGED_FIELDS, liveManagedValues } from '../model/fields.js';
import type { Resolution } from '../model/live-state.js';
import type { DriftSummary, FieldDrift, FileDrift, VpcDrift } from './types.js';

export interface DetectOptions {
  /** Also report fields the file leaves alone, when the live value is not the API's blank default. */
  allFields?: boolean;
}

/**
 * Compares one desired-state file with what `refresh` read. Pure. Managed fields are compared
 * exactly as `plan` compares them (`diffVpc`: normalized, routes as a set), so drift and plan never
 * disagree about what differs.
 */
export function detectDrift(
  state: DesiredState,
  resolutions: ReadonlyArray<{ address: string; resolution: Resolution }>,
  target: { endpoint: string; project_id: string },
  options: DetectOptions = {},
): FileDrift {
  const vpcs = state.vpcs.map((desired, i) => {
    const resolution = resolutions[i]?.resolution ?? { status: 'no_identity' as const };
    return vpcDrift(state, desired, resolution, options);
  });
  return { path: state.file, sha256: state.sha256, target, vpcs };
}

function vpcDrift(state: DesiredState, desired: DesiredVpc, resolution: Resolution, options: DetectOptions): VpcDrift {
  const base: Pick<VpcDrift, 'address' | 'location'> = { address: desired.address };
  const location = state.sourceMap[desired.address];
  if (location) base.location = location;
  if (desired.ensure === 'absent') return absentDrift(base, resolution);
  switch (resolution.status) {
    case 'found': {
      const fields = [...managedDrift(state, desired, resolution.live), ...(options.allFields ? unmanagedDrift(desired, resolution.live) : [])];
      return { ...base, id: resolution.live.id, status: fields.length > 0 ? 'drifted' : 'in_sync', fields };
    }
    case 'not_found':
      return {
        ...base,
        ...(desired.id !== undefined && { id: desired.id }),
        status: 'missing',
        fields: [],
        message:
          resolution.by === 'id'
            ? `no VPC with id ${resolution.value} exists (git says it should)`
            : `no VPC named ${JSON.stringify(resolution.value)} exists (git declares it: apply would create it)`,
      };
    case 'ambiguous':
      return {
        ...base,
        status: 'error',
        fields: [],
        message: `${resolution.ids.length} VPCs are named ${JSON.stringify(resolution.name)} (${resolution.ids.join(', ')}); add the id to the file`,
      };
    case 'no_identity':
      return { ...base, status: 'error', fields: [], message: 'the file gives neither an id nor a name for this VPC' };
    default:
      return assertNever(resolution, 'resolution');
  }
}

/** An entry marked `ensure: absent`: drift when the VPC exists, in sync when it does not. */
function absentDrift(base: Pick<VpcDrift, 'address' | 'location'>, resolution: Resolution): VpcDrift {
  switch (resolution.status) {
    case 'found':
      return {
        ...base,
        id: resolution.live.id,
        status: 'unwanted',
        fields: [],
        message: `VPC ${JSON.stringify(resolution.live.name)} (${resolution.live.cidr}) exists, but git marks it ensure: absent (apply would delete it)`,
      };
    case 'not_found':
      return { ...base, status: 'in_sync', fields: [] };
    case 'ambiguous':
      return { ...base, status: 'error', fields: [], message: `${resolution.ids.length} VPCs are named ${JSON.stringify(resolution.name)} (${resolution.ids.join(', ')}); add the id to the file` };
    case 'no_identity':
      return { ...base, status: 'error', fields: [], message: 'the file gives neither an id nor a name for this VPC' };
    default:
      return assertNever(resolution, 'resolution');
  }
}

function managedDrift(state: DesiredState, desired: DesiredVpc, live: LiveVpc): FieldDrift[] {
  return diffVpc(desired, live).map((change) => {
    const drift: FieldDrift = { path: change.path, live: change.before, desired: change.after, managed: true };
    const location = state.sourceMap[`${desired.address}.${change.path}`];
    if (location) drift.location = location;
    return drift;
  });
}

function unmanagedDrift(desired: DesiredVpc, live: LiveVpc): FieldDrift[] {
  const values = liveManagedValues(live);
  const out: FieldDrift[] = [];
  for (const spec of MANAGED_FIELDS) {
    // Tags the file does not manage were not read: unknown, not empty.
    if (desired[spec.field] !== undefined || !(spec.field in values)) continue;
    const value = values[spec.field];
    if (JSON.stringify(value) === JSON.stringify(spec.liveDefault)) continue;
    out.push({ path: spec.field, live: value, desired: null, managed: false });
  }
  return out;
}

export function summarize(files: readonly FileDrift[]): DriftSummary {
  const summary: DriftSummary = { vpcs: 0, in_sync: 0, drifted: 0, missing: 0, unwanted: 0, error: 0 };
  for (const file of files) {
    for (const vpc of file.vpcs) {
      summary.vpcs += 1;
      summary[vpc.status] += 1;
    }
  }
  return summary;
}
