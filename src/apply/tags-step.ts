import type { AttributeChange, TagsRequest } from '../plan/types.js';
import { describeMismatch, mismatchedTags } from './compare.js';
import { failure, failureFromError } from './failure.js';
import { markInFlight, retryReporter, type RunContext } from './run-context.js';
import type { StepResultNoVpc } from './put-step.js';
import type { Task } from './task.js';

/** The tag part of a change: the calls to send and the `tags.<key>` attributes to verify. */
export interface TagsToApply {
  requests: TagsRequest[];
  attributes: AttributeChange[];
}

/**
 * Sends the planned tag calls in order (removals, then one create that sets new and changed keys),
 * then reads the tags back and checks every planned key. The batch action is idempotent (lifecycle-
 * tags §3.2): the client retries it like a PUT. No status to wait for: tags change at once.
 */
export async function applyTags(ctx: RunContext, task: Task, id: string, tags: TagsToApply): Promise<StepResultNoVpc> {
  const subject = { ...task.subject, id };
  const call = { signal: ctx.hardStop, onRetry: retryReporter(ctx, subject, 'tags', task.counters) };
  try {
    for (const request of tags.requests) {
      if (ctx.hardStop.aborted) return { kind: 'pending' };
      markInFlight(ctx, subject, 'tags');
      ctx.options.emit({ type: 'tags_sent', at: ctx.options.clock.now(), ...subject, action: request.action, keys: request.tags.map((t) => t.key) });
      await ctx.client.vpcTagsAction(id, request.action, request.tags, call);
    }
    const live = await ctx.client.getVpcTags(id, call);
    const mismatches = mismatchedTags(tags.attributes, live);
    if (mismatches.length === 0) return { kind: 'ok' };
    return {
      kind: 'failed',
      failure: failure('APPLY_NOT_CONVERGED', 'The tags read back differ from the plan', {
        detail: mismatches.map(describeMismatch).join('\n'),
        hint: 'Another actor may be changing this VPC\'s tags. Run `vpcform plan` to see the difference, then apply again.',
        fields: ['tags'],
      }),
    };
  } catch (err) {
    if (ctx.hardStop.aborted) return { kind: 'pending' };
    return { kind: 'failed', failure: failureFromError(err) };
  }
}
