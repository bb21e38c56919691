import { systemClock, systemSleep } from '../apply/time.js';
import type { ApplyOptions, Clock, Sleep } from '../apply/types.js';
import type { CloudClient } from '../cloud/types.js';
import type { DesiredState, Target } from '../config/types.js';
import { checkDrift } from '../drift/check-drift.js';
import { isVpcformError } from '../errors/index.js';
import { backoffDelay, checkBackoff, healBackoff, type BackoffSchedule } from './backoff.js';
import { DesiredFiles } from './desired-files.js';
import { healTarget } from './heal.js';
import { HealBackoff } from './heal-select.js';
import { driftTransitions, type Drifting } from './transitions.js';
import type { CycleCheck, HealResult, HealSkipReason, Readiness, WatchError, WatchEvent } from './types.js';

export interface WatchOptions {
  /** Desired-state files and directories, re-read every cycle. */
  paths: readonly string[];
  cwd: string;
  intervalMs: number;
  /** Apply what drifted (updates, creates, tags). Without it the watch never writes. */
  heal?: boolean;
  /** With `heal`: also delete VPCs git marks `ensure: absent`. */
  healDeletes?: boolean;
  /** A client for a target; one per distinct target, kept across cycles. May throw (missing credentials). */
  connect: (target: Target) => CloudClient;
  /** Called for a client no target uses any more, and for every client when the watch ends. */
  release?: (client: CloudClient) => void;
  /** Ends the watch: reads are abandoned at once, heal writes in flight are followed for `graceMs`. */
  signal: AbortSignal;
  onEvent: (event: WatchEvent) => void;
  toolVersion: string;
  clock?: Clock;
  sleep?: Sleep;
  /** After a failed check. Default `checkBackoff(intervalMs)`. */
  checkBackoff?: BackoffSchedule;
  /** After a failed heal of a VPC. Default `healBackoff(intervalMs)`. */
  healBackoff?: BackoffSchedule;
  /** How long heal writes in flight are still followed after the signal. Default 10 s. */
  graceMs?: number;
  /** Stop after this many cycles (benchmarks, tests). */
  maxCycles?: number;
  /** Handed to the apply engine when healing. */
  apply?: Pick<ApplyOptions, 'parallelism' | 'timeoutMs' | 'pollPolicy'>;
}

export const DEFAULT_GRACE_MS = 10_000;

const HEALED: ReadonlySet<HealResult> = new Set(['created', 'updated', 'deleted', 'unchanged']);

interface TargetRecord {
  target: string;
  state: DesiredState;
  clientKey: string;
  /** When the next check is due, and when the current one was. */
  dueAt: number;
  failures: number;
  lastOk?: boolean;
  lastSuccessAt?: number;
  lastError?: WatchError;
  drifting: Drifting;
  backoff: HealBackoff;
  noticed: Map<string, HealSkipReason>;
}

/**
 * The watch loop: every cycle re-reads the desired files, checks each target that is due (the same
 * `checkDrift` as `vpcform drift`), reports what started or stopped drifting, and heals when asked.
 * Targets keep their own schedule: every interval after a success, sooner with back-off after a
 * failure. Never exits and never throws for a failed cycle: failures are events. Emits events and
 * never prints.
 */
export class Watcher {
  private readonly targets = new Map<string, TargetRecord>();
  private readonly clients = new Map<string, CloudClient>();
  private readonly files: DesiredFiles;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly checkSchedule: BackoffSchedule;
  private readonly healSchedule: BackoffSchedule;
  private unwatched: string[] = [];
  private invalid: string[] = [];
  private reloadFailures = 0;
  private cycles = 0;

  constructor(private readonly options: WatchOptions) {
    this.files = new DesiredFiles(options.paths, options.cwd);
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? systemSleep;
    this.checkSchedule = options.checkBackoff ?? checkBackoff(options.intervalMs);
    this.healSchedule = options.healBackoff ?? healBackoff(options.intervalMs);
  }

