import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, DB_ID, PROJECT, SEED_FILE, vpcPath, withEmulator, WEB_ID } from './helpers.js';

const PUT_ROUTE = 'PUT /v1/{project_id}/vpcs/{vpc_id}';

async function statusOrReset(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<number | 'reset'> {
  try {
    return (await call(emu, method, path, body)).status;
  } catch {
    return 'reset';
  }
}

describe('faults', () => {
  it('throttles above the rate limit with 429 APIGW.0308', async () => {
    const clock = Date.UTC(2025, 0, 1);
    await withEmulator({ seed: SEED_FILE, rateLimitRps: 3, now: () => clock }, async (emu) => {
      const answers = [];
      for (let i = 0; i < 5; i += 1) answers.push(await call(emu, 'GET', vpcPath(WEB_ID)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
      expect(answers[3]!.json).toMatchObject({ error_code: 'APIGW.0308' });
      expect(answers[3]!.json.error_msg).toContain('limit:3');
      expect(answers[3]!.json.request_id).toBe(answers[3]!.headers.get('x-request-id'));
      expect((await call(emu, 'GET', '/_emulator/stats')).status).toBe(200);
    });
  });

  it('refills the bucket with time, allows rates under 1/s, and can send Retry-After', async () => {
    let clock = Date.UTC(2025, 0, 1);
    await withEmulator({ seed: SEED_FILE, rateLimitRps: 0.5, now: () => clock }, async (emu) => {
      expect((await call(emu, 'GET', vpcPath(WEB_ID))).status).toBe(200);
      const throttled = await call(emu, 'GET', vpcPath(WEB_ID));
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBeNull();
      clock += 2000;
      expect((await call(emu, 'GET', vpcPath(WEB_ID))).status).toBe(200);
      emu.setFaults({ retry_after_s: 3 });
      expect((await call(emu, 'GET', vpcPath(WEB_ID))).headers.get('retry-after')).toBe('3');
    });
  });

  it('replays the same random faults from the same seed, and never faults control routes', async () => {
    const run = async (seed: number) =>
      withEmulator({ seed: SEED_FILE, faultRate: 0.4, faultSeed: seed }, async (emu) => {
        const seen: Array<number | 'reset'> = [];
        for (let i = 0; i < 30; i += 1) seen.push(await statusOrReset(emu, 'GET', vpcPath(WEB_ID)));
        for (let i = 0; i < 5; i += 1) expect((await call(emu, 'GET', '/_emulator/stats')).status).toBe(200);
        return seen;
      });
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.filter((s) => s !== 200).length).toBeGreaterThan(3);
    expect(new Set(a.filter((s) => s !== 200)).size).toBeGreaterThan(1);
  });

  it('a fault striking after a PUT leaves the change done; one striking before leaves nothing', async () => {
    await withEmulator({ seed: SEED_FILE, updateDelayMs: 0 }, async (emu) => {
      const set = await call(emu, 'POST', '/_emulator/faults', {
        next: [
          { route: PUT_ROUTE, fault: '503', after: true },
          { route: PUT_ROUTE, vpc: 'vpc-db', fault: 'reset', after: false },
        ],
      });
      expect(set.status).toBe(200);
      const after = await call(emu, 'PUT', vpcPath(WEB_ID), { vpc: { name: 'vpc-web-renamed' } });
      expect(after.status).toBe(503);
      expect(after.json).toEqual({ error_code: 'APIGW.0201', error_msg: 'Backend unavailable', request_id: after.headers.get('x-request-id') });
      expect((await call(emu, 'GET', vpcPath(WEB_ID))).json.vpc.name).toBe('vpc-web-renamed');

      expect(await statusOrReset(emu, 'PUT', vpcPath(DB_ID), { vpc: { name: 'vpc-db-renamed' } })).toBe('reset');
      expect((await call(emu, 'GET', vpcPath(DB_ID))).json.vpc.name).toBe('vpc-db');

      const log = (await call(emu, 'GET', `/_emulator/requests?route=${encodeURIComponent(PUT_ROUTE)}`)).json.requests;
      expect(log).toMatchObject([
        { method: 'PUT', route: PUT_ROUTE, vpc_id: WEB_ID, status: 503, fault: '503', applied: true },
        { method: 'PUT', route: PUT_ROUTE, vpc_id: DB_ID, status: 0, fault: 'reset', applied: false },
      ]);
      expect((await call(emu, 'GET', '/_emulator/faults')).json.next).toEqual([]);
      const forDb = (await call(emu, 'GET', `/_emulator/requests?vpc_id=${DB_ID}`)).json.requests;
      expect(forDb.map((e: { method: string }) => e.method)).toEqual(['PUT', 'GET']);
      const later = (await call(emu, 'GET', `/_emulator/requests?since=${forDb[0].seq}`)).json.requests;
      expect(later.every((e: { seq: number }) => e.seq > forDb[0].seq)).toBe(true);
    });
  });

  it('answers each injected fault with the status, gateway code and body SPEC.md documents', async () => {
    await withEmulator({ seed: SEED_FILE, updateDelayMs: 0 }, async (emu) => {
      const expected = [
        ['500', 500, 'APIGW.0601', 'Internal server error'],
        ['502', 502, 'APIGW.0610', 'No backend available'],
        ['503', 503, 'APIGW.0201', 'Backend unavailable'],
        ['504', 504, 'APIGW.0201', 'Backend timeout'],
        ['429', 429, 'APIGW.0308', expect.stringContaining('The throttling threshold has been reached')],
      ] as const;
      emu.setFaults({ next: expected.map(([fault]) => ({ route: 'GET /v1/{project_id}/vpcs/{vpc_id}', fault })) });
      for (const [fault, status, code, message] of expected) {
        const answer = await call(emu, 'GET', vpcPath(WEB_ID));
        expect(answer.status, fault).toBe(status);
        expect(answer.json, fault).toEqual({ error_code: code, error_msg: message, request_id: answer.headers.get('x-request-id') });
        expect(answer.headers.get('x-request-id'), fault).toMatch(/^[0-9a-f-]{16,}$/);
      }
      expect((await call(emu, 'GET', vpcPath(WEB_ID))).status, 'the scripted faults are used up').toBe(200);
    });
  });

  it('keeps a named VPC in PENDING_UPDATE forever, or turns it ERROR after an update', async () => {
    let clock = Date.UTC(2025, 0, 1);
    await withEmulator({ seed: SEED_FILE, updateDelayMs: 1000, now: () => clock }, async (emu) => {
      emu.setFaults({ vpc_status: { 'vpc-web': 'stuck', [DB_ID]: 'error' } });
      await call(emu, 'PUT', vpcPath(WEB_ID), { vpc: { name: 'vpc-web', description: 'web tier' } });
      await call(emu, 'PUT', vpcPath(DB_ID), { vpc: { name: 'vpc-db', enable_shared_snat: false } });
      clock += 3_600_000;
      expect((await call(emu, 'GET', vpcPath(WEB_ID))).json.vpc.status).toBe('PENDING_UPDATE');
      expect((await call(emu, 'GET', vpcPath(DB_ID))).json.vpc).toMatchObject({ status: 'ERROR', enable_shared_snat: false });
      expect((await call(emu, 'PUT', vpcPath(DB_ID), { vpc: { name: 'vpc-db' } })).json.code).toBe('VPC.0113');
    });
  });

  it('adds latency to API requests only', async () => {
    await withEmulator({ seed: SEED_FILE, latencyMs: 120 }, async (emu) => {
      let t = performance.now();
      await call(emu, 'GET', vpcPath(WEB_ID));
      expect(performance.now() - t).toBeGreaterThanOrEqual(110);
      t = performance.now();
      await call(emu, 'GET', '/_emulator/stats');
      expect(performance.now() - t).toBeLessThan(110);
    });
  });

  it('refuses a bad fault body without changing anything', async () => {
    await withEmulator({ seed: SEED_FILE }, async (emu) => {
      for (const body of [{ fault_rate: 2 }, { unknown: 1 }, { next: [{ fault: '418' }] }, { vpc_status: { x: 'down' } }]) {
        const r = await call(emu, 'POST', '/_emulator/faults', body);
        expect(r.status).toBe(400);
        expect(r.json.error).toEqual(expect.any(String));
      }
      expect(emu.faults()).toMatchObject({ fault_rate: 0, next: [], vpc_status: {} });
    });
  });
});

describe('stats and reset', () => {
  it('counts API calls by route template (not control routes), and reset clears them', async () => {
    await withEmulator({ seed: SEED_FILE }, async (emu) => {
      await call(emu, 'GET', `/v1/${PROJECT}/vpcs`);
      await call(emu, 'GET', vpcPath(WEB_ID));
      await call(emu, 'PUT', vpcPath(WEB_ID), { vpc: { name: 'vpc-web' } });
      await call(emu, 'GET', '/nope');
      await call(emu, 'GET', '/_emulator/faults');
      expect((await call(emu, 'GET', '/_emulator/stats')).json).toEqual({
        total: 4,
        routes: {
          'GET /v1/{project_id}/vpcs': 1,
          'GET /v1/{project_id}/vpcs/{vpc_id}': 1,
          [PUT_ROUTE]: 1,
          'GET (no route)': 1,
        },
      });
      expect(emu.requestLog()).toHaveLength(4);
      expect((await call(emu, 'POST', '/_emulator/reset', { requests: false })).status).toBe(204);
      expect(emu.stats()).toEqual({ total: 0, routes: {} });
      expect(emu.requestLog()).toHaveLength(4);
      await call(emu, 'POST', '/_emulator/reset');
      expect(emu.requestLog()).toHaveLength(0);
    });
  });

  it('reset with data: true puts the seed back', async () => {
    await withEmulator({ seed: SEED_FILE, updateDelayMs: 0 }, async (emu) => {
      await call(emu, 'PUT', vpcPath(WEB_ID), { vpc: { name: 'changed' } });
      await call(emu, 'POST', '/_emulator/reset', { data: true });
      expect((await call(emu, 'GET', vpcPath(WEB_ID))).json.vpc.name).toBe('vpc-web');
    });
  });
});
