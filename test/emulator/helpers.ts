import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export const PROJECT = '0123456789abcdef0123456789abcdef';
export const WEB_ID = '99d9d709-8478-4b46-9f3f-2206b1023fd3';
export const DB_ID = '3b5a8a5e-6d1c-4f7e-9a2b-1c2d3e4f5a6b';
export const BATCH_ID = '5f0c9a1e-2b3d-4c5e-8f6a-7b8c9d0e1f2a';
export const SEED_FILE = new URL('../../examples/emulator-seed.yaml', import.meta.url).pathname;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are read field by field
}

/** A plain `fetch` against the emulator: no vpcform client involved. */
export async function call(emu: RunningEmulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${emu.url}${path}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function withEmulator<T>(options: EmulatorOptions, fn: (emu: RunningEmulator) => Promise<T>): Promise<T> {
  const emu = await startEmulator({ port: 0, ...options });
  try {
    return await fn(emu);
  } finally {
    await emu.stop();
  }
}

export const vpcsPath = (project = PROJECT) => `/v1/${project}/vpcs`;
export const vpcPath = (id: string, project = PROJECT) => `/v1/${project}/vpcs/${id}`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
