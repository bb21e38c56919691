import { setMaxListeners } from 'node:events';
import type { CloudClient } from '../cloud/types.js';
import type { LiveVpc } from '../model/vpc.js';
import type { Plan, PlannedChange } from '../plan/types.js';
import { planTimeValues } from './compare.js';
import { convergeVpc, type UpdateToApply } from './converge-vpc.js';
import { createVpc, type CreateToApply } from './create-vpc.js';
import { deleteVpc, type DeleteToApply } from './delete-vpc.js';
import { Dependencies } from './dependencies.js';
import { failure } from './failure.js';
import type { TagsToApply } from './tags-step.js';
import { adaptivePollPolicy } from './poll-policy.js';
import { retryReporter, type RunContext } from './run-context.js';
import { StatusWatcher } from './status-watcher.js';
import { systemClock, systemSleep } from './time.js';
import type { ApplyEvent, ApplyOptions, ApplyOutcome, ApplySummary, InFlightVpc, OutcomeResult, ResolvedApplyOptions } from './types.js';
import { WATCH_DEFAULTS, type WatchOptions } from './watch-choice.js';

export const APPLY_DEFAULTS = {
  // Throughput is the rate limiter's business now (the watcher's reads cost O(pages), not O(VPCs)):
  // 40 keeps the default 20 requests/s busy through transitions of up to ~2 s, and bounds how many
  // VPCs are mid-change at once (docs/apply.md, "Concurrency").
  parallelism: 40,
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
    createPollPolicy: options.pollPolicy ?? adaptivePollPolicy(),
    deletePollPolicy: options.pollPolicy ?? adaptivePollPolicy(),
    clock: options.clock ?? systemClock,
    sleep: options.sleep ?? systemSleep,
    signal: options.signal,
    abortGraceMs: options.abortGraceMs ?? APPLY_DEFAULTS.abortGraceMs,
    maxPutRounds: Math.max(1, options.maxPutRounds ?? APPLY_DEFAULTS.maxPutRounds),
    watch: resolveWatchOptions(options.watch),
    emit: (event: ApplyEvent) => onEvent?.(event),
    debug: options.debug ?? (() => {}),
  };
}

function resolveWatchOptions(partial: Partial<WatchOptions> = {}): WatchOptions {
  const out = { ...WATCH_DEFAULTS };
  for (const key of Object.keys(out) as Array<keyof WatchOptions>) {
    const value = partial[key];
    if (value !== undefined && Number.isFinite(value) && value >= 0) out[key] = value;
  }
  out.pageSize = Math.min(2000, Math.max(1, Math.floor(out.pageSize)));
  return out;
}

/** One unit of work of the queue. */
type Work = { kind: 'update'; item: UpdateToApply } | { kind: 'create'; item: CreateToApply } | { kind: 'delete'; item: DeleteToApply };

/**
 * Carries out a plan through `client`, at most `parallelism` VPCs at once: deletes first (they free
 * names and quota), then updates, then creates (a create waits for the delete or rename it depends
 * on). One VPC's failure never stops the others, except a create waiting for it. Resolves with a
 * summary where every change of the plan appears exactly once; never rejects for a cloud failure.
 * Emits ApplyEvents and never prints.
 */
