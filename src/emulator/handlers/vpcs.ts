import { parseJsonObject, type ApiDeps, type ApiRequest, type HandlerOutcome } from '../api-context.js';
import { rawJsonReply, VPC_ERRORS } from '../replies.js';
import { apiTimestamp, toWire as wireOf } from '../store.js';
import type { VpcRecord } from '../types.js';
import { checkUpdateBody, isEnterpriseProjectId, isPlainObject, isUuid } from '../validate.js';

/** List, show and update (reference §1.1-§1.4); create and delete are in vpc-lifecycle.ts. SPEC.md maps each rule to its source. */

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
