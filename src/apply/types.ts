import type { CloudClient } from '../cloud/types.js';
import type { ErrorCode } from '../errors/index.js';
import type { PollPolicy } from './poll-policy.js';
import type { WatchOptions } from './watch-choice.js';

/** Milliseconds since the epoch; injected so schedules can be tested with fake time (STYLE §9). */
export interface Clock {
  now(): number;
}

/** Waits `ms`; resolves early (never rejects) when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface ApplyOptions {
  /**
   * How many VPCs may be changed at once (from the first request for one until it is done). Default
   * 40: throughput is set by the client's request-rate limiter; this bounds the blast radius.
   */
  parallelism?: number;
  /** How long to wait for one VPC to leave PENDING_UPDATE. Default 10 minutes. */
  timeoutMs?: number;
  /** Re-read each VPC first and refuse it when its live fingerprint changed (saved plans). */
  checkStale?: boolean;
  /**
   * The polling schedule. Default: one `adaptivePollPolicy()` per kind of transition (update, create,
   * delete), each learning its own duration; a policy given here serves all three.
   */
  pollPolicy?: PollPolicy;
  clock?: Clock;
  sleep?: Sleep;
  /** First abort: no new PUT starts; in-flight VPCs are followed for `abortGraceMs`, then reported pending. */
  signal?: AbortSignal;
  /** How long in-flight VPCs are still followed after an abort. Default 30 s. */
  abortGraceMs?: number;
  /** How many times a VPC found busy (VPC.0113) and then not matching is PUT again. Default 3. */
  maxPutRounds?: number;
  /** The status watcher's page size and round gaps (`WATCH_DEFAULTS`); tests shrink the page size. */
  watch?: Partial<WatchOptions>;
  onEvent?: (event: ApplyEvent) => void;
  /** Receives one line per status-watcher round (`--debug`): what it read and why. */
  debug?: (line: string) => void;
}

export interface ResolvedApplyOptions {
  parallelism: number;
  timeoutMs: number;
  checkStale: boolean;
  pollPolicy: PollPolicy;
  createPollPolicy: PollPolicy;
  deletePollPolicy: PollPolicy;
  clock: Clock;
  sleep: Sleep;
  signal: AbortSignal | undefined;
  abortGraceMs: number;
  maxPutRounds: number;
  watch: WatchOptions;
  emit: (event: ApplyEvent) => void;
  debug: (line: string) => void;
}

/** What the engine is doing for one VPC when an event or a retry happens. */
export type ApplyPhase = 'stale_check' | 'wait_dependency' | 'post' | 'lookup' | 'put' | 'tags' | 'delete' | 'poll';

/** Identifies the VPC an event is about. `id` is absent only for unresolved (`error`) changes. */
export interface EventSubject {
  address: string;
  id?: string;
}

/**
 * Everything the engine reports, in order (STYLE §7). Renderers (ink, plain, JSON lines) are pure
 * consumers of this union; the engine never prints. `at` is the clock's time in ms since the epoch.
 */
export type ApplyEvent =
  | { type: 'apply_start'; at: number; total: number; toChange: number; parallelism: number; target: { endpoint: string; project_id: string } }
  | ({ type: 'change_start'; at: number } & EventSubject)
  | ({ type: 'stale_check'; at: number; fresh: boolean; changed: string[] } & EventSubject)
  | ({ type: 'waiting_for'; at: number; addresses: string[] } & EventSubject)
  | ({ type: 'create_sent'; at: number; round: number } & EventSubject)
  | ({ type: 'create_answered'; at: number; round: number; id: string; status: string; adopted: boolean } & EventSubject)
  | ({ type: 'delete_sent'; at: number; round: number } & EventSubject)
  | ({ type: 'delete_answered'; at: number; round: number; outcome: 'accepted' | 'busy' | 'gone' } & EventSubject)
  | ({ type: 'put_sent'; at: number; round: number } & EventSubject)
  | ({ type: 'tags_sent'; at: number; action: 'create' | 'delete'; keys: string[] } & EventSubject)
  | ({ type: 'put_answered'; at: number; round: number; status: string; busy: boolean } & EventSubject)
  | ({ type: 'retry_scheduled'; at: number; phase: ApplyPhase; reason: string; delayMs: number; attempt: number } & EventSubject)
  | ({ type: 'poll'; at: number; status: string; attempt: number; elapsedMs: number } & EventSubject)
  | ({ type: 'change_done'; at: number; result: 'created' | 'updated' | 'deleted'; elapsedMs: number; polls: number; retries: number } & EventSubject)
  | ({ type: 'change_failed'; at: number } & EventSubject & FailureInfo)
  | ({ type: 'change_skipped'; at: number; reason: 'no-op' | 'interrupted' | 'already-absent' } & EventSubject)
  | ({ type: 'change_pending'; at: number; lastStatus: string | undefined } & EventSubject)
  | { type: 'interrupted'; at: number; inFlight: InFlightVpc[]; notStarted: number; graceMs: number }
  | { type: 'apply_done'; at: number; summary: ApplySummary };

export type ApplyEventType = ApplyEvent['type'];

export interface InFlightVpc extends EventSubject {
  phase: ApplyPhase;
  lastStatus?: string;
}

/** Why a VPC failed: enough for a person to act on and a script to match. */
export interface FailureInfo {
  code: ErrorCode;
  message: string;
  hint?: string;
  detail?: string;
  requestId?: string;
  /** The status last seen while polling (timeouts, failed statuses). */
  lastStatus?: string;
  /** Managed fields that differ (stale plan, not converged). */
  fields?: string[];
}

/**
 * The outcome of one VPC of the plan; every change appears exactly once.
 * - `created`: POST (or an earlier attempt's VPC adopted), OK, follow-up update, verified; `id` is the new VPC.
 * - `updated`: PUT, settled OK, verified. `deleted`: DELETE accepted and GET answers 404.
 * - `unchanged`: a `no-op` change, or a VPC to delete that was already gone.
 * - `failed`: not converged, for the reason in `failure` (includes `error` actions, never attempted).
 * - `not_started`: interrupted before its first write. `pending`: a write was sent, and the VPC had not
 *   settled when the run ended (`id` says which VPC, when known).
 */
export type OutcomeResult = 'created' | 'updated' | 'deleted' | 'unchanged' | 'failed' | 'not_started' | 'pending';

export interface ApplyOutcome extends EventSubject {
  result: OutcomeResult;
  failure?: FailureInfo;
  lastStatus?: string;
  elapsedMs?: number;
  polls?: number;
  retries?: number;
}

export interface ApplySummary {
  /** In plan order. */
  outcomes: ApplyOutcome[];
  counts: Record<OutcomeResult, number>;
  interrupted: boolean;
  elapsedMs: number;
  /** True when every VPC of the plan is created, updated, deleted or unchanged. */
  converged: boolean;
}

export type { CloudClient };
