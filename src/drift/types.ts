import type { SourceLocation } from '../errors/index.js';

/**
 * The drift report: plain, versioned, JSON-serializable data (`drift --json` prints it as is).
 * Renderers (text, markdown) read only this shape.
 */
export const DRIFT_FORMAT_VERSION = 1;

/**
 * - `in_sync`: every managed field matches.
 * - `drifted`: some field differs (live has X, git says Y).
 * - `missing`: the file wants a VPC that does not exist.
 * - `unwanted`: the file marks the VPC `ensure: absent`, and it exists.
 * - `error`: the VPC cannot be told apart (an ambiguous name, no id and no name).
 * A VPC marked absent that does not exist is `in_sync`.
 */
export type DriftStatus = 'in_sync' | 'drifted' | 'missing' | 'unwanted' | 'error';

export interface FieldDrift {
  /** The field, as in the desired-state file: `name`, `routes`… */
  path: string;
  /** The normalized live value. */
  live: unknown;
  /** What the file says; `null` for an unmanaged field (only with `--all-fields`). */
  desired: unknown;
  /** False for a field the file leaves alone, reported only with `--all-fields`. */
  managed: boolean;
  /** Where the file sets the field. */
  location?: SourceLocation;
}

export interface VpcDrift {
  /** `vpcs.<key>` */
  address: string;
  /** The live id, or the id the file names. */
  id?: string;
  status: DriftStatus;
  fields: FieldDrift[];
  /** One line for `missing`, `unwanted` and `error`: what went wrong. */
  message?: string;
  /** Where the file declares the VPC. */
  location?: SourceLocation;
}

export interface FileDrift {
  /** The desired-state file as given. */
  path: string;
  sha256: string;
  target: { endpoint: string; project_id: string };
  vpcs: VpcDrift[];
}

export interface DriftSummary {
  vpcs: number;
  in_sync: number;
  drifted: number;
  missing: number;
  unwanted: number;
  error: number;
}

export interface DriftReport {
  format_version: typeof DRIFT_FORMAT_VERSION;
  tool: { name: 'vpcform'; version: string };
  /** ISO 8601, UTC. */
  checked_at: string;
  /** Whether unmanaged fields were compared too. */
  all_fields: boolean;
  summary: DriftSummary;
  files: FileDrift[];
}

/** 0 in sync, 2 drift (a field differs, a VPC is missing or should be gone), 1 when a VPC could not be checked. */
export function driftExitCode(summary: DriftSummary): 0 | 1 | 2 {
  if (summary.error > 0) return 1;
  return summary.drifted + summary.missing + summary.unwanted > 0 ? 2 : 0;
}
