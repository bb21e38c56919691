import { applyPlan } from '../apply/apply-plan.js';
import type { ApplyOptions } from '../apply/types.js';
import type { CloudClient } from '../cloud/types.js';
import type { DesiredState } from '../config/types.js';
import { makePlan } from '../refresh/make-plan.js';
import { healAction, selectHeals, type HealBackoff } from './heal-select.js';
import type { Drifting } from './transitions.js';
import type { HealAction, HealSkipReason, WatchEvent } from './types.js';
import type { ChangeAction } from '../plan/types.js';
import { assertNever } from '../errors/index.js';

export interface HealInput {
  target: string;
  state: DesiredState;
  client: CloudClient;
  /** The VPCs the check just found not in sync. */
  drifting: Drifting;
  healDeletes: boolean;
  backoff: HealBackoff;
  /** Skips already reported, per address (a reason is reported once while the VPC drifts). */
  noticed: Map<string, HealSkipReason>;
  /** When the check was due: back-off is measured on this schedule. */
  scheduledAt: number;
  now: () => number;
  emit: (event: WatchEvent) => void;
  /** Handed to the apply engine: signal (no new write after it), grace, clock, parallelism. */
  apply: Pick<ApplyOptions, 'signal' | 'abortGraceMs' | 'clock' | 'sleep' | 'parallelism' | 'timeoutMs' | 'pollPolicy'>;
}

/**
 * `--heal` for one target after a check: plans afresh (the same refresh and preflight as `plan`, so
 * nothing is written from a stale read), keeps the changes `selectHeals` allows, and carries them out
 * with the normal apply engine. Every change tried ends in one `heal_done` event naming the VPC —
 * including one left `pending` by a shutdown. Cloud failures end up in events, never thrown; a failed
 * read before any write is thrown for the caller to count as a failed check.
 */
export async function healTarget(input: HealInput): Promise<void> {
  const { target, backoff, noticed, emit, scheduledAt } = input;
  const addresses = new Set(input.drifting.keys());
  backoff.retain(addresses);
  for (const address of [...noticed.keys()]) if (!addresses.has(address)) noticed.delete(address);

  const healable = [...input.drifting.values()].filter((vpc) => {
    if (backoff.blocked(vpc.address, scheduledAt)) return false;
    if (vpc.status === 'drifted' || vpc.status === 'missing') return true;
    if (vpc.status !== 'unwanted') return false;
    if (input.healDeletes) return true;
    notice(input, vpc.address, vpc.id, 'delete', 'deletes_not_enabled');
    return false;
  });
  // Nothing to do: no plan, so an unchanged cycle costs no more calls with --heal than without.
  if (healable.length === 0) return;

  const plan = await makePlan(input.client, input.state, input.apply.signal === undefined ? {} : { signal: input.apply.signal });
  if (input.apply.signal?.aborted === true) return;
  const selection = selectHeals(plan, {
    drifting: new Set(healable.map((v) => v.address)),
    healDeletes: input.healDeletes,
    blocked: (address) => backoff.blocked(address, scheduledAt),
  });
  for (const { change, reason } of selection.skipped) notice(input, change.address, change.id, change.action, reason);
  for (const { change, failure } of selection.refused) {
    const retry = backoff.failed(change.address, scheduledAt);
    emit({
      type: 'heal_done',
      at: input.now(),
      target,
      address: change.address,
      ...(change.id !== undefined && { id: change.id }),
      action: intendedAction(input.drifting.get(change.address)?.status),
      result: 'refused',
      failure,
      retry_in_ms: retry,
    });
  }
  if (selection.plan.changes.length === 0) return;

  const actions = new Map(selection.plan.changes.map((c) => [c.address, healAction(c.action) ?? 'update']));
  const summary = await applyPlan(selection.plan, input.client, { ...input.apply, checkStale: false });
  for (const outcome of summary.outcomes) {
    const base = {
      type: 'heal_done' as const,
      at: input.now(),
      target,
      address: outcome.address,
      ...(outcome.id !== undefined && { id: outcome.id }),
      action: actions.get(outcome.address) ?? 'update',
      result: outcome.result,
      ...(outcome.failure !== undefined && { failure: outcome.failure }),
    };
    switch (outcome.result) {
      case 'created':
      case 'updated':
      case 'deleted':
      case 'unchanged':
        backoff.succeeded(outcome.address);
        noticed.delete(outcome.address);
        emit(base);
        break;
      case 'failed':
      case 'pending':
        emit({ ...base, retry_in_ms: backoff.failed(outcome.address, scheduledAt) });
        break;
      case 'not_started':
        emit(base);
        break;
      default:
        assertNever(outcome.result, 'apply outcome');
    }
  }
}

function notice(input: HealInput, address: string, id: string | undefined, action: ChangeAction, reason: HealSkipReason): void {
  if (input.noticed.get(address) === reason) return;
  input.noticed.set(address, reason);
  input.emit({ type: 'heal_skipped', at: input.now(), target: input.target, address, ...(id !== undefined && { id }), action, reason });
}

/** What healing a VPC in this drift status means, for a change the plan refused. */
function intendedAction(status: string | undefined): HealAction {
  if (status === 'missing') return 'create';
  if (status === 'unwanted') return 'delete';
  return 'update';
}
