import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/cli/connect.js';
import type { CliIO } from '../../src/cli/io.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { VpcformError } from '../../src/errors/index.js';
import { AK, SK, STS, USER, VPC_A, VPC_B, caught, client, emulator, httpStats } from './helpers.js';

let em: RunningEmulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

const LIST = 'GET /v1/{project_id}/vpcs';

describe('listing', () => {
  it('follows marker pages over thousands of VPCs until a short page', async () => {
    const vpcs = Array.from({ length: 3001 }, (_, i) => ({ name: `vpc-${String(i).padStart(4, '0')}`, cidr: '10.0.0.0/16' }));
    em = await startEmulator({ port: 0, seed: { vpcs } });
    const sent: string[] = [];
    const listed = await client(em, { kind: 'none' }, { debug: (l) => sent.push(l) }).listVpcs({ limit: 250 });
    expect(listed).toHaveLength(3001);
    expect(new Set(listed.map((v) => v.id)).size).toBe(3001);
    expect(new Set(listed.map((v) => v.name))).toEqual(new Set(vpcs.map((v) => v.name)));
    // 12 full pages of 250 and one of 1.
    expect((await httpStats(em)).routes[LIST]).toBe(13);
    // The query as sent (the emulator's log keeps only paths).
    expect(sent[0]).toContain('limit=250');
    expect(sent[0]).toContain('enterprise_project_id=all_granted_eps');
    expect(sent[0]).not.toContain('marker=');
    expect(sent[1]).toContain(`marker=${listed[249]!.id}`);
  });

  it('an exact multiple of the page size ends on an empty page', async () => {
    const vpcs = Array.from({ length: 40 }, (_, i) => ({ name: `v${i}`, cidr: '10.0.0.0/16' }));
    em = await startEmulator({ port: 0, seed: { vpcs } });
    expect(await client(em, { kind: 'none' }).listVpcs({ limit: 20 })).toHaveLength(40);
    expect((await httpStats(em)).routes[LIST]).toBe(3);
  });

  it('defaults to every enterprise project; an explicit one filters', async () => {
    em = await emulator();
    const c = client(em, { kind: 'none' });
    expect((await c.listVpcs()).map((v) => v.id).sort()).toEqual([VPC_A, VPC_B].sort());
    expect((await c.listVpcs({ enterpriseProjectId: '0' })).map((v) => v.id)).toEqual([VPC_A]);
    expect((await c.listVpcs({ id: VPC_B })).map((v) => v.name)).toEqual(['db']);
  });

  it('lists the subnets of one VPC', async () => {
    em = await emulator();
    const sent: string[] = [];
    const subnets = await client(em, { kind: 'none' }, { debug: (l) => sent.push(l) }).listSubnets({ vpcId: VPC_A });
    expect(subnets.map((s) => [s.name, s.cidr, s.vpc_id])).toEqual([['web-a', '192.168.1.0/24', VPC_A]]);
    expect(await client(em, { kind: 'none' }).listSubnets({ vpcId: VPC_B })).toEqual([]);
    expect(sent[0]).toContain(`/subnets?vpc_id=${VPC_A}&limit=2000`);
  });
});

describe('update', () => {
  it('PUTs {"vpc": body} and returns the VPC', async () => {
    em = await emulator();
    const vpc = await client(em, { kind: 'none' }).updateVpc(VPC_A, {
      name: 'web',
      cidr: '192.168.0.0/16',
      description: 'new words',
      routes: [{ destination: '0.0.0.0/0', nexthop: '192.168.1.5' }],
    });
    expect(vpc).toMatchObject({ id: VPC_A, description: 'new words' });
    expect(em.vpc(VPC_A)?.routes).toEqual([{ destination: '0.0.0.0/0', nexthop: '192.168.1.5' }]);
  });
});

