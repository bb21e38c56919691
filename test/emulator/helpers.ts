import { request as httpRequest } from 'node:http';
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

/**
 * A request through node:http, which (unlike fetch) lets a test send an exact Host header and exact
 * body bytes — needed to replay the official signing vectors verbatim.
 */
export function rawRequest(
  emu: RunningEmulator,
  req: { method: string; path: string; headers: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(emu.url);
    const headers = { ...req.headers, ...(req.body !== undefined && { 'Content-Length': String(Buffer.byteLength(req.body)) }) };
    const r = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.path, headers, setHost: !('Host' in headers || 'host' in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        let json: unknown;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: h, text, json });
      });
    });
    r.on('error', reject);
    r.end(req.body);
  });
}