export async function applyPlan(plan: Plan, client: CloudClient, options: ApplyOptions = {}): Promise<ApplySummary> {
  const opts = resolveApplyOptions(options);
  const { clock, emit } = opts;
  const startedAt = clock.now();
  const hardStop = new AbortController();
  // Every in-flight call and sleep listens on it: one listener per VPC at most `parallelism` at once.
  setMaxListeners(0, hardStop.signal);
  let graceTimer: Promise<void> | undefined;
  const dependencies = new Dependencies(plan.changes.map((c) => c.address));
  let listing: Promise<LiveVpc[]> | undefined;
  const shared = { client, options: opts, hardStop: hardStop.signal, inFlight: new Map<string, InFlightVpc>() };
  const watcher = new StatusWatcher(shared, opts.watch);
  const ctx: RunContext = {
    ...shared,
    stopRequested: () => opts.signal?.aborted === true,
    dependencies,
    projectVpcs: ({ subject, counters }) =>
      (listing ??= client.listVpcs({ signal: hardStop.signal, onRetry: retryReporter(ctx, subject, 'stale_check', counters) }).then((vpcs) => {
        watcher.sawListing(vpcs.length);
        return vpcs;
      })),
    watcher,
  };
  const outcomes = new Map<string, ApplyOutcome>();
  const record = (outcome: ApplyOutcome): void => {
    outcomes.set(outcome.address, outcome);
    dependencies.settle(outcome.address, SUCCEEDED.has(outcome.result));
  };
  const work: Work[] = [];
  for (const change of plan.changes) {
    const settled = settleWithoutWork(change, opts, clock.now());
    if (settled !== undefined) record(settled);
    else work.push(toWork(change, plan, opts.checkStale));
  }
  const queue = [...work.filter((w) => w.kind === 'delete'), ...work.filter((w) => w.kind === 'update'), ...work.filter((w) => w.kind === 'create')];
  emit({ type: 'apply_start', at: startedAt, total: plan.changes.length, toChange: queue.length, parallelism: opts.parallelism, target: plan.target });

  const onAbort = (): void => {
    emit({ type: 'interrupted', at: clock.now(), inFlight: [...ctx.inFlight.values()], notStarted: queue.length, graceMs: opts.abortGraceMs });
    graceTimer = opts.sleep(opts.abortGraceMs, hardStop.signal).then(() => hardStop.abort());
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });

  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) record(await run(ctx, next));
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
    case 'create':
    case 'delete': {
      const missing = missingParts(change);
      if (missing === undefined) return undefined;
      const f = failure('PLAN_CORRUPT', `A ${change.action} without ${missing}`, { hint: 'Make a fresh plan with `vpcform plan`.' });
      opts.emit({ type: 'change_failed', at, ...subject, ...f });
      return { ...subject, result: 'failed', failure: f };
    }
    default: {
      const never: never = change.action;
      throw new Error(`unhandled action ${String(never)}`);
    }
  }
}

const SUCCEEDED: ReadonlySet<OutcomeResult> = new Set(['created', 'updated', 'deleted', 'unchanged']);

function missingParts(change: PlannedChange): string | undefined {
  switch (change.action) {
    case 'update':
      return change.id === undefined || (change.request === undefined && (change.tags_requests ?? []).length === 0) ? 'a VPC id or a request body' : undefined;
    case 'create':
      return change.create_request === undefined ? 'a request body' : undefined;
    case 'delete':
      return change.id === undefined ? 'a VPC id' : undefined;
    default:
      return undefined;
  }
}

function run(ctx: RunContext, work: Work): Promise<ApplyOutcome> {
  switch (work.kind) {
    case 'update':
      return convergeVpc(ctx, work.item);
    case 'create':
      return createVpc(ctx, work.item);
    case 'delete':
      return deleteVpc(ctx, work.item);
    default: {
      const never: never = work;
      throw new Error(`unhandled work ${JSON.stringify(never)}`);
    }
  }
}

/** settleWithoutWork has ruled out missing ids and bodies. */
function toWork(change: PlannedChange, plan: Plan, checkStale: boolean): Work {
  const address = change.address;
  switch (change.action) {
    case 'create': {
      const waitsFor = change.waits_for ?? [];
      const freedIds = new Set(plan.changes.filter((c) => waitsFor.includes(c.address) && c.id !== undefined).map((c) => c.id as string));
      const tags = tagsOf(change);
      const item: CreateToApply = {
        address,
        body: (change.create_request as NonNullable<PlannedChange['create_request']>).vpc,
        ...(change.request !== undefined && { followUp: change.request.vpc }),
        ...(tags !== undefined && { tags }),
        waitsFor,
        ...(checkStale && { nameCheck: { freedIds } }),
      };
      return { kind: 'create', item };
    }
    case 'delete':
      return { kind: 'delete', item: { address, id: change.id as string, ...(checkStale && { stale: { fingerprint: change.live_fingerprint } }) } };
    default: {
      const body = change.request?.vpc;
      const tags = tagsOf(change);
      return {
        kind: 'update',
        item: {
          address,
          id: change.id as string,
          ...(body !== undefined && { body }),
          ...(tags !== undefined && { tags }),
          ...(checkStale && {
            stale: { fingerprint: change.live_fingerprint, planTimeValues: planTimeValues(change.attributes, body), withTags: change.fingerprint_covers_tags === true },
          }),
        },
      };
    }
  }
}

function tagsOf(change: PlannedChange): TagsToApply | undefined {
  if (change.tags_requests === undefined || change.tags_requests.length === 0) return undefined;
  return { requests: change.tags_requests, attributes: change.attributes.filter((a) => a.path.startsWith('tags.')) };
}

function summarize(plan: Plan, outcomes: Map<string, ApplyOutcome>, interrupted: boolean, elapsedMs: number): ApplySummary {
  const counts: Record<OutcomeResult, number> = { created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0, not_started: 0, pending: 0 };
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
  const converged = counts.created + counts.updated + counts.deleted + counts.unchanged === plan.changes.length;
  return { outcomes: ordered, counts, interrupted, elapsedMs, converged };
}
