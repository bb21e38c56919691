import type { DesiredState, DesiredVpc } from '../config/types.js';
import type { Diagnostic } from '../errors/index.js';
import { tagChanges } from '../diff/diff-vpc.js';
import { MANAGED_FIELDS, desiredManagedValues, fieldSpec, sameFieldValue } from '../model/fields.js';
import type { Refreshed } from '../model/live-state.js';
import type { CreateVpcBody, UpdateVpcBody } from '../model/vpc.js';
import { requestBody, tagsRequests } from './request-body.js';
import { diagnostic } from './preflight.js';
import type { AttributeChange, PlannedChange } from './types.js';

export interface CreateToPlan {
  desired: DesiredVpc;
  /** Changes of this plan that free the name first (a delete or a rename of the VPC holding it). */
  waitsFor: string[];
}

export interface CreateContext {
  state: DesiredState;
  refreshed: Refreshed;
  /** Addresses of this plan's deletes, in file order: each frees one unit of quota. */
  deletes: readonly string[];
  /** Desired names by live id of the VPCs this plan renames. */
  plannedNames: ReadonlyMap<string, string>;
  /** Addresses of this plan's changes that are errors: a create waiting for one of them cannot go. */
  blocked: ReadonlySet<string>;
}

/**
 * The creates of one file, by address. Each carries the exact POST body (the fields the create API
 * takes, per the field table's `onCreate`) and the follow-up PUT for the rest, sent once the VPC is
 * OK — only for values a new VPC does not already have. The quota is shared in file order: creates
 * beyond what is left wait for one of this plan's deletes each, and the rest are errors (VPC.0114).
 */
export function planCreates(creates: readonly CreateToPlan[], ctx: CreateContext): Map<string, PlannedChange> {
  const out = new Map<string, PlannedChange>();
  const quota = ctx.refreshed.quota;
  // A negative quota is "not limited" (the API documents -1).
  let left = quota === undefined || quota.quota < 0 ? Infinity : Math.max(0, quota.quota - quota.used);
  let freedByDeletes = 0;
  for (const { desired, waitsFor } of creates) {
    const attributes = createAttributes(desired);
    const diagnostics = [...incomplete(desired, ctx.state), ...renamedOnto(desired, ctx), ...waitsForBlocked(desired, waitsFor, ctx)];
    const waits = [...waitsFor];
    if (diagnostics.length === 0) {
      if (left > 0) left -= 1;
      else if (freedByDeletes < ctx.deletes.length) waits.push(ctx.deletes[freedByDeletes++] as string);
      else diagnostics.push(quotaExceeded(desired, ctx));
    }
    if (diagnostics.some((d) => d.severity === 'error')) {
      out.set(desired.address, { address: desired.address, action: 'error', attributes, diagnostics });
      continue;
    }
    const followUp = followUpBody(attributes);
    const tags = tagsRequests(attributes);
    out.set(desired.address, {
      address: desired.address,
      action: 'create',
      attributes,
      create_request: { vpc: postBody(desired) },
      ...(followUp !== undefined && { request: { vpc: followUp } }),
      ...(tags.length > 0 && { tags_requests: tags }),
      ...(waits.length > 0 && { waits_for: [...new Set(waits)] }),
      diagnostics,
    });
  }
  return out;
}

/** Every declared attribute, from nothing: what `+ vpcs.x will be created` shows (tags key by key). */
function createAttributes(desired: DesiredVpc): AttributeChange[] {
  const values = desiredManagedValues(desired) as Record<string, unknown>;
  const out: AttributeChange[] = [];
  for (const spec of MANAGED_FIELDS) {
    const value = values[spec.field];
    if (value === undefined) continue;
    if (spec.kind === 'tags') out.push(...tagChanges({}, value as Record<string, string>));
    else out.push({ path: spec.field, before: null, after: value });
  }
  if (desired.enterprise_project_id !== undefined) out.push({ path: 'enterprise_project_id', before: null, after: desired.enterprise_project_id });
  return out;
}

