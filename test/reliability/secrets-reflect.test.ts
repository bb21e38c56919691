/**
 * Secrets against an upstream that reflects them. The server below plays IAM and the VPC API on
 * 127.0.0.1 and copies what authenticated each request — the token, the security token, the whole
 * Authorization header and the bare signature in it — into every field vpcforms prints: the error
 * code, message and request id of each body shape the client reads (gateway, `code`/`message`,
 * nested `error`, Neutron, plain text), and the X-Request-Id headers of failures and of successes
 * (the `--debug` line prints them). For every credential kind, no command, with or without
 * `--debug`, in-process or as a process, may print any of it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plan } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { runVpcform, tempDir, vpcIdFor, writeDesired } from './helpers.js';

const PROJECT = '0123456789abcdef0123456789abcdef';
const AK = 'AKREFLECTQ7W8E9R0T1Y2';
const SK = 'SKREFLECTzq8xw7ce6vr5bt4ny3mu2';
const STS = 'STSREFLECTgAAAAABkX9u2-token-body';
const TOKEN = 'TOKENREFLECT-MIIDxjCCAy8GCSqGSIb3DQEHAqCCAyAwggMcAgEB';
const PASSWORD = 'PWREFLECT-c0rrect-h0rse';
const IAM_TOKEN = 'IAMTOKENREFLECT-MIIEbwYJKoZIhvcNAQcCoIIEYDCCBFwCAQExDTALBglghkgBZQMEAgEw';
const KNOWN = [AK, SK, STS, TOKEN, PASSWORD, IAM_TOKEN];

/** What the VPC API answers: a failure in one of the body shapes, or success (the failure comes at the PUT). */
type Shape = 'gateway' | 'code-message' | 'nested' | 'neutron' | 'text' | 'ok-then-put-fails';
const SHAPES: Shape[] = ['gateway', 'code-message', 'nested', 'neutron', 'text', 'ok-then-put-fails'];

let server: Server;
let url = '';
let shape: Shape = 'gateway';
/** Every credential value the server received (signatures differ per request). */
const received = new Set<string>();
const seen = { authorization: 0, securityToken: 0, authToken: 0, iamLogins: 0, puts: 0 };

function reflect(req: IncomingMessage, body: string): string {
  const values: string[] = [];
  const take = (name: string, value: string | undefined): void => {
    if (value === undefined || value === '') return;
    received.add(value);
    values.push(`${name} ${value}`, value);
  };
  const authorization = req.headers['authorization'];
  if (authorization !== undefined) seen.authorization += 1;
  // The whole header is reflected; its signature is also checked on its own (the rest of it is the
  // public scheme name, the AK, which is a sentinel too, and the signed header names).
  if (authorization !== undefined) values.push(`Authorization: ${authorization}`, authorization);
  const signature = /Signature=([0-9a-f]+)/.exec(authorization ?? '')?.[1];
  take('signature', signature);
  if (req.headers['x-security-token'] !== undefined) seen.securityToken += 1;
  take('X-Security-Token:', req.headers['x-security-token'] as string | undefined);
  if (req.headers['x-auth-token'] !== undefined) seen.authToken += 1;
  take('X-Auth-Token:', req.headers['x-auth-token'] as string | undefined);
  if (body !== '') values.push(body.replace(/\s+/g, ' '));
  return values.join(' | ');
}

function vpcJson(i: number): Record<string, unknown> {
  return { id: vpcIdFor(i), name: `vpc-${i}`, description: '', cidr: `10.${i}.0.0/16`, status: 'OK', routes: [], enable_shared_snat: false, enterprise_project_id: '0', tenant_id: PROJECT, created_at: '2024-05-31T10:00:00', updated_at: '2024-05-31T10:00:00' };
}

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  const r = reflect(req, body);
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (req.method === 'POST' && path === '/v3/auth/tokens') {
    seen.iamLogins += 1;
    if (shape === 'text') {
      // IAM refusing, with the request (the password) reflected.
      res.writeHead(401, { 'content-type': 'application/json', 'x-request-id': r }).end(JSON.stringify({ error: { code: 401, title: r, message: r } }));
      return;
    }
    const token = { token: { expires_at: new Date(Date.now() + 3_600_000).toISOString(), project: { id: PROJECT } } };
    res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': IAM_TOKEN }).end(JSON.stringify(token));
    return;
  }
  const headers = { 'x-request-id': r, 'x-openstack-request-id': r };
  if (shape === 'ok-then-put-fails' && req.method === 'GET') {
    const quota = { quotas: { resources: [{ type: 'vpc', used: 2, quota: 150 }] } };
    const page = path.endsWith('/quotas') ? quota : path.endsWith('/subnets') ? { subnets: [] } : path.endsWith('/vpcs') ? { vpcs: [vpcJson(0), vpcJson(1)] } : { vpc: vpcJson(path.endsWith(vpcIdFor(1)) ? 1 : 0) };
    res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(page));
    return;
  }
  if (req.method === 'PUT') seen.puts += 1;
  const bodies: Record<Exclude<Shape, 'text'>, unknown> = {
    gateway: { error_code: r, error_msg: r, request_id: r },
    'code-message': { code: r, message: r, request_id: r },
    nested: { error: { code: r, message: r, title: r }, request_id: r },
    neutron: { NeutronError: { type: r, message: r, detail: r }, request_id: r },
    'ok-then-put-fails': { error_code: r, error_msg: r, request_id: r },
  };
  if (shape === 'text') res.writeHead(400, { 'content-type': 'text/plain', ...headers }).end(r);
  else res.writeHead(400, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(bodies[shape]));
}

