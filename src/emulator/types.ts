/**
 * Shapes of the emulator: its options, its seed file and the records it keeps. The wire shapes of
 * the VPC and the subnet follow reference §1.3; see SPEC.md.
 */

export interface RouteRecord {
  destination: string;
  nexthop: string;
}

/**
 * How a VPC leaves a transient status: `PENDING_UPDATE` after a PUT (fault `vpc_status`), `CREATING`
 * after a POST (`create_status`), `PENDING_DELETE` after a DELETE (`delete_status`).
 */
export type AfterUpdate = 'ok' | 'stuck' | 'error';

/** Resources (other than subnets) that make a DELETE answer 409; see `DELETE_BLOCKERS` in handlers/vpc-lifecycle.ts. */
export type DeleteBlocker = 'firewall' | 'eip' | 'vpn' | 'security_group' | 'elb' | 'extension_route';
export const DELETE_BLOCKER_NAMES: readonly DeleteBlocker[] = ['firewall', 'eip', 'vpn', 'security_group', 'elb', 'extension_route'];

/** The VPC and subnet quotas (`GET /v1/{project_id}/quotas`); -1 = unlimited, as the API documents. */
export interface Quotas {
  vpc: number;
  subnet: number;
}

export interface VpcRecord {
  id: string;
  name: string;
  description: string;
  cidr: string;
  status: string;
  /** `null` and `[]` are both kept as sent: the real service shows either (reference §1.3). */
  routes: RouteRecord[] | null;
  enable_shared_snat: boolean;
  enterprise_project_id: string;
  tenant_id: string;
  created_at: string;
  updated_at: string;
  /** Epoch ms when a transient status (`CREATING`, `PENDING_UPDATE`) ends; absent when settled. */
  settle_at?: number;
  /** The status reached at `settle_at` (`GONE`, in store.ts, for a VPC in `PENDING_DELETE`). */
  settle_to?: string;
  /** Seeded resources that block a DELETE (never on the wire). */
  blockers?: DeleteBlocker[];
  /** v2.0 tags, key -> value (not in the v1 object); replaced whole, never changed in place. See tag-rules.ts. */
  tags?: Record<string, string>;
}

export interface SubnetRecord {
  id: string;
  name: string;
  cidr: string;
  gateway_ip: string;
  vpc_id: string;
  status: string;
  dhcp_enable: boolean;
  availability_zone: string;
}

export interface SeedVpc {
  id?: string;
  name: string;
  cidr: string;
  description?: string;
  enable_shared_snat?: boolean;
  routes?: RouteRecord[] | null;
  status?: string;
  enterprise_project_id?: string;
  blockers?: DeleteBlocker[];
  /** v2.0 tags, key -> value (the rules of a tag create). */
  tags?: Record<string, string>;
}

export interface SeedSubnet {
  id?: string;
  vpc_id: string;
  name: string;
  cidr: string;
  gateway_ip?: string;
}

export interface SeedCredential {
  access_key: string;
  secret_key: string;
  security_token?: string;
}

export interface SeedUser {
  name: string;
  password: string;
  domain: string;
}

/** The seed file (YAML or JSON), as documented in docs/emulator.md. */
export interface EmulatorSeed {
  project_id?: string;
  /** IAM project name shown in tokens (default `eu-de`). */
  project_name?: string;
  credentials?: SeedCredential[];
  users?: SeedUser[];
  vpcs?: SeedVpc[];
  subnets?: SeedSubnet[];
  /** Quotas of a new state (default vpc 150, subnet 400). */
  quotas?: Partial<Quotas>;
}

/** Kinds of injected failure. `reset` destroys the connection without an answer. */
export type FaultKind = '500' | '502' | '503' | '504' | 'reset' | '429';
export const FAULT_KINDS: readonly FaultKind[] = ['500', '502', '503', '504', 'reset', '429'];

/** A failure forced on the next matching request (deterministic tests). */
export interface ScriptedFault {
  /** Route template (`PUT /v1/{project_id}/vpcs/{vpc_id}`) or `*`. Default `*`. */
  route?: string;
  /** Only requests about this VPC id (or current name). */
  vpc?: string;
  fault: FaultKind;
  /** Strike after the request was carried out (PUT/POST/DELETE): the change happened. */
  after?: boolean;
}

/** Fault settings; all of them reproducible from `seed`. */
export interface FaultConfig {
  /** Added to every API answer, in ms. */
  latency_ms: number;
  /** Token-bucket limit in requests/s (0 = off); over it: 429 APIGW.0308. */
  rate_limit_rps: number;
  /** `Retry-After` seconds sent with 429 answers (0 = none, like the real gateway). */
  retry_after_s: number;
  /** Share (0..1) of API requests answered with a random 500/502/503 or a reset. */
  fault_rate: number;
  /** Share (0..1) of random faults on writes that strike after the write was carried out. */
  after_write_share: number;
  /** Which kinds the random faults draw from. */
  kinds: FaultKind[];
  /** PRNG seed. */
  seed: number;
  /** VPC id or name -> what happens after an update. */
  vpc_status: Record<string, AfterUpdate>;
  /** VPC name, or a pattern with `*` -> what a created VPC does after `CREATING`. */
  create_status: Record<string, AfterUpdate>;
  /** VPC id or name -> what a deleted VPC does after `PENDING_DELETE` (`ok` = gone). */
  delete_status: Record<string, AfterUpdate>;
  /** Forced failures, consumed in order by the first matching request. */
  next: ScriptedFault[];
}

export interface EmulatorCredential {
  access_key: string;
  secret_key: string;
  security_token?: string;
}

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = ephemeral (tests). Default 8080. */
  port?: number;
  /** A seed object or the path to a YAML/JSON seed file. */
  seed?: EmulatorSeed | string;
  /** Keeps state across restarts (`--state FILE`). */
  statePath?: string;
  /** How long a VPC stays `PENDING_UPDATE` after a PUT (default 1500 ms). */
  updateDelayMs?: number;
  /** How long a VPC stays `CREATING` after a POST (default 1000 ms). */
  createDelayMs?: number;
  /** How long a deleted VPC shows `PENDING_DELETE` before GET answers 404 (default 0: gone at once). */
  deleteDelayMs?: number;
  /** The VPC quota (-1 = unlimited); wins over the state file and the seed. Default 150. */
  vpcQuota?: number;
  latencyMs?: number;
  rateLimitRps?: number;
  /** Share of 500/502/503/resets. */
  faultRate?: number;
  faultSeed?: number;
  /** Extra AK/SK pairs (added to the seed's); any credential or user turns auth on. */
  credentials?: EmulatorCredential[];
  users?: SeedUser[];
  /** Token lifetime (default 24 h). */
  tokenTtlMs?: number;
  /** Allowed clock skew for signed requests (default 15 min). */
  clockSkewMs?: number;
  /** Time source (tests). */
  now?: () => number;
  /** One line per API request. */
  log?: (line: string) => void;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Route template, or `(no route)`. */
  route: string;
  path: string;
  vpc_id?: string;
  status: number;
  /** Injected failure, if any. */
  fault?: FaultKind;
  /** For writes: whether the change was carried out. */
  applied?: boolean;
}

export interface EmulatorStats {
  total: number;
  routes: Record<string, number>;
}
