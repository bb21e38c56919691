/**
 * The VPC as every stage sees it: the live object the v1 API returns, its subnets, and the request
 * bodies. Plain types, no code: cloud, refresh, diff, plan and apply all share them (STYLE §5).
 */

export type VpcStatus = 'CREATING' | 'OK' | 'DOWN' | 'PENDING_UPDATE' | 'PENDING_DELETE' | 'ERROR' | (string & {});

export interface LiveRoute {
  destination: string;
  nexthop: string;
}

/** The VPC object as the v1 API returns it (reference §1.3). */
export interface LiveVpc {
  id: string;
  name: string;
  description?: string;
  cidr: string;
  status: VpcStatus;
  routes: LiveRoute[] | null;
  enable_shared_snat?: boolean;
  enterprise_project_id?: string;
  tenant_id?: string;
  created_at?: string;
  updated_at?: string;
  /**
   * The VPC's tags, from the v2.0 tag API (the v1 object has none): set by refresh only when the file
   * manages tags, absent otherwise — absent means "not read", never "no tags". Null-prototype record.
   */
  tags?: Record<string, string>;
}

export interface LiveSubnet {
  id: string;
  name: string;
  cidr: string;
  vpc_id: string;
  status?: string;
  gateway_ip?: string;
}

/** The body of `PUT /v1/{project_id}/vpcs/{vpc_id}`: `{"vpc": UpdateVpcBody}`. Must carry name or cidr. */
export interface UpdateVpcBody {
  name?: string;
  cidr?: string;
  description?: string;
  enable_shared_snat?: boolean;
  routes?: LiveRoute[];
}

/**
 * The body of `POST /v1/{project_id}/vpcs`: `{"vpc": CreateVpcBody}` (lifecycle-tags §1.1). Routes and
 * `enable_shared_snat` are not create fields: they follow as an update once the VPC is `OK`.
 */
export interface CreateVpcBody {
  name: string;
  cidr: string;
  description?: string;
  /** huaweicloud only (§1.1, §5 item 5). */
  enterprise_project_id?: string;
}
