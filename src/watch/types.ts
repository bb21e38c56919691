import type { FailureInfo, OutcomeResult } from '../apply/types.js';
import type { DriftStatus, DriftSummary, FieldDrift } from '../drift/types.js';
import type { Diagnostic, ErrorCode } from '../errors/index.js';
import type { ChangeAction } from '../plan/types.js';

/**
 * What the watch loop reports, in order. Plain JSON-serializable data: `watch --json` prints each
 * event as one line, the human renderer and the Prometheus metrics read the same values. `at` is the
 * clock's time in ms since the epoch; `target` is a desired-state file as given (one file, one target).
 */
export type WatchEvent =
  | { type: 'watch_start'; at: number; interval_ms: number; heal: boolean; heal_deletes: boolean; paths: string[] }
  /** A file was read and is valid: the first time, or its content changed. */
  | { type: 'desired_loaded'; at: number; target: string; sha256: string; vpcs: number; first: boolean; warnings: Diagnostic[] }
  /**
   * A file (or a path) cannot be used as it is now. `kept`: the last valid state of the file is still
   * watched. Reported when it becomes invalid and whenever its errors change, not every cycle.
   * `scope: 'path'`: a path given on the command line cannot be read or listed (`target` is that path).
   */
  | { type: 'desired_invalid'; at: number; target: string; scope: 'file' | 'path'; kept: boolean; diagnostics: Diagnostic[] }
  /** A file is gone from a directory that was listed: it is no longer watched. */
  | { type: 'desired_removed'; at: number; target: string }
  | ({ type: 'drift_started' | 'drift_changed'; at: number; target: string } & VpcDriftState)
  | { type: 'drift_stopped'; at: number; target: string; address: string; id?: string; reason: 'in_sync' | 'removed_from_file' }
  | { type: 'check_ok'; at: number; target: string; duration_ms: number; summary: DriftSummary }
  | { type: 'check_failed'; at: number; target: string; duration_ms: number; error: WatchError; failures: number; retry_in_ms: number }
  /** A heal was tried for one VPC; `result` is the apply outcome, or `refused` when the plan marks it an error. */
  | {
      type: 'heal_done';
      at: number;
      target: string;
      address: string;
      id?: string;
      action: HealAction;
      result: HealResult;
      failure?: FailureInfo;
      /** After a failure: when the next heal of this VPC may be tried. */
      retry_in_ms?: number;
    }
  /** Healing a target could not start: the fresh plan's reads failed. Nothing was written; tried again next cycle. */
  | { type: 'heal_failed'; at: number; target: string; error: WatchError }
  /** A drifted VPC the watch will not heal, and why. Reported once per VPC and reason while it drifts. */
  | { type: 'heal_skipped'; at: number; target: string; address: string; id?: string; action: ChangeAction; reason: HealSkipReason }
  | { type: 'cycle'; at: number; cycle: number; duration_ms: number; checks: CycleCheck[]; invalid: string[]; ready: boolean; next_in_ms: number }
  | { type: 'watch_stop'; at: number; cycles: number; reason: 'signal' | 'max_cycles' };

export type WatchEventType = WatchEvent['type'];

export type HealAction = 'create' | 'update' | 'delete';

/** An apply outcome, or `refused`: the plan marked the change an error (the API would refuse it). */
export type HealResult = OutcomeResult | 'refused';

/**
 * - `deletes_not_enabled`: git marks the VPC absent; deleting it needs `--heal-deletes`.
 * - `waits_for_skipped`: a create that waits for a delete or rename that is not being healed.
 */
export type HealSkipReason = 'deletes_not_enabled' | 'waits_for_skipped';

/** One VPC that is not in sync, as the drift report has it. */
export interface VpcDriftState {
  address: string;
  id?: string;
  status: Exclude<DriftStatus, 'in_sync'>;
  fields: FieldDrift[];
  message?: string;
}

export interface WatchError {
  code: ErrorCode;
  summary: string;
  hint?: string;
}

export interface CycleCheck {
  target: string;
  result: CheckResult;
  /** VPCs the file declares. */
  vpcs?: number;
  /** VPCs not in sync (drifted, missing, unwanted, unresolved) at the check, before any heal. */
  not_in_sync?: number;
  /** With --heal: VPCs healed after the check, and heals that failed, were refused or left pending. */
  healed?: number;
  heal_failures?: number;
  duration_ms: number;
}

/** `drift`: some VPC is not in sync; `error`: the check itself failed (nothing was compared). */
export type CheckResult = 'in_sync' | 'drift' | 'error';

/** Readiness as `/readyz` serves it: ready when the last check of every target succeeded within two intervals. */
export interface Readiness {
  ready: boolean;
  targets: Array<{ target: string; ready: boolean; reason: string }>;
}