describe('--debug', () => {
  it('one line per exchange with method, path, status, ms, request id and attempt — and no secret', async () => {
    em = await emulator({ credentials: [{ access_key: AK, secret_key: SK, security_token: STS }] });
    const lines: string[] = [];
    const c = client(em, { kind: 'aksk', accessKey: AK, secretKey: SK, securityToken: STS }, { debug: (l) => lines.push(l) });
    em.setFaults({ next: [{ route: 'GET /v1/{project_id}/vpcs/{vpc_id}', fault: '503' }] });
    await c.listVpcs();
    await c.getVpc(VPC_A);
    await caught(c.updateVpc(VPC_A, { cidr: '10.9.0.0/16' }));
    const http = lines.filter((l) => l.startsWith('vpcform: http '));
    expect(http).toHaveLength(4);
    expect(http[0]).toMatch(/^vpcform: http GET \/v1\/\w+\/vpcs\?enterprise_project_id=all_granted_eps&limit=2000 -> 200 \d+ms req=\S+ attempt=1$/);
    expect(http[1]).toMatch(/GET \/v1\/\w+\/vpcs\/[0-9a-f-]+ -> 503 APIGW\.0201 \d+ms req=\S+ attempt=1$/);
    expect(http[2]).toMatch(/-> 200 \d+ms req=\S+ attempt=2$/);
    expect(http[3]).toMatch(/PUT .* -> 400 VPC\.0117 \d+ms req=\S+ attempt=1$/);
    expect(lines.some((l) => /retry GET \/v1\/\{project_id\}\/vpcs\/\{vpc_id\} after attempt 1\/\d+ \(503 APIGW.0201\) in \d+ms/.test(l))).toBe(true);
    const all = lines.join('\n');
    for (const secret of [SK, STS, 'Signature=', 'Authorization', 'X-Auth-Token']) expect(all).not.toContain(secret);
  });

  it('password logins never show the password or the token', async () => {
    em = await emulator({ users: [USER] });
    const lines: string[] = [];
    const c = client(em, { kind: 'password', authUrl: `${em.url}/v3`, username: USER.name, password: USER.password, domainName: USER.domain }, {
      debug: (l) => lines.push(l),
    });
    await c.listVpcs();
    expect(lines.some((l) => l.includes('POST /auth/tokens?nocatalog=true -> 201'))).toBe(true);
    expect(lines.join('\n')).not.toContain(USER.password);
  });
});

describe('connect()', () => {
  function io(env: Record<string, string>): { io: CliIO; stderr: () => string } {
    const stderr = new PassThrough();
    let text = '';
    stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    return {
      io: { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env, cwd: process.cwd(), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, columns: 80, signal: new AbortController().signal },
      stderr: () => text,
    };
  }

  it('resolves the emulator from --endpoint, sends debug lines to stderr, and signs with env keys', async () => {
    em = await emulator({ credentials: [{ access_key: AK, secret_key: SK }] });
    const { io: cliIo, stderr } = io({ HW_ACCESS_KEY: AK, HW_SECRET_KEY: SK });
    const c = connect({ cloud: 'otc', region: 'eu-de', project_id: em.projectId }, { io: cliIo, debug: true, endpointOverride: em.url });
    expect(c.endpoint).toBe(em.url);
    expect(await c.listVpcs()).toHaveLength(2);
    expect(stderr()).toMatch(/vpcform: http GET .* -> 200/);
    expect(stderr()).not.toContain(SK);
  });

  it('without --debug prints nothing; with missing credentials it says which variables to set', async () => {
    em = await emulator();
    const quiet = io({ VPCFORM_ENDPOINT: em.url });
    await connect({ cloud: 'otc', region: 'eu-de', project_id: em.projectId }, { io: quiet.io, debug: false }).listVpcs();
    expect(quiet.stderr()).toBe('');
    const error = (await caught((async () => connect({ cloud: 'otc', region: 'eu-de', project_id: 'p' }, { io: io({}).io, debug: false }))())) as VpcformError;
    expect(error.code).toBe('CLOUD_AUTH_MISSING');
    expect(error.hint).toContain('HW_ACCESS_KEY');
  });
});