/** The POST body: the table's `onCreate: 'post'` fields, plus the enterprise project (huaweicloud). */
export function postBody(desired: DesiredVpc): CreateVpcBody {
  const values = desiredManagedValues(desired) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const spec of MANAGED_FIELDS) if (spec.onCreate === 'post' && values[spec.field] !== undefined) body[spec.field] = values[spec.field];
  if (desired.enterprise_project_id !== undefined) body['enterprise_project_id'] = desired.enterprise_project_id;
  return body as unknown as CreateVpcBody;
}

/**
 * The PUT sent once the new VPC is OK: the PUT fields created `later` whose value a new VPC lacks (a
 * new VPC has no routes and no shared SNAT), anchored by the name. Undefined when nothing is left.
 */
export function followUpBody(attributes: readonly AttributeChange[]): UpdateVpcBody | undefined {
  const later = attributes.filter((a) => {
    const spec = fieldSpec(a.path);
    return spec !== undefined && spec.via === 'put' && spec.onCreate === 'later' && !sameFieldValue(spec, a.after, spec.liveDefault);
  });
  const name = attributes.find((a) => a.path === 'name')?.after;
  return requestBody(later, { name: typeof name === 'string' ? name : '', cidr: '' });
}

function incomplete(desired: DesiredVpc, state: DesiredState): Diagnostic[] {
  if (desired.cidr !== undefined) return [];
  return [
    diagnostic('PLAN_CREATE_INCOMPLETE', 'error', state, desired.address, {
      summary: `no VPC is named "${desired.name ?? ''}", so ${desired.address} would be created, but it has no \`cidr\``,
      detail: 'A VPC is created with `POST /v1/{project_id}/vpcs`, which needs a name and a cidr.',
      hint: 'Add `cidr:` to create the VPC, or add the `id` of the VPC this entry should manage (or fix its name).',
    }),
  ];
}

/** An update of this plan renames another VPC to the name this create needs: one of them would get VPC.0115. */
function renamedOnto(desired: DesiredVpc, ctx: CreateContext): Diagnostic[] {
  const taker = [...ctx.plannedNames].find(([, name]) => name === desired.name);
  if (taker === undefined) return [];
  return [
    diagnostic('PLAN_NAME_TAKEN', 'error', ctx.state, `${desired.address}.name`, {
      summary: `this plan also renames VPC ${taker[0]} to "${desired.name ?? ''}", the name this create needs`,
      detail: 'Names are unique in a project: the API would refuse one of the two with VPC.0115 "The router name has exist".',
      hint: 'Give the new VPC another name, or the renamed one.',
    }),
  ];
}

/** The delete or rename that frees this create's name is itself refused: the name stays taken. */
function waitsForBlocked(desired: DesiredVpc, waitsFor: readonly string[], ctx: CreateContext): Diagnostic[] {
  const blocked = waitsFor.filter((a) => ctx.blocked.has(a));
  if (blocked.length === 0) return [];
  return [
    diagnostic('PLAN_NAME_TAKEN', 'error', ctx.state, `${desired.address}.name`, {
      summary: `the name "${desired.name ?? ''}" is freed only by ${blocked.join(', ')}, which this plan cannot apply`,
      detail: 'The VPC that has the name stays while that change is an error, so the API would refuse this create (VPC.0115).',
      hint: `Fix what blocks ${blocked.join(', ')} (see its error), then plan again.`,
    }),
  ];
}

function quotaExceeded(desired: DesiredVpc, ctx: CreateContext): Diagnostic {
  const q = ctx.refreshed.quota ?? { used: 0, quota: 0 };
  return diagnostic('PLAN_QUOTA_EXCEEDED', 'error', ctx.state, desired.address, {
    summary: `the project's VPC quota is used up: ${q.used} of ${q.quota} VPCs exist, and this plan creates more than it frees`,
    detail: 'The API refuses a create beyond the quota with 409 VPC.0114 "Quota exceeded for resources: [\'router\']".',
    hint: 'Delete VPCs you no longer need (mark them `ensure: absent`), or ask for a higher quota.',
  });
}
