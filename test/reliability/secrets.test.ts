/**
 * Secrets: every command, with --debug and --json, with good and bad credentials of every kind,
 * and against a server that echoes the request (headers and body) in its error text. The sentinel
 * values must appear nowhere: stdout, stderr, plan files, imported files, thrown errors.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { apply, drift, plan } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { emulatorWith, PUT_ROUTE, recordFigures, runVpcform, tempDir, vpcIdFor, writeDesired } from './helpers.js';

const AK = 'AKSENTINELQ7W8E9R0T1Y2';
const SK = 'SKSENTINELzq8xw7ce6vr5bt4ny3mu2';
const STS = 'STSSENTINELgAAAAABkX9u2-token-body';
const WRONG_SK = 'SKSENTINELwrongwrongwrongwrong';
const USER = 'alice';
const PW = 'PWSENTINEL-c0rrect-h0rse';
const WRONG_PW = 'PWSENTINEL-wr0ng';
const TOKEN = 'TOKENSENTINEL-MIIDxjCCAy8GCSqGSIb3DQEHAqCCAyAwggMcAgEBMQ0wCwYJYIZIAWUDBAIBMIIBhwYJKoZIhvcNAQcBoIIBeASCAXR7InRva2Vu';
const SENTINELS = [AK, SK, STS, WRONG_SK, PW, WRONG_PW, TOKEN];

let emu: RunningEmulator;
let echo: Server;
let echoUrl: string;
let dir: string;
let checked = 0;

function expectClean(text: string, where: string): void {
  checked += 1;
  for (const s of SENTINELS) {
    // Also a distinctive slice: a secret cut by a line wrap or a truncated message still leaks.
    for (const needle of [s, s.slice(0, 14)]) {
      if (text.includes(needle)) throw new Error(`secret ${needle} leaked in ${where}:\n${text.slice(Math.max(0, text.indexOf(needle) - 300), text.indexOf(needle) + 100)}`);
    }
  }
}

/** A server that answers every request with 400 (401 for IAM) and the request — headers and body — in its error text. */
function startEchoServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const raw = req.rawHeaders.reduce<string[]>((lines, v, i) => (i % 2 === 0 ? [...lines, `${v}: ${req.rawHeaders[i + 1]}`] : lines), []).join('\n');
      const echoed = `request was ${req.method} ${req.url}\n${raw}\n\n${body} headers=${JSON.stringify(req.headers)}`;
      const iam = req.url?.startsWith('/v3') === true;
      res.writeHead(iam ? 401 : 400, { 'content-type': 'application/json', 'x-request-id': 'echo' });
      res.end(JSON.stringify(iam ? { error: { code: 401, message: echoed, title: 'Unauthorized' } } : { error_code: 'APIGW.0301', error_msg: echoed, request_id: 'echo' }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  emu = await emulatorWith(
    { vpcs: [{ id: vpcIdFor(0), name: 'vpc-0', cidr: '10.0.0.0/16', description: 'old' }, { id: vpcIdFor(1), name: 'vpc-1', cidr: '10.1.0.0/16' }] },
    { credentials: [{ access_key: AK, secret_key: SK }, { access_key: `${AK}T`, secret_key: SK, security_token: STS }], users: [{ name: USER, password: PW, domain: 'acme' }] },
  );
  echo = await startEchoServer();
  const address = echo.address();
  echoUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  dir = tempDir('secrets');
  writeDesired(join(dir, 'vpcs.yaml'), emu, { v0: { id: vpcIdFor(0), name: 'renamed-0', description: 'new' }, v1: { id: vpcIdFor(1), name: 'vpc-1' } });
  writeDesired(join(dir, 'echo.yaml'), { projectId: emu.projectId, url: echoUrl }, { v0: { id: vpcIdFor(0), name: 'renamed-0' } });
});
afterAll(async () => {
  recordFigures('secrets', { outputs_checked: checked, leaked: 0 });
  await emu.stop();
  await new Promise<void>((r) => echo.close(() => r()));
});

const IAM = () => `${emu.url}/v3`;
/** `works`: the credentials are good; `refused`: the error code every command that connects must end with. */
const SCENARIOS: Array<{ name: string; env: () => Record<string, string>; file?: string; works?: true; refused?: string }> = [
  { name: 'AK/SK', env: () => ({ HW_ACCESS_KEY: AK, HW_SECRET_KEY: SK }), works: true },
  { name: 'AK/SK with a security token', env: () => ({ HW_ACCESS_KEY: `${AK}T`, HW_SECRET_KEY: SK, HW_SECURITY_TOKEN: STS }), works: true },
  { name: 'a wrong secret key', env: () => ({ OS_ACCESS_KEY: AK, OS_SECRET_KEY: WRONG_SK }), refused: 'CLOUD_AUTH_FAILED' },
  { name: 'password auth', env: () => ({ OS_USERNAME: USER, OS_PASSWORD: PW, OS_DOMAIN_NAME: 'acme', OS_AUTH_URL: IAM() }), works: true },
  { name: 'a wrong password', env: () => ({ OS_USERNAME: USER, OS_PASSWORD: WRONG_PW, OS_DOMAIN_NAME: 'acme', OS_AUTH_URL: IAM() }), refused: 'CLOUD_AUTH_FAILED' },
  { name: 'an invalid token', env: () => ({ OS_AUTH_TOKEN: TOKEN }), refused: 'CLOUD_AUTH_FAILED' },
  {
    name: 'AK/SK against a server echoing the request',
    env: () => ({ HW_ACCESS_KEY: AK, HW_SECRET_KEY: SK, HW_SECURITY_TOKEN: STS }),
    file: 'echo.yaml',
    refused: 'CLOUD_BAD_REQUEST',
  },
  {
    name: 'password auth against an IAM echoing the request',
    env: () => ({ OS_USERNAME: USER, OS_PASSWORD: PW, OS_DOMAIN_NAME: 'acme', OS_AUTH_URL: `${echoUrl}/v3` }),
    file: 'echo.yaml',
    refused: 'CLOUD_AUTH_FAILED',
  },
];

