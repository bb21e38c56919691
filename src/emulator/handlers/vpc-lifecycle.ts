import { parseJsonObject, type ApiDeps, type ApiRequest, type HandlerOutcome } from '../api-context.js';
import { emptyReply, rawJsonReply, vpcError, VPC_ERRORS, type Reply } from '../replies.js';
import { apiTimestamp, GONE, toWire } from '../store.js';
import type { DeleteBlocker, VpcRecord } from '../types.js';
import { checkCreateBody, isPlainObject, isUuid } from '../validate.js';

/**
 * Create and delete (lifecycle reference §1, §2; vpc-api reference §2.3 delete table). SPEC.md maps
 * each rule to its source and marks the choices made where the documents are silent.
 */

/** What each seeded blocker answers to a DELETE: 409 with the code and message of the delete table. */
export const DELETE_BLOCKERS: Readonly<Record<DeleteBlocker, () => Reply>> = {
  firewall: () => vpcError(409, 'VPC.0107', 'Delete the firewall first before deleting the router.'),
  eip: () => vpcError(409, 'VPC.0108', 'Router is used not allow deleted.'),
  vpn: () => vpcError(409, 'VPC.0109', 'Router is used not allow deleted.'),
  security_group: () => vpcError(409, 'VPC.0112', 'Delete the securitygroup first before deleting the router.'),
  elb: () => vpcError(409, 'VPC.0118', 'ELB exists under this router, delete ELB firstly.'),
  extension_route: () => vpcError(409, 'VPC.0120', 'exroutes exists under this router, delete exroutes firstly.'),
};

/** The `vpc.name` of a create body, if any: lets scripted faults address a VPC that has no id yet. */
export function nameInCreateBody(body: Buffer): string | undefined {
  const vpc = parseJsonObject(body)?.['vpc'];
  return isPlainObject(vpc) && typeof vpc['name'] === 'string' && vpc['name'] !== '' ? vpc['name'] : undefined;
}

/** -1 = unlimited (the quota API documents -1 as "not limited"). */
export function quotaReached(used: number, quota: number): boolean {
  return quota >= 0 && used >= quota;
}

export function createVpc(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const body = parseJsonObject(req.body);
  const vpc = body?.['vpc'];
  if (!body || !isPlainObject(vpc) || Object.keys(body).length !== 1) return { reply: VPC_ERRORS.createInvalid() };
  const checked = checkCreateBody(vpc);
  if ('reason' in checked) return { reply: VPC_ERRORS.createInvalid() };
  const { fields } = checked;
  if (deps.store.idOfName(fields.name) !== undefined) return { reply: VPC_ERRORS.nameExists() };
  if (quotaReached(deps.store.vpcCount, deps.quotas.vpc)) return { reply: VPC_ERRORS.quotaExceeded() };
  const now = deps.now();
  const outcome = deps.faults.afterCreate(fields.name);
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
  };
  if (outcome !== 'stuck') {
    record.settle_at = now + deps.createDelayMs;
    record.settle_to = outcome === 'error' ? 'ERROR' : 'OK';
  }
  // The create answer is rendered before anything can settle it: POST always shows CREATING.
  const { enable_shared_snat: _omitted, ...wire } = toWire(record);
  deps.store.insertVpc(record);
  return { reply: rawJsonReply(200, JSON.stringify({ vpc: wire })), applied: true, vpcId: record.id };
}

/** Why a VPC cannot be deleted now, or undefined. Order: status, subnets, then the seeded blockers in seed order. */
function deleteRefusal(deps: ApiDeps, vpc: VpcRecord): Reply | undefined {
  if (vpc.status === 'CREATING') return VPC_ERRORS.busy();
  if (vpc.status === 'PENDING_UPDATE' || vpc.status === 'PENDING_DELETE') return VPC_ERRORS.notStable();
  if (deps.store.subnetsOf(vpc.id).length > 0) return VPC_ERRORS.hasSubnets();
  const blocker = vpc.blockers?.[0];
  return blocker === undefined ? undefined : DELETE_BLOCKERS[blocker]();
}

export function deleteVpc(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const id = req.route.params['vpc_id']!;
  if (!isUuid(id)) return { reply: VPC_ERRORS.deleteInvalid(id) };
  const current = deps.store.getVpc(id);
  if (!current) return { reply: VPC_ERRORS.notFound() };
  const refusal = deleteRefusal(deps, current);
  if (refusal) return { reply: refusal };

  const outcome = deps.faults.afterDelete(id, current.name);
  if (outcome === 'ok' && deps.deleteDelayMs <= 0) {
    deps.store.deleteVpc(id);
    return { reply: emptyReply(204), applied: true };
  }
  const now = deps.now();
  const next: VpcRecord = { ...current, status: 'PENDING_DELETE', updated_at: apiTimestamp(now) };
  delete next.settle_at;
  delete next.settle_to;
  if (outcome !== 'stuck') {
    next.settle_at = now + deps.deleteDelayMs;
    next.settle_to = outcome === 'error' ? 'ERROR' : GONE;
  }
  deps.store.replaceVpc(id, next);
  return { reply: emptyReply(204), applied: true };
}
