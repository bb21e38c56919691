import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RetryInfo } from '../../src/cloud/index.js';
import type { VpcformError } from '../../src/errors/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { VPC_A, caught, client, emulator, httpStats } from './helpers.js';

let em: RunningEmulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

const GET_VPC = 'GET /v1/{project_id}/vpcs/{vpc_id}';
const PUT_VPC = 'PUT /v1/{project_id}/vpcs/{vpc_id}';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('transient failures are survived within the retry budget', () => {
  it('a burst of 500/502/503/504 on one call: retried with reasons, then success', async () => {
    em = await emulator();
    em.setFaults({ next: ['503', '502', '500', '504'].map((fault) => ({ route: GET_VPC, fault: fault as '503' })) });
    const retries: RetryInfo[] = [];
    const vpc = await client(em, { kind: 'none' }).getVpc(VPC_A, { onRetry: (info) => retries.push(info) });
    expect(vpc.id).toBe(VPC_A);
    expect(retries.map((r) => r.reason)).toEqual(['503 APIGW.0201', '502 APIGW.0610', '500 APIGW.0601', '504 APIGW.0201']);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    expect(retries.every((r) => r.route === GET_VPC && r.method === 'GET' && r.delayMs >= 0)).toBe(true);
    expect((await httpStats(em)).routes[GET_VPC]).toBe(5);
  });

  it('follows the backoff schedule on the injected clock: exponential, longer after a 429', async () => {
    em = await emulator();
    em.setFaults({ next: ['503', '503', '429', '503'].map((fault) => ({ route: GET_VPC, fault: fault as '503' })) });
    const slept: number[] = [];
    let clock = 1_000_000;
    const c = client(em, { kind: 'none' }, {
      retry: { baseDelayMs: 100, throttleBaseDelayMs: 1000, maxDelayMs: 10_000, maxAttempts: 6 },
      random: () => 0.5,
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
    });
    await c.getVpc(VPC_A);
    // attempt n waits random·min(cap, base·2^(n-1)); the third failure is a 429 (base 1000).
    expect(slept).toEqual([50, 100, 2000, 400]);
  });

  it('gives up after maxAttempts with the last error and the attempt count', async () => {
    em = await emulator();
    em.setFaults({ next: Array.from({ length: 5 }, () => ({ route: GET_VPC, fault: '503' as const })) });
    const error = (await caught(client(em, { kind: 'none' }, { retry: { maxAttempts: 3 }, sleep: async () => undefined }).getVpc(VPC_A))) as VpcformError;
    expect(error.code).toBe('CLOUD_UNAVAILABLE');
    expect(error.cloud).toMatchObject({ status: 503, retryable: true });
    expect(error.detail).toContain('Gave up after 3 attempts');
    expect((await httpStats(em)).routes[GET_VPC]).toBe(3);
  });

  it('connection resets are retried (ECONNRESET), including on a PUT', async () => {
    em = await emulator();
    em.setFaults({ next: [{ route: PUT_VPC, fault: 'reset' }, { route: PUT_VPC, fault: 'reset', after: true }] });
    const reasons: string[] = [];
    const vpc = await client(em, { kind: 'none' }).updateVpc(VPC_A, { name: 'after-resets' }, { onRetry: (i) => reasons.push(i.reason) });
    expect(vpc.name).toBe('after-resets');
    expect(reasons).toEqual(['ECONNRESET', 'ECONNRESET']);
  });

  it('random faults (seeded) on 40 concurrent calls: none fails', async () => {
    em = await emulator({ faultRate: 0.3, faultSeed: 7 });
    const c = client(em, { kind: 'none' }, { retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 } });
    const results = await Promise.all(Array.from({ length: 40 }, () => c.getVpc(VPC_A)));
    expect(results).toHaveLength(40);
    const faults = em.requestLog().filter((r) => r.fault !== undefined).length;
    expect(faults).toBeGreaterThan(0);
    expect((await httpStats(em)).routes[GET_VPC]).toBe(40 + faults);
  });

  it('a 429 storm: the limiter slows down, every call succeeds', async () => {
    em = await emulator({ rateLimitRps: 20 });
    const reasons: string[] = [];
    const c = client(em, { kind: 'none' }, {
      rate: { requestsPerSecond: 100, burst: 40, maxInFlight: 10 },
      retry: { maxAttempts: 10, throttleBaseDelayMs: 200, maxDelayMs: 2000 },
    });
    const results = await Promise.all(Array.from({ length: 50 }, () => c.getVpc(VPC_A, { onRetry: (i) => reasons.push(i.reason) })));
    expect(results).toHaveLength(50);
    expect(reasons.length).toBeGreaterThan(0);
    expect(new Set(reasons)).toEqual(new Set(['429 APIGW.0308']));
  }, 30_000);

  it('latency below the timeout is fine; above it each attempt times out and the error says so', async () => {
    em = await emulator({ latencyMs: 30 });
    await expect(client(em, { kind: 'none' }, { timeoutMs: 2000 }).getVpc(VPC_A)).resolves.toMatchObject({ id: VPC_A });
    em.setFaults({ latency_ms: 400 });
    const reasons: string[] = [];
    const error = (await caught(
      client(em, { kind: 'none' }, { timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1 } }).getVpc(VPC_A, { onRetry: (i) => reasons.push(i.reason) }),
    )) as VpcformError;
    expect(error.code).toBe('CLOUD_TIMEOUT');
    expect(error.cloud?.retryable).toBe(true);
    expect(error.detail).toContain('2 attempts');
    expect(reasons).toEqual(['timeout']);
  });

  it('a busy VPC (500 VPC.0113 while PENDING_UPDATE) is retried until the update goes through', async () => {
    em = await emulator({ updateDelayMs: 150 });
    const c = client(em, { kind: 'none' }, { retry: { maxAttempts: 10, baseDelayMs: 60, maxDelayMs: 100 } });
    await c.updateVpc(VPC_A, { name: 'first' });
    const reasons: string[] = [];
    const vpc = await c.updateVpc(VPC_A, { name: 'second' }, { onRetry: (i) => reasons.push(i.reason) });
    expect(vpc.name).toBe('second');
    expect(reasons.length).toBeGreaterThan(0);
    expect(new Set(reasons)).toEqual(new Set(['500 VPC.0113']));
  });

  it('nothing listening (ECONNREFUSED): retried, then CLOUD_NETWORK with a hint', async () => {
    const port = await closedPort();
    const reasons: string[] = [];
    const c = client({ url: `http://127.0.0.1:${port}`, projectId: 'p' } as RunningEmulator, { kind: 'none' }, { retry: { maxAttempts: 3, baseDelayMs: 1 } });
    const error = (await caught(c.listVpcs({ onRetry: (i) => reasons.push(i.reason) }))) as VpcformError;
    expect(error.code).toBe('CLOUD_NETWORK');
    expect(error.summary).toContain('ECONNREFUSED');
    expect(error.hint).toContain(`127.0.0.1:${port}`);
    expect(reasons).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });
});

