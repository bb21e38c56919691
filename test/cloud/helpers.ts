import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { createCloudClient, type CloudClient, type CreateClientOptions, type ResolvedAuth } from '../../src/cloud/index.js';

export const AK = 'HPUAL7V3JNBXQZ1Y0E2K';
/** Sentinel secrets: tests assert they never show up in output or errors. */
export const SK = 'SK-SENTINEL-d0c5a8e1f2b3';
export const STS = 'STS-SENTINEL-6b7c8d9e';
export const USER = { name: 'alice', password: 'PW-SENTINEL-3e4f5a6b', domain: 'acme' };

export const VPC_A = '99d9d709-8478-4b46-9f3f-2206b1023fd3';
export const VPC_B = '13551d6b-755d-4757-b956-536f674975c0';

export const baseSeed = {
  vpcs: [
    { id: VPC_A, name: 'web', cidr: '192.168.0.0/16', description: 'web tier' },
    { id: VPC_B, name: 'db', cidr: '10.0.0.0/16', enterprise_project_id: '6c2ffe2a-4f8e-4b44-9a4c-1f0b1a2b3c4d' },
  ],
  subnets: [{ vpc_id: VPC_A, name: 'web-a', cidr: '192.168.1.0/24' }],
};

export async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, seed: baseSeed, updateDelayMs: 0, ...options });
}

/** Fast retry timings so tests finish quickly; the classification and counting stay real. */
export const fastRetry = { baseDelayMs: 5, throttleBaseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 500 };

export function client(em: RunningEmulator, auth: ResolvedAuth, extra: Partial<CreateClientOptions> = {}): CloudClient {
  return createCloudClient({ endpoint: em.url, projectId: em.projectId, auth, retry: fastRetry, ...extra });
}

export async function httpStats(em: RunningEmulator): Promise<{ total: number; routes: Record<string, number> }> {
  const response = await fetch(`${em.url}/_emulator/stats`);
  return (await response.json()) as { total: number; routes: Record<string, number> };
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
