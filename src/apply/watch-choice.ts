/**
 * The status watcher's decisions as pure functions of what it knows (STYLE §9: explicit values,
 * tested with fake time): which read a round makes, and when the next round may start.
 */

export interface WatchOptions {
  /** Page size of the watcher's listings: the API's largest, so a listing costs as few calls as it can. */
  pageSize: number;
  /** Least time between two listings while the client has little else to send. */
  idleGapMs: number;
  /**
   * Least time between two listings while writes are waiting (`busyWrites` or more in flight): every
   * read then delays a write, so reads yield, and each listing serves more VPCs.
   */
  busyGapMs: number;
  /** Writes in flight (POST, PUT, DELETE, tag calls) from which the client counts as busy. */
  busyWrites: number;
  /** After a failed quota read (the page estimate), how long until it is tried again. */
  probeRetryMs: number;
  /** The longest cool-down after failed listings (it doubles with each failure in a row from twice the gap). */
  maxListCooldownMs: number;
}

export const WATCH_DEFAULTS: WatchOptions = {
  pageSize: 2000,
  idleGapMs: 250,
  busyGapMs: 750,
  busyWrites: 2,
  probeRetryMs: 10_000,
  maxListCooldownMs: 30_000,
};

export type ReadKind = 'list' | 'get';

/** What the watcher knows when a round is due. */
export interface RoundFacts {
  /** VPCs whose next read is due now (and not already being read). */
  due: number;
  /** Every VPC in transition, due or not: a listing shows them all. */
  waiting: number;
  /** Pages a complete listing of the project costs; undefined while unknown. */
  pages: number | undefined;
  /** Listings that failed in a row since the last one that worked, while their cool-down lasts (else 0). */
  listFailures: number;
}

/** Pages a complete listing of `count` VPCs costs: the client reads on until a page is short. */
export function pagesFor(count: number, pageSize: number): number {
  return Math.floor(Math.max(0, count) / pageSize) + 1;
}

/**
 * A listing when its pages cost fewer calls than one GET per due VPC (on a tie, when it also shows
 * VPCs that are not due yet). While the project's size is unknown, GETs: a listing of unknown cost is
 * never risked. Each listing that failed in a row doubles what a listing is reckoned to cost, until
 * its cool-down is over: a failing list route hands the reads to GETs for a while (a big enough
 * batch is still listed), then it is tried again, and a success ends the penalty.
 */
export function chooseRead(facts: RoundFacts): ReadKind {
  if (facts.pages === undefined || facts.due === 0) return 'get';
  const listCost = facts.pages * 2 ** Math.min(facts.listFailures, 10);
  if (listCost < facts.due) return 'list';
  return listCost === facts.due && facts.waiting > facts.due ? 'list' : 'get';
}

/** Whether a listing could pay off at all: more VPCs wait than it costs pages. */
export function listingMayPay(waiting: number, pages: number | undefined): boolean {
  return pages !== undefined && waiting > pages;
}

/** How long failed listings weigh on the choice: twice the gap, doubling with each failure in a row. */
export function listCooldownMs(options: WatchOptions, gapMs: number, listFailures: number): number {
  return Math.min(options.maxListCooldownMs, gapMs * 2 ** Math.min(listFailures, 20));
}

/** The least time between listings: longer while writes queue, so the reads take less of the rate. */
export function listGapMs(options: WatchOptions, writesInFlight: number): number {
  return writesInFlight >= options.busyWrites ? options.busyGapMs : options.idleGapMs;
}

/**
 * When the next round starts: when the first VPC is due — held until `gapMs` after the last listing
 * while a listing may pay off, so that due VPCs gather and one listing serves them all. When only
 * GETs can pay, each VPC keeps its own schedule to the millisecond.
 */
export function nextRoundAt(facts: { earliestDue: number; listingMayPay: boolean; lastListAt: number; gapMs: number }): number {
  if (!facts.listingMayPay) return facts.earliestDue;
  return Math.max(facts.earliestDue, facts.lastListAt + facts.gapMs);
}
