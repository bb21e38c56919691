import type { Diagnostic } from '../errors/index.js';
import type { ResourceTag, TagAction } from '../model/tags.js';
import type { CreateVpcBody, UpdateVpcBody } from '../model/vpc.js';

/**
 * The plan: plain, versioned, JSON-serializable data (STYLE §1). `JSON.stringify(plan)` is the file.
 * No classes, no getters. Readers refuse a `format_version` they do not know.
 */
export const PLAN_FORMAT_VERSION = 2;

/** Plan files of these older versions are recognised, and refused with a message saying what to do. */
export const OLDER_PLAN_FORMAT_VERSIONS: readonly number[] = [1];

/**
 * `create`: POST, then the follow-up update once OK. `update`: PUT. `delete`: DELETE, then wait until
 * the VPC is gone. `no-op`: in line (or absent as declared). `error`: refused before anything is sent.
 */
export type ChangeAction = 'create' | 'update' | 'delete' | 'no-op' | 'error';

/**
 * The body of one `POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action` (lifecycle-tags §3.2): `create`
 * adds or overwrites, `delete` removes (sent with the live value).
 */
export interface TagsRequest {
  action: TagAction;
  tags: ResourceTag[];
}

/** One managed attribute that differs. `path` is dotted (`name`, `routes`, `tags.env`). */
export interface AttributeChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface PlannedChange {
  /** `vpcs.<key>` */
  address: string;
  /** The live VPC id; absent for a `create` and when the VPC could not be resolved (`error`). */
  id?: string;
  action: ChangeAction;
  attributes: AttributeChange[];
  /**
   * The exact PUT body (`{"vpc": …}`): the update of an `update`, or the follow-up update a `create`
   * sends once the VPC is OK (the fields the POST cannot carry). Carries `name` or `cidr`.
   */
  request?: { vpc: UpdateVpcBody };
  /**
   * The tag calls, in order: removed keys first (so adding never overshoots the per-VPC limit), then
   * one `create` for new and changed keys (it overwrites). A kept key is never removed. For an update
   * (a tag-only change sends no PUT) and for a create (sent once the VPC is OK).
   */
  tags_requests?: TagsRequest[];
  /** `create` only: the exact POST body. */
  create_request?: { vpc: CreateVpcBody };
  /**
   * `create` only: addresses of changes in this plan that must finish first — a delete or rename that
   * frees the name, or a delete that frees quota.
   */
  waits_for?: string[];
  /** `sha256:<hex>` of the normalized managed fields of the live VPC at plan time (update, delete, no-op). */
  live_fingerprint?: string;
  /** The fingerprint covers the VPC's tags (the file manages them): a saved plan's stale check reads them too. */
  fingerprint_covers_tags?: true;
  diagnostics: Diagnostic[];
}

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
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
  /**
   * The addresses given with `--target`, in file order; absent for a plan of the whole file. Its
   * changes are these and the entries they depend on (a delete or rename a create waits for, an
   * entry resolving to the same VPC); every other entry of the file was neither read nor planned.
   */
  targets?: string[];
  summary: PlanSummary;
  changes: PlannedChange[];
}
