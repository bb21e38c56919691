import type { LiveSubnet, LiveVpc } from './vpc.js';

/**
 * The live state that refresh reads from the cloud and plan, drift and import consume: plain data,
 * so that building a plan from it is pure and testable without a cloud.
 */

/** How a desired VPC was matched to a live one. Plain data: drift and import reuse it. */
export type Resolution =
  /** `subnets`: read when a change is checked against them (cidr, routes) or the VPC is to be deleted. */
  | { status: 'found'; live: LiveVpc; subnets?: LiveSubnet[] }
  | { status: 'not_found'; by: 'id' | 'name'; value: string }
  | { status: 'ambiguous'; name: string; ids: string[] }
  | { status: 'no_identity' };

export interface RefreshedVpc {
  address: string;
  resolution: Resolution;
}

export interface Refreshed {
  /** One entry per desired VPC, in the order of `state.vpcs`. */
  vpcs: RefreshedVpc[];
  /**
   * Every live VPC of the project (all enterprise projects), when it was listed. Absent when only a
   * few VPCs were read by id and none is renamed: the duplicate-name preflight then has nothing to check.
   */
  projectVpcs?: LiveVpc[];
  /** The project's VPC quota, read when the plan creates VPCs (`GET /v1/{project_id}/quotas?type=vpc`). */
  quota?: VpcQuota;
}

export interface VpcQuota {
  used: number;
  quota: number;
}
