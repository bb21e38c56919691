import type { CloudClient } from '../cloud/types.js';
import type { DesiredState } from '../config/types.js';
import { refresh } from '../refresh/refresh.js';
import { detectDrift, summarize } from './detect.js';
import { DRIFT_FORMAT_VERSION, type DriftReport, type FileDrift } from './types.js';

export interface CheckDriftInput {
  /** Loaded desired-state files (see `loadDesired`). */
  states: readonly DesiredState[];
  /** A client for a file's target (each file has its own target). */
  clientFor: (state: DesiredState) => CloudClient;
  /** Report unmanaged fields too. */
  allFields?: boolean;
  signal?: AbortSignal;
  /** Injected for reproducible reports. */
  now?: () => Date;
  toolVersion: string;
}

/**
 * Reads the live VPCs of every file (the same `refresh` a plan uses) and reports where they differ
 * from it. Read-only: never sends a PUT. Files are checked one after the other; one client per file.
 */
export async function checkDrift(input: CheckDriftInput): Promise<DriftReport> {
  const files: FileDrift[] = [];
  for (const state of input.states) {
    const client = input.clientFor(state);
    // Drift compares values only: the plan's preflight reads (subnets, quota) would be wasted calls.
    const refreshed = await refresh(client, state, { preflightReads: false, ...(input.signal !== undefined && { signal: input.signal }) });
    files.push(
      detectDrift(state, refreshed.vpcs, { endpoint: client.endpoint, project_id: client.projectId }, { allFields: input.allFields === true }),
    );
  }
  return {
    format_version: DRIFT_FORMAT_VERSION,
    tool: { name: 'vpcform', version: input.toolVersion },
    checked_at: (input.now ?? (() => new Date()))().toISOString(),
    all_fields: input.allFields === true,
    summary: summarize(files),
    files,
  };
}
