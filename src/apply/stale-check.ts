import type { ManagedValues } from '../model/fields.js';
import { isVpcformError } from '../errors/index.js';
import { liveFingerprint } from '../plan/fingerprint.js';
import { describeMismatch, mismatchedFields } from './compare.js';
import { failure, failureFromError } from './failure.js';
import { retryReporter, type RunContext, type VpcCounters } from './run-context.js';
import type { EventSubject, FailureInfo } from './types.js';

/**
 * Re-reads the VPC and compares its live fingerprint with the one the saved plan recorded. Returns a
 * `PLAN_STALE` failure naming what changed, or undefined when the plan still describes the VPC. With
 * `goneIsFine` (a delete: the VPC is to be absent) a VPC that no longer exists gives `'gone'`.
 */
export async function checkStale(
  ctx: RunContext,
  subject: EventSubject & { id: string },
  recorded: { fingerprint: string | undefined; planTimeValues: Partial<ManagedValues>; withTags?: boolean },
  counters: VpcCounters,
  goneIsFine = false,
): Promise<FailureInfo | 'gone' | undefined> {
  const { clock, emit } = ctx.options;
  const hint = 'Run `vpcform plan` again to make a fresh plan, review it, then apply that.';
  let live;
  try {
    const call = { signal: ctx.hardStop, onRetry: retryReporter(ctx, subject, 'stale_check', counters) };
    live = await ctx.client.getVpc(subject.id, call);
    // The plan's fingerprint covers the tags it read: read them too, or every such plan looks stale.
    if (recorded.withTags === true) live.tags = await ctx.client.getVpcTags(subject.id, call);
  } catch (err) {
    if (isVpcformError(err) && err.code === 'CLOUD_NOT_FOUND') {
      if (goneIsFine) return 'gone';
      emit({ type: 'stale_check', at: clock.now(), ...subject, fresh: false, changed: ['(deleted)'] });
      return failure('PLAN_STALE', 'The VPC no longer exists', { hint, ...(err.cloud?.requestId !== undefined && { requestId: err.cloud.requestId }) });
    }
    return failureFromError(err);
  }
  counters.lastStatus = live.status;
  const changes = mismatchedFields(recorded.planTimeValues, live);
  // A matching fingerprint with mismatching plan-time values means the plan was edited (an anchor
  // such as `name` changed in the request): the live VPC is as planned, the plan is not.
  if (recorded.fingerprint !== undefined && liveFingerprint(live) === recorded.fingerprint && changes.length === 0) {
    emit({ type: 'stale_check', at: clock.now(), ...subject, fresh: true, changed: [] });
    return undefined;
  }
  const changed = changes.length > 0 ? changes.map((m) => m.field) : [recorded.withTags === true ? '(tags, or a field this plan does not change)' : '(a field this plan does not change)'];
  emit({ type: 'stale_check', at: clock.now(), ...subject, fresh: false, changed });
  return failure('PLAN_STALE', `The VPC changed since the plan was made: ${changed.join(', ')}`, {
    hint,
    fields: changes.map((m) => m.field),
    ...(changes.length > 0 && { detail: changes.map((m) => describeMismatch(m).replace('expected', 'planned from')).join('\n') }),
    ...(recorded.fingerprint === undefined && { detail: 'The plan recorded no live fingerprint for this VPC.' }),
  });
}