  /** Ready when something is watched and the last check of every target succeeded within two intervals. */
  readiness(): Readiness {
    const now = this.clock.now();
    const limit = 2 * this.options.intervalMs;
    const targets: Readiness['targets'] = [];
    for (const rec of this.targets.values()) {
      if (rec.lastOk === undefined) targets.push({ target: rec.target, ready: false, reason: 'not checked yet' });
      else if (!rec.lastOk) targets.push({ target: rec.target, ready: false, reason: `last check failed: ${rec.lastError?.summary ?? 'unknown error'}` });
      else if (now - (rec.lastSuccessAt ?? 0) > limit) targets.push({ target: rec.target, ready: false, reason: `no successful check for ${Math.round((now - (rec.lastSuccessAt ?? 0)) / 1000)} s` });
      else targets.push({ target: rec.target, ready: true, reason: 'ok' });
    }
    for (const file of this.unwatched) targets.push({ target: file, ready: false, reason: 'never valid: not watched' });
    if (targets.length === 0) targets.push({ target: this.options.paths.join(' '), ready: false, reason: this.invalid[0] ?? 'no desired-state file loaded yet' });
    return { ready: targets.length > 0 && targets.every((t) => t.ready), targets };
  }

  /** Runs until the signal aborts (or `maxCycles`); resolves with how it ended. */
  async run(): Promise<{ cycles: number; reason: 'signal' | 'max_cycles' }> {
    const { signal } = this.options;
    const emit = this.options.onEvent;
    emit({
      type: 'watch_start',
      at: this.clock.now(),
      interval_ms: this.options.intervalMs,
      heal: this.options.heal === true,
      heal_deletes: this.options.heal === true && this.options.healDeletes === true,
      paths: [...this.options.paths],
    });
    let reason: 'signal' | 'max_cycles' = 'signal';
    try {
      while (!signal.aborted) {
        await this.cycle();
        if (this.options.maxCycles !== undefined && this.cycles >= this.options.maxCycles) {
          reason = 'max_cycles';
          break;
        }
        await this.sleep(Math.max(0, this.nextWakeUp() - this.clock.now()), signal);
      }
    } finally {
      for (const client of this.clients.values()) this.options.release?.(client);
      this.clients.clear();
    }
    emit({ type: 'watch_stop', at: this.clock.now(), cycles: this.cycles, reason });
    return { cycles: this.cycles, reason };
  }

  private async cycle(): Promise<void> {
    const startedAt = this.clock.now();
    await this.reload(startedAt);
    const checks: CycleCheck[] = [];
    for (const rec of this.targets.values()) {
      if (this.options.signal.aborted) break;
      if (rec.dueAt > this.clock.now()) continue;
      const check = await this.check(rec);
      if (check !== undefined) checks.push(check);
    }
    if (this.options.signal.aborted) return;
    this.cycles += 1;
    const now = this.clock.now();
    this.options.onEvent({
      type: 'cycle',
      at: now,
      cycle: this.cycles,
      duration_ms: now - startedAt,
      checks,
      invalid: [...this.invalid],
      ready: this.readiness().ready,
      next_in_ms: Math.max(0, this.nextWakeUp() - now),
    });
  }

  private nextWakeUp(): number {
    let next = Infinity;
    for (const rec of this.targets.values()) next = Math.min(next, rec.dueAt);
    // Nothing watchable yet (git-sync has not written the files, all invalid): look again with back-off.
    if (next === Infinity) next = this.clock.now() + backoffDelay(this.checkSchedule, Math.max(1, this.reloadFailures));
    return next;
  }

  private async reload(at: number): Promise<void> {
    const reloaded = await this.files.reload(at);
    for (const event of reloaded.events) this.options.onEvent(event);
    this.invalid = reloaded.invalid;
    this.unwatched = reloaded.unwatched;
    this.reloadFailures = reloaded.states.size === 0 ? this.reloadFailures + 1 : 0;
    for (const target of [...this.targets.keys()]) if (!reloaded.states.has(target)) this.targets.delete(target);
    for (const [target, state] of reloaded.states) {
      const clientKey = JSON.stringify(state.target);
      const rec = this.targets.get(target);
      if (rec === undefined) {
        this.targets.set(target, { target, state, clientKey, dueAt: at, failures: 0, drifting: new Map(), backoff: new HealBackoff(this.healSchedule), noticed: new Map() });
      } else {
        rec.state = state;
        rec.clientKey = clientKey;
      }
    }
    const used = new Set([...this.targets.values()].map((r) => r.clientKey));
    for (const [key, client] of [...this.clients]) {
      if (used.has(key)) continue;
      this.clients.delete(key);
      this.options.release?.(client);
    }
  }

