import { describe, expect, it } from 'vitest';
import { chooseRead, listGapMs, nextRoundAt, pagesFor, WATCH_DEFAULTS } from '../../src/apply/watch-choice.js';
import { create, ids, lab, noticedAfterEnd, planOf, remove, update } from './watch-helpers.js';

// The one status watcher of a run, on fake time against the ScriptedClient (the real client and the
// emulator are in status-watcher.e2e.test.ts).

describe('what a round reads (pure)', () => {
  it('a listing only when its pages cost fewer calls than one GET per due VPC; never while its cost is unknown', () => {
    const facts = { due: 3, waiting: 3, pages: 50, listFailures: 0 };
    expect(chooseRead(facts)).toBe('get');
    expect(chooseRead({ ...facts, due: 51, waiting: 60 })).toBe('list');
    expect(chooseRead({ ...facts, pages: undefined, due: 1000, waiting: 1000 })).toBe('get');
    // A tie: the listing also shows the VPCs not due yet.
    expect(chooseRead({ due: 1, waiting: 5, pages: 1, listFailures: 0 })).toBe('list');
    expect(chooseRead({ due: 1, waiting: 1, pages: 1, listFailures: 0 })).toBe('get');
    // Each listing that failed in a row doubles what the next is reckoned to cost.
    expect(chooseRead({ due: 3, waiting: 30, pages: 1, listFailures: 1 })).toBe('list');
    expect(chooseRead({ due: 3, waiting: 30, pages: 1, listFailures: 2 })).toBe('get');
    expect(chooseRead({ due: 5, waiting: 30, pages: 1, listFailures: 2 })).toBe('list');
  });

  it('pages: the client reads on until a short page', () => {
    expect([0, 1, 1999, 2000, 2001, 100_000].map((n) => pagesFor(n, 2000))).toEqual([1, 1, 1, 2, 2, 51]);
  });

  it('when the next round starts: at the first due VPC, held after the last listing while a listing may pay', () => {
    expect(nextRoundAt({ earliestDue: 1000, listingMayPay: false, lastListAt: 900, gapMs: 250 })).toBe(1000);
    expect(nextRoundAt({ earliestDue: 1000, listingMayPay: true, lastListAt: 900, gapMs: 250 })).toBe(1150);
    expect(nextRoundAt({ earliestDue: 1200, listingMayPay: true, lastListAt: 900, gapMs: 250 })).toBe(1200);
    // Reads yield to writes: while writes queue, listings are further apart.
    expect([0, 1, 2, 50].map((writes) => listGapMs(WATCH_DEFAULTS, writes))).toEqual([250, 250, 750, 750]);
  });
});

