import type { LiveVpc } from '../model/vpc.js';
import { failureFromError } from './failure.js';
import type { StepResult } from './put-step.js';
import type { RunContext, VpcCounters } from './run-context.js';
import type { ApplyOutcome, EventSubject, FailureInfo, OutcomeResult } from './types.js';

/**
 * The bookkeeping every per-VPC flow (update, create, delete) shares: its counters, and the endings
 * that emit the one final event of the VPC and build its outcome. `subject.id` may be learnt on the
 * way (a create's new VPC), so endings read it when they run.
 */
export interface Task {
  subject: EventSubject;
  counters: VpcCounters;
  startedAt: number;
  fail(f: FailureInfo): ApplyOutcome;
  notStarted(): ApplyOutcome;
  pending(): ApplyOutcome;
  done(result: Extract<OutcomeResult, 'created' | 'updated' | 'deleted'>, vpc?: LiveVpc): ApplyOutcome;
  skipped(reason: 'already-absent'): ApplyOutcome;
}

export function startTask(ctx: RunContext, subject: EventSubject): Task {
  const { clock, emit } = ctx.options;
  const counters: VpcCounters = { polls: 0, retries: 0 };
  const startedAt = clock.now();
  const tally = (): Pick<ApplyOutcome, 'elapsedMs' | 'polls' | 'retries' | 'lastStatus'> => ({
    elapsedMs: clock.now() - startedAt,
    polls: counters.polls,
    retries: counters.retries,
    ...(counters.lastStatus !== undefined && { lastStatus: counters.lastStatus }),
  });
  return {
    subject,
    counters,
    startedAt,
    fail(f) {
      const withStatus = counters.lastStatus !== undefined && f.lastStatus === undefined ? { ...f, lastStatus: counters.lastStatus } : f;
      emit({ type: 'change_failed', at: clock.now(), ...subject, ...withStatus });
      return { ...subject, result: 'failed', failure: withStatus, ...tally() };
    },
    notStarted() {
      emit({ type: 'change_skipped', at: clock.now(), ...subject, reason: 'interrupted' });
      return { ...subject, result: 'not_started' };
    },
    pending() {
      emit({ type: 'change_pending', at: clock.now(), ...subject, lastStatus: counters.lastStatus });
      return { ...subject, result: 'pending', ...tally() };
    },
    done(result, vpc) {
      const at = clock.now();
      emit({ type: 'change_done', at, ...subject, result, elapsedMs: at - startedAt, polls: counters.polls, retries: counters.retries });
      return { ...subject, result, ...(vpc !== undefined && { lastStatus: vpc.status }), ...tally() };
    },
    skipped(reason) {
      emit({ type: 'change_skipped', at: clock.now(), ...subject, reason });
      return { ...subject, result: 'unchanged' };
    },
  };
}

/**
 * One VPC's flow, as every kind runs it: not started when an interrupt came first; else
 * `change_start`, the flow, and an outcome whatever it throws (an unknown throwable is a bug and says
 * so); the VPC leaves the in-flight bookkeeping at the end.
 */
export async function runTask(ctx: RunContext, subject: EventSubject, flow: (task: Task) => Promise<ApplyOutcome>): Promise<ApplyOutcome> {
  const { clock, emit } = ctx.options;
  if (ctx.stopRequested()) {
    emit({ type: 'change_skipped', at: clock.now(), ...subject, reason: 'interrupted' });
    return { ...subject, result: 'not_started' };
  }
  emit({ type: 'change_start', at: clock.now(), ...subject });
  const task = startTask(ctx, subject);
  try {
    return await flow(task);
  } catch (err) {
    return task.fail(failureFromError(err));
  } finally {
    ctx.inFlight.delete(subject.address);
  }
}

/** The outcome of a step that did not end `ok`. */
export function endStep(task: Task, step: Exclude<StepResult, { kind: 'ok' }>): ApplyOutcome {
  switch (step.kind) {
    case 'failed':
      return task.fail(step.failure);
    case 'pending':
      return task.pending();
    case 'stopped':
      return task.notStarted();
    default: {
      const never: never = step;
      throw new Error(`unhandled step ${JSON.stringify(never)}`);
    }
  }
}