  private clientFor(rec: TargetRecord): CloudClient {
    let client = this.clients.get(rec.clientKey);
    if (client === undefined) {
      client = this.options.connect(rec.state.target);
      this.clients.set(rec.clientKey, client);
    }
    return client;
  }

  /** One check of one target (and its heal). Undefined when the signal abandoned it. */
  private async check(rec: TargetRecord): Promise<CycleCheck | undefined> {
    const { signal, onEvent: emit } = this.options;
    const scheduledAt = rec.dueAt;
    const startedAt = this.clock.now();
    let client: CloudClient;
    try {
      client = this.clientFor(rec);
      const report = await checkDrift({
        states: [rec.state],
        clientFor: () => client,
        signal,
        now: () => new Date(this.clock.now()),
        toolVersion: this.options.toolVersion,
      });
      const file = report.files[0];
      if (file === undefined) throw new Error('checkDrift returned no file for one state');
      const now = this.clock.now();
      const { events, current } = driftTransitions(rec.drifting, file, rec.target, now);
      rec.drifting = current;
      rec.failures = 0;
      rec.lastOk = true;
      rec.lastSuccessAt = now;
      delete rec.lastError;
      // Fixed rate: due one interval after this check was due, or now when a long check overran it.
      rec.dueAt = Math.max(scheduledAt + this.options.intervalMs, now);
      const duration = now - startedAt;
      for (const event of events) emit(event);
      emit({ type: 'check_ok', at: now, target: rec.target, duration_ms: duration, summary: report.summary });
      const notInSync = report.summary.vpcs - report.summary.in_sync;
      const result: CycleCheck = { target: rec.target, result: notInSync > 0 ? 'drift' : 'in_sync', vpcs: report.summary.vpcs, not_in_sync: notInSync, duration_ms: duration };
      if (this.options.heal === true) {
        const heals = await this.heal(rec, client, scheduledAt);
        result.healed = heals.healed;
        result.heal_failures = heals.failures;
      }
      return result;
    } catch (err) {
      if (signal.aborted) return undefined;
      const now = this.clock.now();
      rec.failures += 1;
      rec.lastOk = false;
      rec.lastError = watchError(err);
      const retry = backoffDelay(this.checkSchedule, rec.failures);
      rec.dueAt = now + retry;
      emit({ type: 'check_failed', at: now, target: rec.target, duration_ms: now - startedAt, error: rec.lastError, failures: rec.failures, retry_in_ms: retry });
      return { target: rec.target, result: 'error', duration_ms: now - startedAt };
    }
  }

  private async heal(rec: TargetRecord, client: CloudClient, scheduledAt: number): Promise<{ healed: number; failures: number }> {
    const { signal } = this.options;
    const counts = { healed: 0, failures: 0 };
    const emit = (event: WatchEvent): void => {
      if (event.type === 'heal_done') {
        if (HEALED.has(event.result)) counts.healed += 1;
        else if (event.result !== 'not_started') counts.failures += 1;
      }
      this.options.onEvent(event);
    };
    try {
      await healTarget({
        target: rec.target,
        state: rec.state,
        client,
        drifting: rec.drifting,
        healDeletes: this.options.healDeletes === true,
        backoff: rec.backoff,
        noticed: rec.noticed,
        scheduledAt,
        now: () => this.clock.now(),
        emit,
        apply: {
          signal,
          abortGraceMs: this.options.graceMs ?? DEFAULT_GRACE_MS,
          clock: this.clock,
          ...(this.options.sleep !== undefined && { sleep: this.options.sleep }),
          ...this.options.apply,
        },
      });
    } catch (err) {
      // Only the plan's reads can throw here (apply reports per VPC); nothing was written.
      if (!signal.aborted) {
        counts.failures += 1;
        emit({ type: 'heal_failed', at: this.clock.now(), target: rec.target, error: watchError(err) });
      }
    }
    return counts;
  }
}

function watchError(err: unknown): WatchError {
  if (isVpcformError(err)) return { code: err.code, summary: err.summary, ...(err.hint !== undefined && { hint: err.hint }) };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', summary: `Unexpected error: ${message}`, hint: 'This is a bug in vpcform; please report it with --debug output.' };
}