describe('one watcher for every VPC in transition (fake time)', () => {
  it('few VPCs in a large project: one GET each on their own schedule, never the 50 pages of a listing', async () => {
    const l = lab(ids(3).map((id) => [id]));
    l.client.bystanders = 497;
    const summary = await l.run(planOf(ids(3).map(update)), { watch: { pageSize: 10 } });
    expect(summary.counts.updated).toBe(3);
    expect(l.count('LIST')).toBe(0);
    expect(l.count('QUOTA')).toBe(1);
    expect(l.debug.some((line) => line.includes('a listing costs 51 page(s)'))).toBe(true);
    // The adaptive schedule of each VPC, untouched: a 1.5 s transition in four polls.
    expect(l.count('GET')).toBe(12);
  });

  it('many VPCs in one page: listings serve them all, and the read that ends a wait is its verification', async () => {
    const l = lab(ids(30).map((id) => [id]));
    const summary = await l.run(planOf(ids(30).map(update)));
    expect(summary.counts.updated).toBe(30);
    expect(l.count('GET')).toBe(0);
    expect(l.count('LIST') + l.count('QUOTA')).toBeLessThanOrEqual(10);
    // Every VPC saw its own poll events, the last one OK, and nothing was read after it.
    for (const id of ids(30)) {
      const polls = l.events.filter((e) => e.type === 'poll' && e.address === `vpcs.${id}`);
      expect(polls.at(-1)).toMatchObject({ status: 'OK' });
    }
  });

  it('the adaptive schedule stays: a lone 1.5 s transition is noticed within 0.5 s of its end, so are listed ones', async () => {
    const lone = lab([['solo']]);
    await lone.run(planOf([update('solo')]));
    expect(noticedAfterEnd(lone.events)[0]).toBeLessThanOrEqual(500);
    const many = lab(ids(40).map((id) => [id]));
    await many.run(planOf(ids(40).map(update)));
    expect(Math.max(...noticedAfterEnd(many.events))).toBeLessThanOrEqual(500);
  });

  it.each(['503', '429'] as const)('a listing that fails (%s) is tried again and fails no VPC', async (failWith) => {
    const l = lab(ids(20).map((id) => [id]));
    Object.assign(l.client.listFaults, { failNext: 3, failWith });
    const summary = await l.run(planOf(ids(20).map(update)));
    expect(summary.counts).toMatchObject({ updated: 20, failed: 0 });
    expect(l.client.listFaults.failNext).toBe(0);
    const retries = l.events.filter((e) => e.type === 'retry_scheduled' && e.phase === 'poll');
    expect(retries.length).toBeGreaterThan(0);
    expect(l.debug.some((line) => line.includes('listing failed') && line.includes('none fails for it'))).toBe(true);
  });

  it('a list route that refuses for good hands the reads to GETs', async () => {
    const l = lab(ids(20).map((id) => [id]));
    l.client.listFaults.forbidden = true;
    const summary = await l.run(planOf(ids(20).map(update)));
    expect(summary.counts).toMatchObject({ updated: 20, failed: 0 });
    expect(l.count('LIST')).toBe(1);
    expect(l.count('GET')).toBeGreaterThanOrEqual(20);
  });

  it('a list route that keeps failing (503s) hands the reads to GETs, and is tried again less and less often', async () => {
    const l = lab(ids(20).map((id) => [id, { transitionMs: 20_000 }]));
    l.client.listFaults.failNext = 1_000_000;
    const summary = await l.run(planOf(ids(20).map(update)), { timeoutMs: 60_000 });
    expect(summary.counts).toMatchObject({ updated: 20, failed: 0 });
    expect(l.count('GET')).toBeGreaterThanOrEqual(20);
    // Cool-downs of 0.5, 1, 2, 4, 8, 16 s: a handful of listings in 20 s.
    expect(l.count('LIST')).toBeLessThanOrEqual(8);
  });

  it('reads that keep failing end each wait as a timeout with the last status seen, not before the deadline', async () => {
    const l = lab(ids(6).map((id) => [id]));
    l.client.listFaults.failNext = 1_000_000;
    l.client.failGets = 1_000_000;
    const start = l.time.now;
    const summary = await l.run(planOf(ids(6).map(update)), { timeoutMs: 3_000 });
    for (const outcome of summary.outcomes) {
      expect(outcome.result).toBe('failed');
      expect(outcome.failure).toMatchObject({ code: 'APPLY_TIMEOUT', lastStatus: 'PENDING_UPDATE' });
      expect(outcome.failure?.detail).toContain('The last read of its status failed');
    }
    const failedAt = l.events.filter((e) => e.type === 'change_failed').map((e) => e.at - start);
    expect(Math.min(...failedAt)).toBeGreaterThanOrEqual(3_000);
  });

  it('a delete missing from a listing is confirmed by one GET: hidden while PENDING_DELETE and then ERROR, it is not reported deleted', async () => {
    const names = ids(6, 'd');
    const l = lab(names.map((id, i) => [id, { onDelete: i === 0 ? { pendingMs: 1200, then: 'ERROR' } : { pendingMs: 600, then: 'gone' } }]));
    l.client.listFaults.hidden.add(names[0] ?? '');
    const summary = await l.run(planOf(names.map(remove)));
    expect(summary.outcomes[0]).toMatchObject({ result: 'failed', failure: { code: 'APPLY_VPC_STATUS', lastStatus: 'ERROR' } });
    expect(summary.counts.deleted).toBe(5);
    // Each of the others: gone from a listing, then one GET answering 404.
    for (const id of names.slice(1)) expect(l.client.calls.filter((c) => c === `GET ${id}`)).toHaveLength(1);
  });

  it('new VPCs missing from listings (an index that lags) are read by GET when due, and created', async () => {
    const l = lab(ids(4).map((id) => [id]));
    l.client.createTransitionMs = 1500;
    for (let i = 1; i <= 5; i += 1) l.client.listFaults.hidden.add(`created-${i}`);
    const summary = await l.run(planOf([...ids(4).map(update), ...ids(5, 'new').map(create)]), { timeoutMs: 60_000 });
    expect(summary.counts).toMatchObject({ created: 5, updated: 4, failed: 0 });
    expect(l.count('GET created-')).toBeGreaterThanOrEqual(5);
    expect(l.count('LIST')).toBeGreaterThan(0);
  });

  it('a listing from a replica that lags never ends a wait on the VPC as it was before its PUT', async () => {
    // Transitions of different lengths, so that PUTs land between listings.
    const l = lab(ids(30).map((id, i) => [id, { transitionMs: 1000 + ((i * 137) % 900) }]));
    l.client.listFaults.lagMs = 250;
    const summary = await l.run(planOf(ids(30).map(update)), { parallelism: 5 });
    expect(summary.counts).toMatchObject({ updated: 30, failed: 0 });
  });

  it('reads yield to writes: while writes queue for the limiter, listings are further apart (under 10 % of the calls at the default parallelism)', async () => {
    const l = lab(ids(300).map((id) => [id]), { rate: true, rttMs: 40 });
    const summary = await l.run(planOf(ids(300).map(update)));
    expect(summary.counts.updated).toBe(300);
    expect((l.count('LIST') + l.count('QUOTA') + l.count('GET')) / l.client.calls.length).toBeLessThan(0.1);
  });

  it('at the rate limit: 300 VPCs at parallelism 100 within 1.15x of 300/20 s + one transition, at most 1.1 calls per VPC', async () => {
    const l = lab(ids(300).map((id) => [id]), { rate: true, rttMs: 40 });
    const start = l.time.now;
    const summary = await l.run(planOf(ids(300).map(update)), { parallelism: 100 });
    expect(summary.counts.updated).toBe(300);
    const bound = (300 / 20) * 1000 + 1500 + 2 * 40;
    expect((l.time.now - start) / bound).toBeLessThanOrEqual(1.15);
    expect(l.client.calls.length / 300).toBeLessThanOrEqual(1.1);
  });
});
