import { setMaxListeners } from 'node:events';
import type { CloudClient } from '../cloud/types.js';
import type { Plan, PlannedChange } from '../plan/types.js';
import { planTimeValues } from './compare.js';
import { convergeVpc, type UpdateToApply } from './converge-vpc.js';
import { failure } from './failure.js';
import { adaptivePollPolicy } from './poll-policy.js';
import type { RunContext } from './run-context.js';
import { systemClock, systemSleep } from './time.js';
import type { ApplyEvent, ApplyOptions, ApplyOutcome, ApplySummary, OutcomeResult, ResolvedApplyOptions } from './types.js';

export const APPLY_DEFAULTS = {
  parallelism: 10,
  timeoutMs: 10 * 60_000,
  abortGraceMs: 30_000,
  maxPutRounds: 3,
} as const;

export function resolveApplyOptions(options: ApplyOptions): ResolvedApplyOptions {
  const onEvent = options.onEvent;
  return {
    parallelism: Math.max(1, Math.floor(options.parallelism ?? APPLY_DEFAULTS.parallelism)),
    timeoutMs: options.timeoutMs ?? APPLY_DEFAULTS.timeoutMs,
    checkStale: options.checkStale ?? false,
    pollPolicy: options.pollPolicy ?? adaptivePollPolicy(),
    clock: options.clock ?? systemClock,
    sleep: options.sleep ?? systemSleep,
    signal: options.signal,
    abortGraceMs: options.abortGraceMs ?? APPLY_DEFAULTS.abortGraceMs,
    maxPutRounds: Math.max(1, options.maxPutRounds ?? APPLY_DEFAULTS.maxPutRounds),
    emit: (event: ApplyEvent) => onEvent?.(event),
  };
}

/**
 * Carries out a plan through `client`: every `update` change is PUT, waited for and verified, at most
 * `parallelism` at once; one VPC's failure never stops the others. Resolves with a summary where every
 * change of the plan appears exactly once; never rejects for a cloud failure. Emits ApplyEvents and
 * never prints.
 */
export async function applyPlan(plan: Plan, client: CloudClient, options: ApplyOptions = {}): Promise<ApplySummary> {
  const opts = resolveApplyOptions(options);
  const { clock, emit } = opts;
  const startedAt = clock.now();
  const hardStop = new AbortController();
  // Every in-flight call and sleep listens on it: one listener per VPC at most `parallelism` at once.
  setMaxListeners(0, hardStop.signal);
  let graceTimer: Promise<void> | undefined;
  const ctx: RunContext = {
    client,
    options: opts,
    hardStop: hardStop.signal,
    stopRequested: () => opts.signal?.aborted === true,
    inFlight: new Map(),
  };
  const outcomes = new Map<string, ApplyOutcome>();
  const queue: UpdateToApply[] = [];
  for (const change of plan.changes) {
    const settled = settleWithoutWork(change, opts, clock.now());
    if (settled !== undefined) outcomes.set(change.address, settled);
    else queue.push(toUpdate(change, opts.checkStale));
  }
  emit({ type: 'apply_start', at: startedAt, total: plan.changes.length, toChange: queue.length, parallelism: opts.parallelism, target: plan.target });

  const onAbort = (): void => {
    emit({ type: 'interrupted', at: clock.now(), inFlight: [...ctx.inFlight.values()], notStarted: queue.length, graceMs: opts.abortGraceMs });
    graceTimer = opts.sleep(opts.abortGraceMs, hardStop.signal).then(() => hardStop.abort());
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });

  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      outcomes.set(next.address, await convergeVpc(ctx, next));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.parallelism, queue.length) }, worker));
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    // Ends the grace sleep so a finished run does not keep the process alive.
    hardStop.abort();
    await graceTimer;
  }
  const summary = summarize(plan, outcomes, opts.signal?.aborted === true, clock.now() - startedAt);
  emit({ type: 'apply_done', at: clock.now(), summary });
  return summary;
}

/** `no-op` and `error` changes need no cloud call: they are settled before any work starts. */
function settleWithoutWork(change: PlannedChange, opts: ResolvedApplyOptions, at: number): ApplyOutcome | undefined {
  const subject = { address: change.address, ...(change.id !== undefined && { id: change.id }) };
  switch (change.action) {
    case 'no-op':
      opts.emit({ type: 'change_skipped', at, ...subject, reason: 'no-op' });
      return { ...subject, result: 'unchanged' };
    case 'error': {
      const first = change.diagnostics.find((d) => d.severity === 'error') ?? change.diagnostics[0];
      const f = first
        ? failure(first.code, first.summary, { ...(first.hint !== undefined && { hint: first.hint }), ...(first.detail !== undefined && { detail: first.detail }) })
        : failure('APPLY_FAILED', 'The plan marks this change as an error', { hint: 'Run `vpcform plan` to see why.' });
      opts.emit({ type: 'change_failed', at, ...subject, ...f, message: `Not attempted: ${f.message}` });
      return { ...subject, result: 'failed', failure: { ...f, message: `Not attempted: ${f.message}` } };
    }
    case 'update':
      if (change.id === undefined || change.request === undefined) {
        const f = failure('PLAN_CORRUPT', 'An update without a VPC id or a request body', { hint: 'Make a fresh plan with `vpcform plan`.' });
        opts.emit({ type: 'change_failed', at, ...subject, ...f });
        return { ...subject, result: 'failed', failure: f };
      }
      return undefined;
    default: {
      const never: never = change.action;
      throw new Error(`unhandled action ${String(never)}`);
    }
  }
}

function toUpdate(change: PlannedChange, checkStale: boolean): UpdateToApply {
  // settleWithoutWork has ruled out a missing id or request.
  const id = change.id as string;
  const body = change.request?.vpc ?? {};
  return {
    address: change.address,
    id,
    body,
    ...(checkStale && { stale: { fingerprint: change.live_fingerprint, planTimeValues: planTimeValues(change.attributes, body) } }),
  };
}

function summarize(plan: Plan, outcomes: Map<string, ApplyOutcome>, interrupted: boolean, elapsedMs: number): ApplySummary {
  const counts: Record<OutcomeResult, number> = { updated: 0, unchanged: 0, failed: 0, not_started: 0, pending: 0 };
  const ordered = plan.changes.map((change): ApplyOutcome => {
    const outcome = outcomes.get(change.address) ?? {
      address: change.address,
      ...(change.id !== undefined && { id: change.id }),
      result: 'failed',
      failure: failure('INTERNAL', 'No outcome was recorded for this change', { hint: 'This is a bug in vpcform. Please report it.' }),
    };
    counts[outcome.result] += 1;
    return outcome;
  });
  return { outcomes: ordered, counts, interrupted, elapsedMs, converged: counts.updated + counts.unchanged === plan.changes.length };
}
