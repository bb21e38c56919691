import type { Diagnostic } from '../errors/index.js';
import type { UpdateVpcBody } from '../model/vpc.js';

/**
 * The plan: plain, versioned, JSON-serializable data (STYLE §1). `JSON.stringify(plan)` is the file.
 * No classes, no getters. Readers refuse a `format_version` they do not know.
 */
export const PLAN_FORMAT_VERSION = 1;

export type ChangeAction = 'update' | 'no-op' | 'error';

/** One managed attribute that differs. `path` is dotted (`name`, `routes`). */
export interface AttributeChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface PlannedChange {
  /** `vpcs.<key>` */
  address: string;
  /** The live VPC id; absent when the VPC could not be resolved (action `error`). */
  id?: string;
  action: ChangeAction;
  attributes: AttributeChange[];
  /** The exact PUT body (`{"vpc": …}`), present for `update` only. Carries `name` or `cidr`. */
  request?: { vpc: UpdateVpcBody };
  /** `sha256:<hex>` of the normalized managed fields of the live VPC at plan time. */
  live_fingerprint?: string;
  diagnostics: Diagnostic[];
}

export interface PlanSummary {
  update: number;
  no_op: number;
  error: number;
}

export interface Plan {
  format_version: typeof PLAN_FORMAT_VERSION;
  tool: { name: 'vpcform'; version: string };
  /** ISO 8601, UTC. */
  created_at: string;
  target: { endpoint: string; project_id: string };
  desired: { path: string; sha256: string };
  summary: PlanSummary;
  changes: PlannedChange[];
}