describe('secrets never leak', () => {
  for (const scenario of SCENARIOS) {
    it(`every command with ${scenario.name} (in-process, with and without --debug/--json)`, async () => {
      const env = scenario.env();
      const file = scenario.file ?? 'vpcs.yaml';
      const endpoint = file === 'echo.yaml' ? echoUrl : emu.url;
      const out = `plan-${SCENARIOS.indexOf(scenario)}.json`;
      const imported = `import-${SCENARIOS.indexOf(scenario)}.yaml`;
      const commands = [
        ['validate', file],
        ['plan', '-f', file],
        ['plan', '-f', file, '--json'],
        ['plan', '-f', file, '--out', out],
        ['show', out],
        ['show', out, '--json'],
        ['drift', '-f', file, '--json'],
        ['drift', '-f', file, '--markdown'],
        ['import', '--endpoint', endpoint, '--project-id', emu.projectId, '--region', 'eu-de', '-o', imported, '--force'],
        ['apply', '-f', file, '--auto-approve', '--json'],
        ['apply', '-f', file, '--auto-approve'],
      ];
      emu.resetData(); // whatever ran before (an apply of another test) is undone
      emu.resetStats();
      for (const argv of commands) {
        for (const extra of [[], ['--debug']]) {
          const run = await runCli([...argv, ...extra], { cwd: dir, env: { ...env, GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md') } });
          expectClean(run.stdout, `stdout of ${argv.join(' ')} ${extra.join(' ')}`);
          expectClean(run.stderr, `stderr of ${argv.join(' ')} ${extra.join(' ')}`);
          // The runs really talked to the server: good credentials work, bad ones fail explained.
          const context = `${argv.join(' ')} ${extra.join(' ')}: ${run.stderr}${run.stdout.slice(-500)}`;
          if (argv[0] === 'plan' && argv.includes('--json') && scenario.works) expect(run.code, context).toBe(0);
          if (scenario.refused !== undefined && !['validate', 'show'].includes(argv[0]!)) {
            expect(run.code, context).toBe(1);
            expect(run.stdout + run.stderr, context).toContain(scenario.refused);
          }
        }
      }
      // Refused credentials change nothing; good ones really applied.
      if (scenario.refused !== undefined) expect(emu.stats().routes[PUT_ROUTE] ?? 0, 'a PUT with refused credentials').toBe(0);
      if (scenario.works) expect(emu.stats().routes[PUT_ROUTE] ?? 0, 'no PUT with good credentials').toBeGreaterThan(0);
      if (file === 'echo.yaml') expect(readdirSync(dir)).not.toContain(out); // refused: nothing written
      // What this scenario wrote (in any test order: a separate test would find only what ran before it).
      if (scenario.works) expect(readdirSync(dir)).toEqual(expect.arrayContaining([out, imported]));
      for (const name of [out, imported, 'step-summary.md']) {
        if (existsSync(join(dir, name))) expectClean(readFileSync(join(dir, name), 'utf8'), `file ${name} after ${scenario.name}`);
      }
      emu.resetData();
    });
  }

  it('errors thrown by the library hold no secret (message, JSON, inspect with causes)', async () => {
    for (const scenario of SCENARIOS) {
      emu.resetData();
      const file = join(dir, scenario.file ?? 'vpcs.yaml');
      for (const call of [() => plan({ files: [file], env: scenario.env() }), () => drift({ files: [file], env: scenario.env() }), () => apply({ files: [file], env: scenario.env() })]) {
        const err = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        if (scenario.refused !== undefined) expect(err, `${scenario.name}: the library must refuse`).toMatchObject({ code: scenario.refused });
        if (scenario.works) expect(err, `${scenario.name}: good credentials must work`).toBeUndefined();
        if (err !== undefined) {
          expectClean(String(err), `${scenario.name}: String(error)`);
          expectClean(JSON.stringify(err), `${scenario.name}: JSON.stringify(error)`);
          expectClean(inspect(err, { depth: 8, showHidden: true }), `${scenario.name}: inspect(error)`);
        }
      }
      emu.resetData();
    }
  });

  it('apply --debug as a real process, with AK/SK and against the echoing server', { timeout: 60_000 }, async () => {
    for (const scenario of [SCENARIOS[1]!, SCENARIOS[6]!]) {
      emu.resetData();
      const run = await runVpcform(['apply', '-f', scenario.file ?? 'vpcs.yaml', '--auto-approve', '--debug'], { cwd: dir, env: scenario.env() });
      expectClean(run.stdout + run.stderr, `process apply --debug with ${scenario.name}`);
      expect(run.stderr).toMatch(/PUT|GET/); // the trace was really printed
      expect(run.code, run.stderr).toBe(scenario.works ? 0 : 1);
      if (scenario.refused !== undefined) expect(run.stdout + run.stderr).toContain(scenario.refused);
    }
  });
});
