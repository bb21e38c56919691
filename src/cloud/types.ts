/**
 * The narrow interface every stage uses to talk to a cloud (STYLE §3). Axios, URLs, signing and
 * retries live behind it in src/cloud/http/. This file holds types only: the pure core may import it.
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

/** What the client tells the caller about a retry it is about to make. */
export interface RetryInfo {
  /** 1-based number of the attempt that failed. */
  attempt: number;
  /** Milliseconds until the next attempt. */
  delayMs: number;
  /** Short machine-readable reason: `429 APIGW.0308`, `503`, `ECONNRESET`, `timeout`… */
  reason: string;
  method: string;
  /** Route template, e.g. `PUT /v1/{project_id}/vpcs/{vpc_id}`. */
  route: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Called before each retry sleep. */
  onRetry?: (info: RetryInfo) => void;
}

export interface ListVpcsOptions extends CallOptions {
  /** Page size, 1..2000 (default 2000). The client follows `marker` until a short page. */
  limit?: number;
  /** Only this VPC (the API's `id` filter). */
  id?: string;
  /**
   * Enterprise project filter. The API lists only the default project ("0") when it is absent;
   * the client defaults to `all_granted_eps` so no VPC is missed.
   */
  enterpriseProjectId?: string;
}

export interface ListSubnetsOptions extends CallOptions {
  vpcId?: string;
}

export interface CloudClient {
  /** Base URL of the VPC endpoint, e.g. `https://vpc.eu-de.otc.t-systems.com`. */
  readonly endpoint: string;
  readonly projectId: string;
  /** Every VPC matching the options, following pages. */
  listVpcs(options?: ListVpcsOptions): Promise<LiveVpc[]>;
  /** Throws VpcformError `CLOUD_NOT_FOUND` when the VPC does not exist. */
  getVpc(id: string, options?: CallOptions): Promise<LiveVpc>;
  updateVpc(id: string, body: UpdateVpcBody, options?: CallOptions): Promise<LiveVpc>;
  listSubnets(options?: ListSubnetsOptions): Promise<LiveSubnet[]>;
}
