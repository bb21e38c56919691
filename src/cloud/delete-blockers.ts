/**
 * What keeps a VPC from being deleted: the 409 codes of `DELETE /v1/{project_id}/vpcs/{vpc_id}` that
 * name a resource still attached to it (lifecycle-tags §2.1, reference §2.3). They are permanent:
 * waiting does not remove a subnet. The busy codes (409 VPC.0103 "still being created", VPC.0110 "not
 * stable") are not here — they are the `busy` retry class (src/cloud/http/classify.ts).
 *
 * One table, read by the error mapping (code CLOUD_IN_USE, summary and hint) and exported for the
 * apply engine and renderers that want the resource as data.
 */

export interface DeleteBlocker {
  /** The blocking resource, plural, as a user names it: `subnets`, `EIPs`… */
  resource: string;
  /** The next step, for the error's hint. */
  hint: string;
}

const vpcformCannot = (what: string): string => `vpcform cannot delete a VPC that still has ${what}`;

export const VPC_DELETE_BLOCKERS: Readonly<Record<string, DeleteBlocker>> = Object.freeze({
  'VPC.0104': { resource: 'subnets', hint: `Delete its subnets first: ${vpcformCannot('subnets')} (it does not manage subnets).` },
  'VPC.0107': {
    resource: 'a firewall (network ACL)',
    hint: `Disassociate or delete its firewall (network ACL) first: ${vpcformCannot('a firewall associated')}.`,
  },
  'VPC.0108': { resource: 'EIPs', hint: `Release or unbind the EIPs used in it first: ${vpcformCannot('EIPs')}.` },
  'VPC.0109': { resource: 'VPNs', hint: `Delete its VPNs (VPN gateways and connections) first: ${vpcformCannot('VPNs')}.` },
  'VPC.0112': {
    resource: 'security groups',
    hint: `Delete the custom security groups first (the console asks this when it is the last VPC of the region): ${vpcformCannot('security groups')}.`,
  },
  'VPC.0118': { resource: 'load balancers (ELB)', hint: `Delete the load balancers (ELB) in it first: ${vpcformCannot('load balancers')}.` },
  'VPC.0120': { resource: 'extension routes', hint: `Delete its extension (custom) routes first: ${vpcformCannot('extension routes')}.` },
});

/** The blocker a 409 names, by its service code; undefined for any other answer. */
export function deleteBlocker(status: number | undefined, serviceCode: string | undefined): DeleteBlocker | undefined {
  if (status !== 409 || serviceCode === undefined || !Object.hasOwn(VPC_DELETE_BLOCKERS, serviceCode)) return undefined;
  return VPC_DELETE_BLOCKERS[serviceCode];
}
