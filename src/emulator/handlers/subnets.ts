import { parseJsonObject, type ApiDeps, type ApiRequest, type HandlerOutcome } from '../api-context.js';
import { containsCidr, containsIp, overlaps, parseIpv4 } from '../../config/ipv4.js';
import { parseCidr } from '../cidr.js';
import { emptyReply, jsonReply, vpcError } from '../replies.js';
import { subnetRecord } from '../seed.js';
import { checkName, isPlainObject, isUuid } from '../validate.js';

/**
 * Enough of the subnet API to make the VPC.0117 rule real: create, list (`vpc_id` filter), show,
 * delete. Subnet error codes are not in the reference: invalid input is 400 VPC.0101, an unknown
 * subnet 404 VPC.0202 (see SPEC.md).
 */

const invalid = () => vpcError(400, 'VPC.0101', 'Param is invalid.');
const subnetNotFound = () => vpcError(404, 'VPC.0202', 'Subnet does not exist.');

export function createSubnet(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const body = parseJsonObject(req.body);
  const subnet = body?.['subnet'];
  if (!isPlainObject(subnet)) return { reply: invalid() };
  const { name, cidr, gateway_ip: gatewayIp, vpc_id: vpcId } = subnet;
  if (typeof name !== 'string' || checkName(name) || name === '') return { reply: invalid() };
  if (typeof vpcId !== 'string' || typeof cidr !== 'string' || typeof gatewayIp !== 'string') return { reply: invalid() };
  const vpc = isUuid(vpcId) ? deps.store.getVpc(vpcId) : undefined;
  if (!vpc) return { reply: vpcError(404, 'VPC.0003', 'VPC does not exist.') };
  // A VPC on its way out takes no new subnet (it would outlive its VPC).
  if (vpc.status === 'PENDING_DELETE') return { reply: invalid() };
  const parsed = parseCidr(cidr);
  const gateway = parseIpv4(gatewayIp);
  const vpcCidr = parseCidr(vpc.cidr);
  if (!parsed || gateway === undefined || !vpcCidr || !containsCidr(vpcCidr, parsed) || !containsIp(parsed, gateway)) {
    return { reply: invalid() };
  }
  if (deps.store.subnetsOf(vpcId).some((s) => overlaps(parseCidr(s.cidr)!, parsed))) return { reply: invalid() };
  const record = subnetRecord(deps.store.newId(), name, cidr, gatewayIp, vpcId);
  deps.store.insertSubnet(record);
  return { reply: jsonReply(200, { subnet: record }), applied: true };
}

export function listSubnets(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const vpcId = req.query.get('vpc_id');
  const subnets = vpcId === null ? deps.store.allSubnets() : deps.store.subnetsOf(vpcId);
  return { reply: jsonReply(200, { subnets }) };
}

export function showSubnet(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const subnet = deps.store.getSubnet(req.route.params['subnet_id']!);
  return { reply: subnet ? jsonReply(200, { subnet }) : subnetNotFound() };
}

export function deleteSubnet(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const subnet = deps.store.getSubnet(req.route.params['subnet_id']!);
  if (!subnet || subnet.vpc_id !== req.route.params['vpc_id']) return { reply: subnetNotFound() };
  deps.store.deleteSubnet(subnet.id);
  return { reply: emptyReply(204), applied: true };
}
