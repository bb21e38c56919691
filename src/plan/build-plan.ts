import type { LiveVpc } from '../model/vpc.js';
import type { DesiredState, DesiredVpc } from '../config/types.js';
import { assertNever, type Diagnostic } from '../errors/index.js';
import { diffVpc } from '../diff/diff-vpc.js';
import { liveManagedValues } from '../model/fields.js';
import { liveFingerprint } from './fingerprint.js';
import { decideIntents, type Intent } from './intent.js';
import { planCreates } from './plan-create.js';
import { requestBody, tagsRequests } from './request-body.js';
import { planDelete } from './plan-delete.js';
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
 * file order: `create` carries the exact POST body (and the follow-up PUT), `update` the exact PUT
 * body, `delete` what the VPC holds; what the API would refuse becomes an `error`.
 */
export function buildPlan(input: BuildPlanInput): Plan {
  const { state, refreshed } = input;
  const resolutions = new Map(refreshed.vpcs.map((r) => [r.address, r.resolution]));
  const intents = decideIntents(state.vpcs, resolutions);
  const entries = state.vpcs.map((desired, i) => {
    const intent = intents[i] as Intent;
    const changes = intent.kind === 'manage' ? diffVpc(desired, intent.live) : [];
    return { desired, intent, changes };
  });
  const plannedNames = new Map<string, string>();
  const managers = new Map<string, string[]>();
  for (const e of entries) {
    if (e.intent.kind !== 'manage' && e.intent.kind !== 'delete') continue;
    const { id } = e.intent.live;
    const rename = e.changes.find((c) => c.path === 'name');
    if (rename && typeof rename.after === 'string') plannedNames.set(id, rename.after);
    managers.set(id, [...(managers.get(id) ?? []), e.desired.address]);
  }
  const ctx: PlanContext = { state, refreshed, plannedNames, managers };
  // Deletes and updates first: a create may wait only for one of them that can be applied.
  const planned = new Map<string, PlannedChange>();
  for (const { desired, intent, changes: attributes } of entries) {
    switch (intent.kind) {
      case 'manage':
        planned.set(desired.address, planFound(desired, intent.resolution, attributes, ctx));
        break;
      case 'delete':
        planned.set(desired.address, planDelete(desired, intent.resolution, state, managedTwice(desired, intent.live, ctx)));
        break;
      case 'gone':
        planned.set(desired.address, { address: desired.address, action: 'no-op', attributes: [], diagnostics: [] });
        break;
      case 'unresolved':
        planned.set(desired.address, { address: desired.address, action: 'error', attributes: [], diagnostics: [unresolved(desired, intent.resolution, state)] });
        break;
      case 'create':
        break;
      default:
        assertNever(intent, 'intent');
    }
  }
  const creates = planCreates(
    entries.flatMap((e) => (e.intent.kind === 'create' ? [{ desired: e.desired, waitsFor: e.intent.waitsFor }] : [])),
    {
      state,
      refreshed,
      plannedNames,
      deletes: [...planned.values()].filter((c) => c.action === 'delete').map((c) => c.address),
      blocked: new Set([...planned.values()].filter((c) => c.action === 'error').map((c) => c.address)),
    },
  );
  const changes = entries.map(({ desired }) => (planned.get(desired.address) ?? creates.get(desired.address)) as PlannedChange);
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
  const fingerprint = { live_fingerprint: liveFingerprint(live), ...(live.tags !== undefined && { fingerprint_covers_tags: true as const }) };
  // Keys in reading order: the plan file is reviewed in pull requests.
  if (diagnostics.some((d) => d.severity === 'error')) {
    return { address: desired.address, id: live.id, action: 'error', attributes, ...fingerprint, diagnostics };
  }
  if (attributes.length === 0) {
    return { address: desired.address, id: live.id, action: 'no-op', attributes, ...fingerprint, diagnostics };
  }
  const body = requestBody(attributes, liveManagedValues(live));
  const tags = tagsRequests(attributes);
  return {
    address: desired.address,
    id: live.id,
    action: 'update',
    attributes,
    ...(body !== undefined && { request: { vpc: body } }),
    ...(tags.length > 0 && { tags_requests: tags }),
    ...fingerprint,
    diagnostics,
  };
}

/** Two entries resolved to one VPC would race two PUTs with different bodies, and the loser never converges. */
export function managedTwice(desired: DesiredVpc, live: LiveVpc, ctx: Pick<PlanContext, 'state' | 'managers'>): Diagnostic[] {
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

function unresolved(desired: DesiredVpc, resolution: Exclude<Resolution, { status: 'found' }>, state: DesiredState): Diagnostic {
  switch (resolution.status) {
    case 'not_found':
      return resolution.by === 'id'
        ? diagnostic('PLAN_VPC_NOT_FOUND', 'error', state, `${desired.address}.id`, {
            summary: `no VPC with id ${resolution.value} in the project`,
            detail: 'An entry with an `id` names a VPC that must exist: vpcform never invents ids, so it does not create this one.',
            hint: 'Check the id (`vpcform import` lists the live VPCs), or drop `id` to have vpcform create a VPC by its name.',
          })
        : diagnostic('PLAN_VPC_NOT_FOUND', 'error', state, `${desired.address}.name`, {
            summary: `no VPC named "${resolution.value}" in the project`,
            detail: 'Without an `id`, a VPC is found by its name.',
            hint: 'Fix the name, or add the VPC\'s `id`.',
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
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, no_op: 0, error: 0 };
  for (const c of changes) {
    switch (c.action) {
      case 'create':
        summary.create += 1;
        break;
      case 'update':
        summary.update += 1;
        break;
      case 'delete':
        summary.delete += 1;
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