describe('permanent failures are never retried', () => {
  it('400 VPC.0117 on PUT: one request, the cidr hint', async () => {
    em = await emulator();
    const error = (await caught(client(em, { kind: 'none' }).updateVpc(VPC_A, { cidr: '10.9.0.0/16' }))) as VpcformError;
    expect(error.code).toBe('CLOUD_BAD_REQUEST');
    expect(error.cloud).toMatchObject({ status: 400, serviceCode: 'VPC.0117', retryable: false, method: 'PUT', route: PUT_VPC });
    expect(error.cloud?.requestId).toBeTruthy();
    expect(error.hint).toContain("must still contain the VPC's subnets");
    expect((await httpStats(em)).routes[PUT_VPC]).toBe(1);
  });

  it('404 on GET: CLOUD_NOT_FOUND after one request', async () => {
    em = await emulator();
    const error = (await caught(client(em, { kind: 'none' }).getVpc('00000000-0000-4000-8000-000000000000'))) as VpcformError;
    expect(error.code).toBe('CLOUD_NOT_FOUND');
    expect(error.cloud?.status).toBe(404);
    expect((await httpStats(em)).routes[GET_VPC]).toBe(1);
  });

  it('400 VPC.0101 (invalid name): one request', async () => {
    em = await emulator();
    const error = (await caught(client(em, { kind: 'none' }).updateVpc(VPC_A, { name: 'no spaces allowed' }))) as VpcformError;
    expect(error.code).toBe('CLOUD_BAD_REQUEST');
    expect(error.cloud?.serviceCode).toBe('VPC.0101');
    expect((await httpStats(em)).routes[PUT_VPC]).toBe(1);
  });
});

describe('cancellation', () => {
  it('an abort during backoff stops at once with INTERRUPTED and makes no further request', async () => {
    em = await emulator();
    em.setFaults({ next: Array.from({ length: 5 }, () => ({ route: GET_VPC, fault: '503' as const })) });
    const controller = new AbortController();
    const c = client(em, { kind: 'none' }, { retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 }, random: () => 0.99 });
    const started = Date.now();
    const pending = c.getVpc(VPC_A, { signal: controller.signal, onRetry: () => setTimeout(() => controller.abort(), 20) });
    const error = (await caught(pending)) as VpcformError;
    expect(error.code).toBe('INTERRUPTED');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await httpStats(em)).routes[GET_VPC]).toBe(1);
  });

  it('an already aborted signal sends nothing', async () => {
    em = await emulator();
    const error = (await caught(client(em, { kind: 'none' }).listVpcs({ signal: AbortSignal.abort() }))) as VpcformError;
    expect(error.code).toBe('INTERRUPTED');
    expect((await httpStats(em)).total).toBe(0);
  });
});
