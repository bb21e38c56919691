import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import type { ApplyEvent, ApplySummary } from '../../src/apply/types.js';
import { createPlainApplyRenderer } from '../../src/render/apply-plain.js';
import { renderApplySummaryText } from '../../src/render/apply-summary.js';
import { EMPTY_APPLY_VIEW, reduceApplyView } from '../../src/render/apply-view-state.js';
import { ApplyView } from '../../src/render/apply-view.js';
import { paint } from '../../src/render/paint.js';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const web = { address: 'vpcs.web', id: 'id-web' };
const db = { address: 'vpcs.db', id: 'id-db' };

const events: ApplyEvent[] = [
  { type: 'apply_start', at: T0, total: 3, toChange: 2, parallelism: 10, target: { endpoint: 'http://127.0.0.1:1', project_id: 'p' } },
  { type: 'change_skipped', at: T0, address: 'vpcs.same', id: 'id-same', reason: 'no-op' },
  { type: 'change_start', at: T0, ...web },
  { type: 'put_sent', at: T0 + 1, ...web, round: 1 },
  { type: 'change_start', at: T0 + 2, ...db },
  { type: 'put_sent', at: T0 + 2, ...db, round: 1 },
  { type: 'retry_scheduled', at: T0 + 30, ...db, phase: 'put', reason: '429 APIGW.0308', delayMs: 1200, attempt: 1 },
  { type: 'put_answered', at: T0 + 40, ...web, round: 1, status: 'PENDING_UPDATE', busy: false },
  { type: 'poll', at: T0 + 350, ...web, status: 'PENDING_UPDATE', attempt: 1, elapsedMs: 310 },
  { type: 'poll', at: T0 + 700, ...web, status: 'PENDING_UPDATE', attempt: 2, elapsedMs: 660 },
  { type: 'poll', at: T0 + 1600, ...web, status: 'OK', attempt: 3, elapsedMs: 1560 },
  { type: 'change_done', at: T0 + 1601, ...web, result: 'updated', elapsedMs: 1601, polls: 3, retries: 0 },
];

describe('plain apply renderer', () => {
  it('writes timestamped lines, retries with reason and delay, polls only when the status changes', () => {
    const render = createPlainApplyRenderer({ color: false });
    expect(events.flatMap(render)).toEqual([
      '12:00:00.000 Applying 2 of 3 change(s), 10 at once, to project p at http://127.0.0.1:1',
      '12:00:00.000 vpcs.same (id-same): unchanged',
      '12:00:00.001 vpcs.web (id-web): PUT sent',
      '12:00:00.002 vpcs.db (id-db): PUT sent',
      '12:00:00.030 vpcs.db (id-db): put attempt 1 failed (429 APIGW.0308), retrying in 1.2s',
      '12:00:00.350 vpcs.web (id-web): PENDING_UPDATE after 310ms',
      '12:00:01.600 vpcs.web (id-web): OK after 1.6s',
      '12:00:01.601 vpcs.web (id-web): updated in 1.6s (3 poll(s), 0 retries)',
    ]);
  });

  it('names what is in flight as soon as it is interrupted', () => {
    const lines = createPlainApplyRenderer({ color: false })({
      type: 'interrupted',
      at: T0,
      inFlight: [{ ...db, phase: 'poll', lastStatus: 'PENDING_UPDATE' }],
      notStarted: 4,
      graceMs: 30_000,
    });
    expect(lines.join('\n')).toContain('4 not started');
    expect(lines.join('\n')).toContain('vpcs.db (id-db): poll, last status PENDING_UPDATE');
  });
});

describe('apply summary text', () => {
  it('lists every VPC once, failures with code, hint and request id, then the counts', () => {
    const summary: ApplySummary = {
      outcomes: [
        { ...web, result: 'updated', elapsedMs: 1601 },
        { address: 'vpcs.same', id: 'id-same', result: 'unchanged' },
        { ...db, result: 'failed', failure: { code: 'APPLY_TIMEOUT', message: 'Still PENDING_UPDATE after 2s', hint: 'raise --timeout', requestId: 'req-1', lastStatus: 'PENDING_UPDATE' } },
        { address: 'vpcs.late', id: 'id-late', result: 'pending', lastStatus: 'PENDING_UPDATE' },
        { address: 'vpcs.next', id: 'id-next', result: 'not_started' },
      ],
      counts: { created: 0, updated: 1, deleted: 0, unchanged: 1, failed: 1, pending: 1, not_started: 1 },
      interrupted: true,
      elapsedMs: 2500,
      converged: false,
    };
    expect(renderApplySummaryText([summary], { color: false })).toBe(
      [
        '',
        'Apply interrupted.',
        '  ✓ vpcs.web (id-web): updated in 1.6s',
        '  = vpcs.same (id-same): unchanged',
        '  ✗ vpcs.db (id-db): failed',
        '      APPLY_TIMEOUT: Still PENDING_UPDATE after 2s',
        '        request id: req-1',
        '        hint: raise --timeout',
        '  … vpcs.late (id-late): still pending (last status PENDING_UPDATE): it may still be changing',
        '  - vpcs.next (id-next): not started (interrupted)',
        '',
        'Resources: 1 updated, 1 unchanged, 1 failed, 1 still pending, 1 not started (2.5s).',
        '',
      ].join('\n'),
    );
  });
});

describe('ink apply view', () => {
  it('keeps finished VPCs above and one live line per VPC in flight', () => {
    const p = paint(false);
    const state = events.slice(0, 8).reduce((s, e) => reduceApplyView(s, e, p), EMPTY_APPLY_VIEW);
    expect(state.live.map((l) => l.address)).toEqual(['vpcs.web', 'vpcs.db']);
    const { lastFrame, unmount } = render(createElement(ApplyView, { state, now: T0 + 3000 }));
    const frame = lastFrame() ?? '';
    unmount();
    expect(frame).toContain('Applying 2 of 3 change(s)');
    expect(frame).toContain('= vpcs.same (id-same): unchanged');
    expect(frame).toMatch(/vpcs\.web \(id-web\) {2}PENDING_UPDATE {2}3s/);
    expect(frame).toMatch(/vpcs\.db \(id-db\) {2}PUT sent {2}3s {2}1 retry \(429 APIGW\.0308\)/);
    const done = events.slice(8).reduce((s, e) => reduceApplyView(s, e, p), state);
    expect(done.live.map((l) => l.address)).toEqual(['vpcs.db']);
    expect(done.finished.at(-1)?.lines).toEqual(['✓ vpcs.web (id-web): updated in 1.6s']);
  });
});
