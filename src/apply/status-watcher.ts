import { isVpcformError } from '../errors/index.js';
import type { LiveVpc } from '../model/vpc.js';
import { failureFromError, formatDuration, isRetryableError } from './failure.js';
import type { SharedContext } from './run-context.js';
import type { ApplyPhase } from './types.js';
import { chooseRead, listCooldownMs, listGapMs, listingMayPay, nextRoundAt, pagesFor, type WatchOptions } from './watch-choice.js';
import { Subscription, type WaitResult, type WatchRequest } from './watch-subscription.js';

const WRITE_PHASES: ReadonlySet<ApplyPhase> = new Set(['post', 'put', 'delete', 'tags']);

/**
 * The one status watcher of a run: every VPC in transition (an update's PENDING_UPDATE, a create's
 * CREATING, a delete until GET answers 404) is followed here instead of polling on its own. Each
 * VPC keeps its adaptive schedule, which says when its next read is due. Each round reads whichever is
 * cheaper for the VPCs due: one GET each, or the project's listing (its pages, every enterprise
 * project) — which shows every VPC in transition at once, due or not. A VPC whose status moved is woken
 * with the VPC as read, and that read is its verification read. While a listing may pay off, rounds are
 * held a little apart (longer while writes queue for the rate limiter) so that due VPCs gather.
 *
 * A failed read never fails a VPC by itself: its status is unknown, and it is read again (a failing list
 * route hands the reads to GETs for a cool-down, see `chooseRead`; one refused as forbidden, for the
 * rest of the run). The page count comes from one quota read (VPCs used) before the first listing is
 * risked, then from each listing. A delete missing from a listing is confirmed by one
 * GET (404 = gone), since a listing may lag or leave out a VPC that is still being deleted; a create or
 * update missing from one is read by GET when due.
 */
export class StatusWatcher {
  private readonly subs = new Set<Subscription>();
  /** Pages a complete listing costs; unknown until the quota read or a listing tells the project's size. */
  private pages: number | undefined;
  /** When the quota may be read for the page estimate (+Infinity: it is not tried again). */
  private probeAt = Number.NEGATIVE_INFINITY;
  private listFailures = 0;
  /** Until then, failed listings weigh on the choice. */
  private listCooldownUntil = Number.NEGATIVE_INFINITY;
  /** The listing was refused as forbidden (403): this run reads by GET only. */
  private listForbidden = false;
  private lastListAt = Number.NEGATIVE_INFINITY;
  private interruptNap: (() => void) | undefined;
  private running = false;

  constructor(
    private readonly ctx: SharedContext,
    private readonly options: WatchOptions,
  ) {}

  /** Follows one VPC until `request.done` accepts a read, the deadline passes, or the run is cut off. */
  watch(request: WatchRequest): Promise<WaitResult> {
    if (this.ctx.hardStop.aborted) return Promise.resolve({ kind: 'stopped', lastStatus: request.counters.lastStatus });
    return new Promise((resolve) => {
      const sub = new Subscription(request, this.ctx, (result) => {
        this.subs.delete(sub);
        resolve(result);
      });
      this.subs.add(sub);
      this.start();
      this.wake();
    });
  }

  /** A complete listing made elsewhere in the run (a create's look-up, a saved plan's name check). */
  sawListing(count: number): void {
    this.pages = pagesFor(count, this.options.pageSize);
  }

