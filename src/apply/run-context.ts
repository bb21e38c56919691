import type { CloudClient, RetryInfo } from '../cloud/types.js';
import type { LiveVpc } from '../model/vpc.js';
import type { Dependencies } from './dependencies.js';
import type { StatusWatcher } from './status-watcher.js';
import type { ApplyPhase, EventSubject, InFlightVpc, ResolvedApplyOptions } from './types.js';

/** What the status watcher needs of a run: the client, the options, the hard stop, the in-flight list. */
export interface SharedContext {
  client: CloudClient;
  options: ResolvedApplyOptions;
  /** Aborted when the grace after an interrupt has run out: client calls and sleeps stop. */
  hardStop: AbortSignal;
  /** Bookkeeping of what is in flight, for the `interrupted` event (and the watcher's count of writes). */
  inFlight: Map<string, InFlightVpc>;
}

/** What every per-VPC step shares during one run. */
export interface RunContext extends SharedContext {
  /** True after the first abort: no new PUT may start. */
  stopRequested(): boolean;
  /** How each change of the run ended, for creates that wait for a delete or rename. */
  dependencies: Dependencies;
  /** Every VPC of the project, listed once per run on first use (saved plans' name checks). */
  projectVpcs(reporter: { subject: EventSubject; counters: VpcCounters }): Promise<LiveVpc[]>;
  /** The one status watcher every wait of the run (update, create, delete) goes through. */
  watcher: StatusWatcher;
}

/** Per-VPC counters reported in `change_done` and the summary. */
export interface VpcCounters {
  polls: number;
  retries: number;
  lastStatus?: string;
}

/** Forwards the client's retry notices as `retry_scheduled` events, counting them. */
export function retryReporter(ctx: SharedContext, subject: EventSubject, phase: ApplyPhase, counters: VpcCounters): (info: RetryInfo) => void {
  return (info) => {
    counters.retries += 1;
    ctx.options.emit({
      type: 'retry_scheduled',
      at: ctx.options.clock.now(),
      ...subject,
      phase,
      reason: info.reason,
      delayMs: info.delayMs,
      attempt: info.attempt,
    });
  };
}

export function markInFlight(ctx: SharedContext, subject: EventSubject, phase: ApplyPhase, lastStatus?: string): void {
  ctx.inFlight.set(subject.address, { ...subject, phase, ...(lastStatus !== undefined && { lastStatus }) });
}
