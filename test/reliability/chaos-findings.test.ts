/**
 * Engine findings of the chaos suite, each reduced to one scripted case against the emulator over HTTP,
 * kept as regression tests. A test marked `it.fails` shows a known, unfixed bug: it passes while the
 * bug is there and turns red once the engine is fixed (then make it a plain `it`). See docs/reliability.md.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/index.js';
import { createCloudClient, resolveConnection } from '../../src/cloud/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { plan } from '../../src/index.js';
import { DELETE_ROUTE, emulatorWith, tempDir, vpcIdFor, writeDesired } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

/**
 * Deletes one VPC that stays PENDING_DELETE longer than the apply's timeout; the DELETE's answer is
 * lost or not. `interrupt`: Ctrl-C (the abort signal) as soon as the client retries the DELETE, with a
 * 300 ms grace for what is in flight (the CLI's is 30 s).
 */
async function slowDelete(answerLost: boolean, interrupt = false) {
  const id = vpcIdFor(1);
  emu = await emulatorWith({ vpcs: [{ id, name: 'slow-to-go', cidr: '10.1.0.0/16' }] }, { deleteDelayMs: 60_000 });
  const file = join(tempDir('finding'), 'vpcs.yaml');
  writeDesired(file, emu, { old: { id, ensure: 'absent' } });
  if (answerLost) emu.setFaults({ next: [{ route: DELETE_ROUTE, vpc: id, fault: '503', after: true }] });
  const controller = new AbortController();
  const planned = (await plan({ files: [file], env: {} })).plans[0]!;
  const client = createCloudClient(resolveConnection({ cloud: 'otc', region: 'eu-de', project_id: emu.projectId, endpoint: emu.url }, {}));
  const summary = await applyPlan(planned, client, {
    timeoutMs: interrupt ? 60_000 : 1000,
    signal: controller.signal,
    abortGraceMs: 300,
    onEvent: (e) => {
      if (interrupt && e.type === 'retry_scheduled' && e.phase === 'delete') controller.abort();
    },
  });
  const outcome = summary.outcomes[0]!;
  const deletes = emu.requestLog().filter((r) => r.route === DELETE_ROUTE);
  await emu.stop();
  emu = undefined;
  return { outcome, deletes };
}

describe('chaos findings: the engine', () => {
  // Found by the chaos runs, fixed in cfd581c (src/apply/delete-vpc.ts, deleteAndWait): when the DELETE
  // landed but its answer was lost (after-write 5xx or reset), the client's retry meets 409 VPC.0110
  // ("not stable": the VPC is PENDING_DELETE because of that very DELETE). The engine counted that as
  // "busy", re-sent DELETE until --timeout, then reported "The API still refused the DELETE as busy ...
  // The VPC is being changed by something else", although its own DELETE was accepted and the VPC was
  // going; with the answer received, the same VPC is reported "Still PENDING_DELETE after 1s".
  it('a DELETE whose answer was lost is explained as the same PENDING_DELETE timeout as one answered 204', { timeout: 60_000 }, async () => {
    const answered = await slowDelete(false);
    const lost = await slowDelete(true);
    expect(answered.outcome.result).toBe('failed');
    expect(answered.outcome.failure?.message).toMatch(/^Still PENDING_DELETE after/);
    // The DELETE was carried out on the first attempt:
    expect(lost.deletes[0]).toMatchObject({ applied: true, fault: '503' });
    expect(lost.outcome.result).toBe('failed');
    expect(lost.outcome.failure?.message, JSON.stringify(lost.outcome.failure)).toMatch(/^Still PENDING_DELETE after/);
  });

  // The same lost answer, then Ctrl-C while the engine took the VPC for busy: the VPC is going because
  // of this run's DELETE, so once the grace ends its outcome is `pending` with its id. Before cfd581c
  // it was `failed` ("refused as busy"), and an intermediate change ("Refused as busy: nothing was
  // deleted") made it `not_started`: a claim that no write was made.
  it('Ctrl-C after a DELETE whose answer was lost reports the VPC pending, not failed or not started', { timeout: 60_000 }, async () => {
    const { outcome, deletes } = await slowDelete(true, true);
    expect(deletes[0]).toMatchObject({ applied: true, fault: '503' });
    expect(outcome.result, JSON.stringify(outcome)).toBe('pending');
    expect(outcome.id).toBe(vpcIdFor(1));
  });
});
