import { parseJsonObject, type ApiDeps, type ApiRequest, type HandlerOutcome } from '../api-context.js';
import { emptyReply, rawJsonReply, VPC_ERRORS } from '../replies.js';
import { apiTimestamp, toWire as wireOf } from '../store.js';
import type { VpcRecord } from '../types.js';
import { checkCreateBody, checkUpdateBody, isEnterpriseProjectId, isPlainObject, isUuid } from '../validate.js';

/** The five VPC v1 operations (reference §1.1-§1.4); SPEC.md maps each rule to its source. */

const MAX_LIMIT = 2000;

export function listVpcs(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const limitText = req.query.get('limit');
  let limit = MAX_LIMIT;
  if (limitText !== null) {
    if (!/^\d{1,9}$/.test(limitText)) return { reply: VPC_ERRORS.listInvalid() };
    const n = Number(limitText);
    if (n > MAX_LIMIT) return { reply: VPC_ERRORS.listInvalid() };
    // 0 is documented as valid but its meaning is not; it is treated as "no explicit limit" (SPEC.md).
    limit = n === 0 ? MAX_LIMIT : n;
  }
  const eps = req.query.get('enterprise_project_id');
  if (eps !== null && eps !== 'all_granted_eps' && !isEnterpriseProjectId(eps)) return { reply: VPC_ERRORS.listInvalid() };
  const marker = req.query.get('marker') ?? undefined;
  const id = req.query.get('id') ?? undefined;
  const page = deps.store.listPage({
    enterpriseProjectId: eps === null ? '0' : eps === 'all_granted_eps' ? undefined : eps,
    id,
    marker,
    limit,
  });
  if (page === undefined) return { reply: VPC_ERRORS.listInvalid() };
  return { reply: rawJsonReply(200, `{"vpcs":[${page.join(',')}]}`) };
}

export function showVpc(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const id = req.route.params['vpc_id']!;
  if (!isUuid(id)) return { reply: VPC_ERRORS.showInvalidId() };
  const json = deps.store.vpcJson(id);
  if (json === undefined) return { reply: VPC_ERRORS.notFound() };
  return { reply: rawJsonReply(200, `{"vpc":${json}}`) };
}

export function createVpc(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const body = parseJsonObject(req.body);
  const vpc = body?.['vpc'];
  if (!body || !isPlainObject(vpc) || Object.keys(body).length !== 1) return { reply: VPC_ERRORS.createInvalid() };
  const checked = checkCreateBody(vpc);
  if ('reason' in checked) return { reply: VPC_ERRORS.createInvalid() };
  const { fields } = checked;
  if (deps.store.idOfName(fields.name) !== undefined) return { reply: VPC_ERRORS.nameExists() };
  const now = deps.now();
  const record: VpcRecord = {
    id: deps.store.newId(),
    name: fields.name,
    description: fields.description,
    cidr: fields.cidr,
    status: 'CREATING',
    routes: [],
    enable_shared_snat: false,
    enterprise_project_id: fields.enterprise_project_id,
    tenant_id: deps.store.projectId,
    created_at: apiTimestamp(now),
    updated_at: apiTimestamp(now),
    settle_at: now + deps.createDelayMs,
    settle_to: 'OK',
  };
  // The create answer is rendered before anything can settle it: POST always shows CREATING.
  const { enable_shared_snat: _omitted, ...wire } = wireOf(record);
  deps.store.insertVpc(record);
  return { reply: rawJsonReply(200, JSON.stringify({ vpc: wire })), applied: true };
}

export function updateVpc(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const id = req.route.params['vpc_id']!;
  const body = parseJsonObject(req.body);
  const vpc = body?.['vpc'];
  if (!body || !isPlainObject(vpc) || Object.keys(body).length !== 1) return { reply: VPC_ERRORS.updateInvalid(id) };
  const current = isUuid(id) ? deps.store.getVpc(id) : undefined;
  if (!current) return { reply: isUuid(id) ? VPC_ERRORS.notFound() : VPC_ERRORS.updateInvalid(id) };
  const checked = checkUpdateBody(vpc);
  if ('reason' in checked) return { reply: VPC_ERRORS.updateInvalid(id) };
  const { patch } = checked;
  if (current.status !== 'OK') return { reply: VPC_ERRORS.notActive() };
  if (patch.name !== undefined) {
    const owner = deps.store.idOfName(patch.name);
    if (owner !== undefined && owner !== id) return { reply: VPC_ERRORS.nameExists() };
  }
  if (patch.cidr !== undefined && !deps.store.coversSubnets(id, patch.cidr)) return { reply: VPC_ERRORS.cidrNotCoveringSubnets() };

  const now = deps.now();
  const after = deps.faults.afterUpdate(id, [current.name, ...(patch.name === undefined ? [] : [patch.name])]);
  const next: VpcRecord = {
    ...current,
    ...patch,
    status: 'PENDING_UPDATE',
    updated_at: apiTimestamp(now),
  };
  delete next.settle_at;
  delete next.settle_to;
  if (after !== 'stuck') {
    next.settle_at = now + deps.updateDelayMs;
    next.settle_to = after === 'error' ? 'ERROR' : 'OK';
  }
  const reply = rawJsonReply(200, JSON.stringify({ vpc: wireOf(next) }));
  deps.store.replaceVpc(id, next);
  return { reply, applied: true };
}

export function deleteVpc(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const id = req.route.params['vpc_id']!;
  if (!isUuid(id)) return { reply: VPC_ERRORS.deleteInvalid(id) };
  const current = deps.store.getVpc(id);
  if (!current) return { reply: VPC_ERRORS.notFound() };
  if (current.status === 'CREATING') return { reply: VPC_ERRORS.busy() };
  if (deps.store.subnetsOf(id).length > 0) return { reply: VPC_ERRORS.hasSubnets() };
  deps.store.deleteVpc(id);
  return { reply: emptyReply(204), applied: true };
}
