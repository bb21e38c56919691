import type { LiveVpc, UpdateVpcBody } from '../model/vpc.js';
import type { DesiredState, DesiredVpc } from '../config/types.js';
import { assertNever, type Diagnostic } from '../errors/index.js';
import { diffVpc } from '../diff/diff-vpc.js';
import { MANAGED_FIELDS, liveManagedValues, type ManagedField } from '../model/fields.js';
import { liveFingerprint } from './fingerprint.js';
import { diagnostic, preflight } from './preflight.js';
import type { Refreshed, Resolution } from '../model/live-state.js';
import { PLAN_FORMAT_VERSION, type AttributeChange, type Plan, type PlanSummary, type PlannedChange } from './types.js';

export interface BuildPlanInput {
  state: DesiredState;
  refreshed: Refreshed;
  endpoint: string;
  projectId: string;
  /** Injected so plans (and golden files) are reproducible. */
  now: Date;
  toolVersion: string;
}

/**
 * The plan for one desired-state file: pure, from what refresh read. One change per desired VPC, in
 * file order; `update` carries the exact PUT body; what the API would refuse becomes an `error`.
 */
export function buildPlan(input: BuildPlanInput): Plan {
  const { state, refreshed } = input;
  const resolutions = new Map(refreshed.vpcs.map((r) => [r.address, r.resolution]));
  const diffs = state.vpcs.map((desired) => {
    const resolution = resolutions.get(desired.address) ?? ({ status: 'no_identity' } as const);
    const changes = resolution.status === 'found' ? diffVpc(desired, resolution.live) : [];
    return { desired, resolution, changes };
  });
  const plannedNames = new Map<string, string>();
  const managers = new Map<string, string[]>();
  for (const d of diffs) {
    if (d.resolution.status !== 'found') continue;
    const { id } = d.resolution.live;
    const rename = d.changes.find((c) => c.path === 'name');
    if (rename && typeof rename.after === 'string') plannedNames.set(id, rename.after);
    managers.set(id, [...(managers.get(id) ?? []), d.desired.address]);
  }
  const changes = diffs.map(({ desired, resolution, changes: attributes }) =>
    planOne(desired, resolution, attributes, { state, refreshed, plannedNames, managers }),
  );
  return {
    format_version: PLAN_FORMAT_VERSION,
    tool: { name: 'vpcform', version: input.toolVersion },
    created_at: input.now.toISOString(),
    target: { endpoint: input.endpoint, project_id: input.projectId },
    desired: { path: state.file, sha256: state.sha256 },
    summary: summarize(changes),
    changes,
  };
}

interface PlanContext {
  state: DesiredState;
  refreshed: Refreshed;
  plannedNames: ReadonlyMap<string, string>;
  /** Addresses by the live id they resolved to: one by id and another by name can meet on one VPC. */
  managers: ReadonlyMap<string, readonly string[]>;
}

function planOne(desired: DesiredVpc, resolution: Resolution, attributes: AttributeChange[], ctx: PlanContext): PlannedChange {
  switch (resolution.status) {
    case 'found':
      return planFound(desired, resolution, attributes, ctx);
    case 'not_found':
    case 'ambiguous':
    case 'no_identity':
      return { address: desired.address, action: 'error', attributes: [], diagnostics: [unresolved(desired, resolution, ctx.state)] };
    default:
      return assertNever(resolution, 'resolution');
  }
}

function planFound(
  desired: DesiredVpc,
  resolution: Extract<Resolution, { status: 'found' }>,
  attributes: AttributeChange[],
  ctx: PlanContext,
): PlannedChange {
  const { live } = resolution;
  const diagnostics = [...managedTwice(desired, live, ctx), ...preflight({
    desired,
    live,
    changes: attributes,
    ...(resolution.subnets !== undefined && { subnets: resolution.subnets }),
    ...(ctx.refreshed.projectVpcs !== undefined && { projectVpcs: ctx.refreshed.projectVpcs }),
    plannedNames: ctx.plannedNames,
    sources: ctx.state,
  })];
  const fingerprint = liveFingerprint(live);
  // Keys in reading order: the plan file is reviewed in pull requests.
  if (diagnostics.some((d) => d.severity === 'error')) {
    return { address: desired.address, id: live.id, action: 'error', attributes, live_fingerprint: fingerprint, diagnostics };
  }
  if (attributes.length === 0) {
    return { address: desired.address, id: live.id, action: 'no-op', attributes, live_fingerprint: fingerprint, diagnostics };
  }
  const request = { vpc: requestBody(attributes, live) };
  return { address: desired.address, id: live.id, action: 'update', attributes, request, live_fingerprint: fingerprint, diagnostics };
}