function expectClean(text: string, where: string): void {
  for (const secret of [...KNOWN, ...received]) {
    for (const needle of [secret, secret.slice(0, 14)]) {
      const at = text.indexOf(needle);
      if (at !== -1) throw new Error(`secret ${needle} leaked in ${where}:\n${text.slice(Math.max(0, at - 300), at + 100)}`);
    }
  }
}

const CREDENTIALS: Array<{ kind: string; env: () => Record<string, string>; check: (before: typeof seen) => void }> = [
  { kind: 'AK/SK', env: () => ({ HW_ACCESS_KEY: AK, HW_SECRET_KEY: SK }), check: (b) => expect(seen.authorization).toBeGreaterThan(b.authorization) },
  {
    kind: 'AK/SK with a security token',
    env: () => ({ HW_ACCESS_KEY: AK, HW_SECRET_KEY: SK, HW_SECURITY_TOKEN: STS }),
    check: (b) => expect(seen.securityToken).toBeGreaterThan(b.securityToken),
  },
  { kind: 'a token', env: () => ({ OS_AUTH_TOKEN: TOKEN }), check: (b) => expect(seen.authToken).toBeGreaterThan(b.authToken) },
  {
    kind: 'a password (IAM token)',
    env: () => ({ OS_USERNAME: 'alice', OS_PASSWORD: PASSWORD, OS_DOMAIN_NAME: 'acme', OS_AUTH_URL: `${url}/v3` }),
    check: (b) => expect(seen.iamLogins).toBeGreaterThan(b.iamLogins),
  },
];

let dir: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  dir = tempDir('secrets-reflect');
  writeDesired(join(dir, 'vpcs.yaml'), { projectId: PROJECT, url }, { v0: { id: vpcIdFor(0), description: 'reflected' }, v1: { id: vpcIdFor(1), name: 'vpc-1' } });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('secrets reflected by the upstream never reach the output', () => {
  for (const credential of CREDENTIALS) {
    it(`${credential.kind}: every body shape, every command, with and without --debug`, async () => {
      for (const s of SHAPES) {
        shape = s;
        const before = { ...seen };
        for (const argv of [['plan', '-f', 'vpcs.yaml'], ['plan', '-f', 'vpcs.yaml', '--json'], ['drift', '-f', 'vpcs.yaml', '--json'], ['apply', '-f', 'vpcs.yaml', '--auto-approve', '--json']]) {
          for (const extra of [[], ['--debug']]) {
            const run = await runCli([...argv, ...extra], { cwd: dir, env: credential.env() });
            const where = `${[...argv, ...extra].join(' ')} with ${credential.kind}, shape ${s}`;
            expectClean(run.stdout, `stdout of ${where}`);
            expectClean(run.stderr, `stderr of ${where}`);
            // The run reached the reflecting server: refused there with a cloud error, or (reads
            // answered) a plan, a drift report, and an apply whose PUTs are refused.
            const code = s !== 'ok-then-put-fails' || argv[0] === 'apply' ? 1 : argv[0] === 'drift' ? 2 : 0;
            expect(run.code, `${where}\n${run.stdout.slice(-800)}${run.stderr.slice(-800)}`).toBe(code);
            if (code === 1) expect(run.stdout + run.stderr, where).toMatch(/CLOUD_[A-Z_]+/);
            // --debug really printed the exchanges, reflected fields included (masked).
            if (extra.length > 0) expect(run.stderr, where).toMatch(/vpcform: http (GET|POST|PUT) .*\[REDACTED\]/);
          }
        }
        credential.check(before);
        if (s === 'ok-then-put-fails') expect(seen.puts, 'the apply reached its PUTs').toBeGreaterThan(before.puts);
      }
    });
  }

  it('errors thrown by the library hold none of it (message, JSON, inspect with causes)', async () => {
    for (const credential of CREDENTIALS) {
      for (const s of SHAPES.filter((x) => x !== 'ok-then-put-fails')) {
        shape = s;
        const err = await plan({ files: [join(dir, 'vpcs.yaml')], env: credential.env() }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, `${credential.kind}, shape ${s}: plan must fail`).toBeDefined();
        const where = `${credential.kind}, shape ${s}`;
        expectClean(String(err), `String(error), ${where}`);
        expectClean(JSON.stringify(err), `JSON.stringify(error), ${where}`);
        expectClean(inspect(err, { depth: 8, showHidden: true }), `inspect(error), ${where}`);
      }
    }
  });

  it('apply --debug as a process (stack traces on) prints none of it', { timeout: 60_000 }, async () => {
    for (const [i, credential] of CREDENTIALS.entries()) {
      shape = SHAPES[i % SHAPES.length]!;
      const run = await runVpcform(['apply', '-f', 'vpcs.yaml', '--auto-approve', '--debug'], { cwd: dir, env: credential.env() });
      expectClean(run.stdout + run.stderr, `apply --debug as a process with ${credential.kind}, shape ${shape}`);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/\[REDACTED\]/);
    }
  });
});
