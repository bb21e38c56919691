import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveVpc } from '../../src/model/vpc.js';
import type { WatchEvent } from '../../src/watch/types.js';
import { Watcher, type WatchOptions } from '../../src/watch/watcher.js';
import { FakeCloud, jumpingTime } from './fake-cloud.js';
import { desiredYaml, tempDesired, VPCS } from './helpers.js';

/**
 * The watch loop's schedule on fake time, over an in-memory cloud: back-off after failed checks and
 * failed heals, readiness, and what --heal and --heal-deletes may write.
 */
const live = (): LiveVpc[] => VPCS.map(({ key: _key, ...v }) => ({ ...v, status: 'OK', routes: [] }));
const web = VPCS[0];
let dir: string | undefined;

afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function watcherOver(cloud: FakeCloud, options: Partial<WatchOptions> & { content?: string } = {}) {
  const desired = await tempDesired(options.content);
  dir = desired.dir;
  const time = jumpingTime();
  const events: WatchEvent[] = [];
  const controller = new AbortController();
  const watcher = new Watcher({
    paths: [desired.file],
    cwd: desired.dir,
    intervalMs: 60_000,
    connect: () => cloud,
    signal: controller.signal,
    toolVersion: 'test',
    clock: time.clock,
    sleep: time.sleep,
    ...options,
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  return { watcher, events, time, file: desired.file, controller };
}

const ofType = <T extends WatchEvent['type']>(events: WatchEvent[], type: T) => events.filter((e): e is Extract<WatchEvent, { type: T }> => e.type === type);

describe('Watcher: failed checks', () => {
  it('retries a failing check with back-off from interval/16 doubling up to the interval, then checks every interval', async () => {
    const cloud = new FakeCloud(live());
    cloud.down = true;
    const readiness: boolean[] = [];
    let failures = 0;
    const { watcher, events, time } = await watcherOver(cloud, {
      maxCycles: 9,
      onEvent: (event) => {
        if (event.type === 'check_failed' && ++failures === 6) cloud.down = false;
        if (event.type === 'check_failed' || event.type === 'check_ok') readiness.push(watcher.readiness().ready);
      },
    });
    const result = await watcher.run();
    expect(result).toEqual({ cycles: 9, reason: 'max_cycles' });
    const failed = ofType(events, 'check_failed');
    expect(failed.map((e) => e.retry_in_ms)).toEqual([3750, 7500, 15_000, 30_000, 60_000, 60_000]);
    expect(failed.map((e) => e.failures)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(failed[0]?.error).toMatchObject({ code: 'CLOUD_NETWORK' });
    const checks = events.filter((e) => e.type === 'check_failed' || e.type === 'check_ok').map((e) => e.at);
    const gaps = checks.slice(1).map((at, i) => at - (checks[i] as number));
    expect(gaps).toEqual([3750, 7500, 15_000, 30_000, 60_000, 60_000, 60_000, 60_000]);
    expect(readiness).toEqual([false, false, false, false, false, false, true, true, true]);
    // Two intervals without a successful check: not ready, and /readyz says why.
    time.advance(2 * 60_000 + 1);
    expect(watcher.readiness()).toMatchObject({ ready: false, targets: [expect.objectContaining({ reason: expect.stringContaining('no successful check') })] });
  });

  it('never writes without --heal, however long the drift lasts', async () => {
    const cloud = new FakeCloud(live());
    cloud.set(web.id, { description: 'changed by hand' });
    const { watcher, events } = await watcherOver(cloud, { maxCycles: 5 });
    await watcher.run();
    expect(cloud.writes()).toEqual([]);
    expect(ofType(events, 'drift_started')).toHaveLength(1);
    expect(cloud.calls).toEqual(Array(5).fill('GET vpcs'));
  });
});

describe('Watcher: --heal', () => {
  it('backs off a VPC whose heal fails: the next check, then 2, 4, 8 intervals later, one PUT each time', async () => {
    const cloud = new FakeCloud(live());
    cloud.set(web.id, { description: 'changed by hand' });
    cloud.refusePuts = true;
    const { watcher, events } = await watcherOver(cloud, { heal: true, intervalMs: 1000, maxCycles: 20 });
    await watcher.run();
    const checks = ofType(events, 'check_ok').map((e) => e.at);
    const heals = ofType(events, 'heal_done');
    expect(heals.every((h) => h.result === 'failed' && h.address === 'vpcs.web' && h.failure?.code === 'CLOUD_BAD_REQUEST')).toBe(true);
    expect(heals.map((h) => h.retry_in_ms)).toEqual([1000, 2000, 4000, 8000, 8000]);
    // Which checks tried a heal (0-based): the back-off, on the checks' own schedule.
    const tried = heals.map((h) => checks.filter((at) => at <= h.at).length - 1);
    expect(tried).toEqual([0, 1, 3, 7, 15]);
    expect(cloud.writes()).toEqual(Array(5).fill(`PUT ${web.id}`));
  });

  it('heals once the API accepts, then stops: back in sync, the back-off forgotten', async () => {
    const cloud = new FakeCloud(live());
    cloud.set(web.id, { description: 'changed by hand' });
    cloud.refusePuts = true;
    const { watcher, events } = await watcherOver(cloud, {
      heal: true,
      intervalMs: 1000,
      maxCycles: 8,
      onEvent: (event) => {
        if (event.type === 'heal_done' && event.result === 'failed') cloud.refusePuts = false;
      },
    });
    await watcher.run();
    expect(ofType(events, 'heal_done').map((h) => h.result)).toEqual(['failed', 'updated']);
    expect(cloud.vpc(web.id)?.description).toBe('web tier');
    expect(ofType(events, 'drift_stopped')).toEqual([expect.objectContaining({ address: 'vpcs.web', reason: 'in_sync' })]);
    expect(cloud.writes()).toEqual([`PUT ${web.id}`, `PUT ${web.id}`]);
  });

  it('deletes only with --heal-deletes; without it, says so once and reads no more than a plain check', async () => {
    const absent = `${desiredYaml()}  old:\n    id: 20000000-0000-4000-8000-000000000009\n    ensure: absent\n`;
    const old: LiveVpc = { id: '20000000-0000-4000-8000-000000000009', name: 'vpc-old', cidr: '10.30.0.0/16', status: 'OK', routes: [] };

    const keep = new FakeCloud([...live(), old]);
    const without = await watcherOver(keep, { heal: true, maxCycles: 4, content: absent });
    await without.watcher.run();
    expect(keep.writes()).toEqual([]);
    expect(ofType(without.events, 'heal_skipped')).toEqual([expect.objectContaining({ address: 'vpcs.old', reason: 'deletes_not_enabled', action: 'delete' })]);
    expect(keep.calls).toEqual(Array(4).fill('GET vpcs'));
    await rm(without.file, { force: true });

    const remove = new FakeCloud([...live(), old]);
    const withDeletes = await watcherOver(remove, { heal: true, healDeletes: true, maxCycles: 3, content: absent });
    await withDeletes.watcher.run();
    expect(remove.writes()).toEqual([`DELETE ${old.id}`]);
    expect(ofType(withDeletes.events, 'heal_done')).toEqual([expect.objectContaining({ address: 'vpcs.old', action: 'delete', result: 'deleted' })]);
  });
});

describe('Watcher: desired files', () => {
  it('keeps checking the last valid state of a file that became invalid, and is not ready while nothing valid was ever read', async () => {
    const cloud = new FakeCloud(live());
    const { watcher, events, file } = await watcherOver(cloud, {
      maxCycles: 3,
      onEvent: (event) => {
        // Synchronous, so no reload can see the file half-written.
        if (event.type === 'check_ok') writeFileSync(file, 'version: 1\nvpcs: [not, a, mapping\n');
      },
    });
    await watcher.run();
    expect(ofType(events, 'desired_invalid')).toEqual([expect.objectContaining({ target: file, kept: true })]);
    expect(ofType(events, 'check_ok')).toHaveLength(3);
    expect(watcher.readiness().ready).toBe(true);

    const never = new FakeCloud(live());
    const second = await watcherOver(never, { maxCycles: 2, content: 'version: 1\n' });
    await second.watcher.run();
    expect(never.calls).toEqual([]);
    expect(ofType(second.events, 'desired_invalid')).toEqual([expect.objectContaining({ kept: false })]);
    expect(second.watcher.readiness()).toMatchObject({ ready: false, targets: [expect.objectContaining({ reason: 'never valid: not watched' })] });
  });
});