/** Two entries resolved to one VPC would race two PUTs with different bodies, and the loser never converges. */
function managedTwice(desired: DesiredVpc, live: LiveVpc, ctx: PlanContext): Diagnostic[] {
  const others = (ctx.managers.get(live.id) ?? []).filter((a) => a !== desired.address);
  if (others.length === 0) return [];
  return [
    diagnostic('CONFIG_DUPLICATE', 'error', ctx.state, `${desired.address}.${desired.id !== undefined ? 'id' : 'name'}`, {
      summary: `VPC ${live.id} is also managed by ${others.join(', ')}`,
      detail: 'Each entry resolved to the same live VPC (one by `id`, another by `name`); only one entry may manage a VPC.',
      hint: 'Merge the entries into one, or give each its own VPC\'s `id`.',
    }),
  ];
}

/**
 * The PUT body: every changed field, plus an anchor (`name`, else `cidr`, from the field table) when
 * none of the changed fields is one — the API demands one. The anchor keeps its live value.
 */
export function requestBody(attributes: readonly AttributeChange[], live: LiveVpc): UpdateVpcBody {
  const body: Record<string, unknown> = {};
  for (const change of attributes) body[change.path] = change.after;
  const anchors = MANAGED_FIELDS.filter((f) => f.anchorsRequest);
  if (!anchors.some((f) => f.field in body)) {
    const current = liveManagedValues(live);
    const anchor = anchors.find((f) => current[f.field] !== '') ?? anchors[0];
    if (anchor !== undefined) body[anchor.field] = current[anchor.field as ManagedField];
  }
  return body as UpdateVpcBody;
}

function unresolved(desired: DesiredVpc, resolution: Exclude<Resolution, { status: 'found' }>, state: DesiredState): Diagnostic {
  switch (resolution.status) {
    case 'not_found':
      return resolution.by === 'id'
        ? diagnostic('PLAN_VPC_NOT_FOUND', 'error', state, `${desired.address}.id`, {
            summary: `no VPC with id ${resolution.value} in the project`,
            detail: 'vpcform only updates VPCs; it does not create them.',
            hint: 'Check the id (`vpcform import` lists the live VPCs), or create the VPC first.',
          })
        : diagnostic('PLAN_VPC_NOT_FOUND', 'error', state, `${desired.address}.name`, {
            summary: `no VPC named "${resolution.value}" in the project`,
            detail: 'Without an `id`, a VPC is found by its name; vpcform does not create VPCs.',
            hint: 'Add the VPC\'s `id`, fix the name, or create the VPC first.',
          });
    case 'ambiguous':
      return diagnostic('PLAN_NAME_AMBIGUOUS', 'error', state, `${desired.address}.name`, {
        summary: `${resolution.ids.length} VPCs are named "${resolution.name}"`,
        detail: `Matching ids: ${resolution.ids.join(', ')}.`,
        hint: 'Add `id:` to this entry to say which VPC it manages.',
      });
    case 'no_identity':
      return diagnostic('PLAN_NO_IDENTITY', 'error', state, desired.address, {
        summary: `${desired.address} has neither \`id\` nor \`name\`: it cannot be matched to a VPC`,
        hint: 'Add the VPC\'s `id` (or its `name`).',
      });
    default:
      return assertNever(resolution, 'resolution');
  }
}

export function summarize(changes: readonly PlannedChange[]): PlanSummary {
  const summary: PlanSummary = { update: 0, no_op: 0, error: 0 };
  for (const c of changes) {
    switch (c.action) {
      case 'update':
        summary.update += 1;
        break;
      case 'no-op':
        summary.no_op += 1;
        break;
      case 'error':
        summary.error += 1;
        break;
      default:
        assertNever(c.action, 'action');
    }
  }
  return summary;
}