  private start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop()
      .catch((err: unknown) => {
        // A bug in the loop: every VPC it follows is told (INTERNAL, "please report"), none is left hanging.
        for (const sub of [...this.subs]) sub.fail(err);
      })
      .finally(() => {
        this.running = false;
      });
  }

  private async loop(): Promise<void> {
    const { clock } = this.ctx.options;
    while (!this.ctx.hardStop.aborted) {
      const idle = [...this.subs].filter((s) => !s.reading);
      if (idle.length === 0) {
        await this.nap(undefined);
        continue;
      }
      const now = clock.now();
      const at = nextRoundAt({
        earliestDue: Math.min(...idle.map((s) => s.dueAt)),
        listingMayPay: listingMayPay(this.subs.size, this.listPages()),
        lastListAt: this.lastListAt,
        gapMs: this.gapMs(),
      });
      if (at > now) {
        await this.nap(at - now);
        continue;
      }
      await this.round(idle, now);
    }
    for (const sub of [...this.subs]) sub.stop();
  }

  private async round(idle: Subscription[], now: number): Promise<void> {
    const due = idle.filter((s) => s.dueAt <= now);
    if (due.length === 0) return;
    if (this.pages === undefined && this.subs.size >= 2 && now >= this.probeAt) await this.probePages();
    if (this.ctx.hardStop.aborted) return;
    const failures = now < this.listCooldownUntil ? this.listFailures : 0;
    const facts = { due: due.length, waiting: this.subs.size, pages: this.listPages(), listFailures: failures };
    if (chooseRead(facts) === 'list') return this.listRound(now, due);
    const listing = this.listForbidden
      ? 'it was refused as forbidden'
      : this.pages === undefined
        ? 'its cost is unknown'
        : `it costs ${this.pages} page(s)${failures > 0 ? ` and the last ${failures} failed` : ''}`;
    this.debug(`GET each of ${due.length} due VPC(s) of ${this.subs.size} in transition (not a listing: ${listing})`);
    for (const sub of due) this.get(sub);
  }

  private async listRound(roundAt: number, due: Subscription[]): Promise<void> {
    const { clock } = this.ctx.options;
    this.lastListAt = roundAt;
    const sentAt = clock.now();
    this.debug(`listing (${this.pages ?? '?'} page(s)) for ${this.subs.size} VPC(s) in transition, ${due.length} due`);
    let vpcs: LiveVpc[];
    try {
      vpcs = await this.ctx.client.listVpcs({
        limit: this.options.pageSize,
        signal: this.ctx.hardStop,
        onRetry: (info) => {
          for (const sub of due) sub.onRetry(info);
        },
      });
    } catch (err) {
      if (this.ctx.hardStop.aborted) return;
      this.listFailures += 1;
      this.listForbidden ||= isVpcformError(err) && err.code === 'CLOUD_FORBIDDEN';
      const gap = this.gapMs();
      const cooldown = listCooldownMs(this.options, gap, this.listFailures);
      this.listCooldownUntil = clock.now() + cooldown;
      this.debug(
        `listing failed (${failureFromError(err).message}); its ${due.length} due VPC(s) are read again in ${formatDuration(gap)} or later; none fails for it. ` +
          (this.listForbidden ? 'No more listings in this run.' : `Listings weigh ${2 ** this.listFailures}x for ${formatDuration(cooldown)}.`),
      );
      for (const sub of due) sub.readFailed(err, gap);
      return;
    }
    this.listFailures = 0;
    this.pages = pagesFor(vpcs.length, this.options.pageSize);
    const byId = new Map(vpcs.map((v) => [v.id, v]));
    let confirmed = 0;
    for (const sub of [...this.subs]) {
      if (sub.reading || sub.ended || sentAt < sub.firstDueAt) continue;
      const vpc = byId.get(sub.request.subject.id);
      const wasListed = sub.listed;
      sub.listed = vpc !== undefined;
      const isDue = sub.dueAt <= roundAt;
      if (vpc !== undefined) sub.observe(vpc, undefined, sentAt, isDue);
      else if (isDue || (sub.request.kind === 'delete' && wasListed)) {
        confirmed += 1;
        this.get(sub);
      }
    }
    if (confirmed > 0) this.debug(`${confirmed} VPC(s) missing from the listing: read by GET`);
  }

  private get(sub: Subscription): void {
    const { client, hardStop, options } = this.ctx;
    sub.reading = true;
    const sentAt = options.clock.now();
    void client
      .getVpc(sub.request.subject.id, { signal: hardStop, onRetry: sub.onRetry })
      .then(
        (vpc) => sub.observe(vpc, undefined, sentAt, true),
        (err: unknown) => {
          if (hardStop.aborted) return;
          if (isVpcformError(err) && err.code === 'CLOUD_NOT_FOUND') sub.observe(undefined, err, sentAt, true);
          else if (isRetryableError(err)) sub.readFailed(err, 0);
          else sub.fail(err);
        },
      )
      .catch((err: unknown) => sub.fail(err))
      .finally(() => {
        sub.reading = false;
        this.wake();
      });
  }

  /** One quota read gives the number of VPCs in the project, hence what a listing costs. */
  private async probePages(): Promise<void> {
    const { client, hardStop, options } = this.ctx;
    try {
      const { used } = await client.getVpcQuota({ signal: hardStop });
      this.pages ??= pagesFor(used, this.options.pageSize);
      this.debug(`the project holds ${used} VPC(s): a listing costs ${this.pages} page(s)`);
    } catch (err) {
      if (hardStop.aborted) return;
      const again = isRetryableError(err);
      this.probeAt = again ? options.clock.now() + this.options.probeRetryMs : Number.POSITIVE_INFINITY;
      this.debug(`the VPC quota could not be read (${failureFromError(err).message}): one GET per VPC${again ? `, quota read again in ${formatDuration(this.options.probeRetryMs)}` : ''}`);
    }
  }

  /** What a listing costs, as far as the choice goes: unknown (never risked) once it was forbidden. */
  private listPages(): number | undefined {
    return this.listForbidden ? undefined : this.pages;
  }

  private gapMs(): number {
    let writes = 0;
    for (const vpc of this.ctx.inFlight.values()) if (WRITE_PHASES.has(vpc.phase)) writes += 1;
    return listGapMs(this.options, writes);
  }

  /** Sleeps `ms` (undefined: until woken); a new VPC to follow, a read that ends, or the hard stop wake it early. */
  private nap(ms: number | undefined): Promise<void> {
    const { hardStop } = this.ctx;
    const { sleep } = this.ctx.options;
    const controller = new AbortController();
    const interrupt = (): void => controller.abort();
    hardStop.addEventListener('abort', interrupt, { once: true });
    this.interruptNap = interrupt;
    const napped =
      ms === undefined ? new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true })) : sleep(ms, controller.signal);
    return napped.finally(() => {
      hardStop.removeEventListener('abort', interrupt);
      if (this.interruptNap === interrupt) this.interruptNap = undefined;
    });
  }

  private wake(): void {
    this.interruptNap?.();
  }

  private debug(line: string): void {
    this.ctx.options.debug(`vpcform: watch: ${line}`);
  }
}
