import type { FailureInfo } from '../apply/types.js';
import { assertNever } from '../errors/index.js';
import type { Plan, PlannedChange } from '../plan/types.js';
import { backoffDelay, type BackoffSchedule } from './backoff.js';
import type { HealAction, HealSkipReason } from './types.js';

/**
 * Which changes of a fresh plan `--heal` carries out. Pure. Only VPCs the drift check found not in
 * sync are considered, each at most once; a delete only with `--heal-deletes`; a VPC whose last heal
 * failed waits out its back-off; a create that waits for a change not healed now is skipped (it
 * would fail on the name or the quota that change frees).
 */
export interface HealSelection {
  /** The plan to apply: the selected changes only, with a matching summary. */
  plan: Plan;
  /** `error` changes: the plan says the API would refuse them. */
  refused: Array<{ change: PlannedChange; failure: FailureInfo }>;
  skipped: Array<{ change: PlannedChange; reason: HealSkipReason }>;
}

export interface SelectOptions {
  /** Addresses the drift check found not in sync. */
  drifting: ReadonlySet<string>;
  healDeletes: boolean;
  /** True while a VPC's back-off after a failed heal runs. */
  blocked: (address: string) => boolean;
}

export function selectHeals(plan: Plan, options: SelectOptions): HealSelection {
  const selected: PlannedChange[] = [];
  const refused: HealSelection['refused'] = [];
  const skipped: HealSelection['skipped'] = [];
  for (const change of plan.changes) {
    if (!options.drifting.has(change.address) || options.blocked(change.address)) continue;
    switch (change.action) {
      case 'no-op':
        break;
      case 'error':
        refused.push({ change, failure: refusal(change) });
        break;
      case 'delete':
        if (options.healDeletes) selected.push(change);
        else skipped.push({ change, reason: 'deletes_not_enabled' });
        break;
      case 'update':
      case 'create':
        selected.push(change);
        break;
      default:
        assertNever(change.action, 'plan action');
    }
  }
  // A create whose prerequisite is not part of this run would fail without a request: leave it for later.
  const chosen = new Set(selected.map((c) => c.address));
  const runnable = selected.filter((change) => {
    const waits = change.waits_for ?? [];
    if (waits.every((address) => chosen.has(address))) return true;
    skipped.push({ change, reason: 'waits_for_skipped' });
    return false;
  });
  return { plan: withChanges(plan, runnable), refused, skipped };
}

export function healAction(action: PlannedChange['action']): HealAction | undefined {
  return action === 'create' || action === 'update' || action === 'delete' ? action : undefined;
}

function refusal(change: PlannedChange): FailureInfo {
  const first = change.diagnostics.find((d) => d.severity === 'error') ?? change.diagnostics[0];
  if (first === undefined) return { code: 'APPLY_FAILED', message: 'The plan marks this change as an error' };
  return { code: first.code, message: first.summary, ...(first.hint !== undefined && { hint: first.hint }) };
}

function withChanges(plan: Plan, changes: PlannedChange[]): Plan {
  const count = (action: PlannedChange['action']): number => changes.filter((c) => c.action === action).length;
  return {
    ...plan,
    summary: { create: count('create'), update: count('update'), delete: count('delete'), no_op: count('no-op'), error: count('error') },
    changes,
  };
}

/**
 * Per-VPC back-off after a failed heal, on the scheduled times of checks (not the wall clock at the
 * end of an apply), so "wait one interval" means "skip the next check" exactly.
 */
export class HealBackoff {
  private readonly entries = new Map<string, { failures: number; retryAt: number }>();

  constructor(private readonly schedule: BackoffSchedule) {}

  blocked(address: string, scheduledAt: number): boolean {
    const entry = this.entries.get(address);
    return entry !== undefined && scheduledAt < entry.retryAt;
  }

  /** Records a failure; returns the delay before the next try. */
  failed(address: string, scheduledAt: number): number {
    const failures = (this.entries.get(address)?.failures ?? 0) + 1;
    const delay = backoffDelay(this.schedule, failures);
    this.entries.set(address, { failures, retryAt: scheduledAt + delay });
    return delay;
  }

  succeeded(address: string): void {
    this.entries.delete(address);
  }

  /** Forgets VPCs that are in sync again (or gone from the file). */
  retain(drifting: ReadonlySet<string>): void {
    for (const address of [...this.entries.keys()]) if (!drifting.has(address)) this.entries.delete(address);
  }

  get size(): number {
    return this.entries.size;
  }
}
