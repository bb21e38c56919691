import { describe, expect, it } from 'vitest';
import { resolveConnection } from '../../src/cloud/connection.js';
import type { Target } from '../../src/config/types.js';
import { VpcformError } from '../../src/errors/index.js';

const otc: Target = { cloud: 'otc', region: 'eu-de', project_id: 'p-file' };
const hwc: Target = { cloud: 'huaweicloud', region: 'ap-southeast-1', project_id: 'p-file' };
const aksk = { HW_ACCESS_KEY: 'AK1', HW_SECRET_KEY: 'SECRET-SENTINEL-1' };

function thrown(fn: () => unknown): VpcformError {
  try {
    fn();
  } catch (error) {
    if (error instanceof VpcformError) return error;
    throw error;
  }
  throw new Error('expected a VpcformError');
}

describe('endpoint precedence', () => {
  it('derives the endpoint from cloud and region', () => {
    expect(resolveConnection(otc, aksk).endpoint).toBe('https://vpc.eu-de.otc.t-systems.com');
    expect(resolveConnection(hwc, aksk).endpoint).toBe('https://vpc.ap-southeast-1.myhuaweicloud.com');
  });

  it('--endpoint > VPCFORM_ENDPOINT > target.endpoint > derived', () => {
    const target = { ...otc, endpoint: 'https://file.example.com/' };
    const env = { ...aksk, VPCFORM_ENDPOINT: 'https://env.example.com' };
    expect(resolveConnection(target, env, { endpoint: 'https://flag.example.com' }).endpoint).toBe('https://flag.example.com');
    expect(resolveConnection(target, env).endpoint).toBe('https://env.example.com');
    expect(resolveConnection(target, aksk).endpoint).toBe('https://file.example.com');
    expect(resolveConnection(otc, { ...aksk, VPCFORM_ENDPOINT: '' }).endpoint).toBe('https://vpc.eu-de.otc.t-systems.com');
  });

  it('refuses plain http to a non-loopback host and non-URLs', () => {
    expect(thrown(() => resolveConnection(otc, aksk, { endpoint: 'http://vpc.example.com' })).code).toBe('CLOUD_CONFIG');
    expect(thrown(() => resolveConnection(otc, aksk, { endpoint: 'not a url' })).code).toBe('CLOUD_CONFIG');
    expect(resolveConnection(otc, aksk, { endpoint: 'http://localhost:9/' }).endpoint).toBe('http://localhost:9');
  });
});

describe('project id precedence', () => {
  it('target.project_id > HW_PROJECT_ID > OS_PROJECT_ID', () => {
    const env = { ...aksk, HW_PROJECT_ID: 'p-hw', OS_PROJECT_ID: 'p-os' };
    expect(resolveConnection(otc, env).projectId).toBe('p-file');
    const noProject: Target = { cloud: 'otc', region: 'eu-de' };
    expect(resolveConnection(noProject, env).projectId).toBe('p-hw');
    expect(resolveConnection(noProject, { ...aksk, OS_PROJECT_ID: 'p-os' }).projectId).toBe('p-os');
  });

  it('names the sources when there is none', () => {
    const error = thrown(() => resolveConnection({ cloud: 'otc', region: 'eu-de' }, aksk));
    expect(error.code).toBe('CLOUD_CONFIG');
    expect(error.hint).toContain('target.project_id');
    expect(error.hint).toContain('HW_PROJECT_ID');
  });
});

describe('credential precedence', () => {
  const password = { OS_USERNAME: 'alice', OS_PASSWORD: 'PASSWORD-SENTINEL', OS_DOMAIN_NAME: 'acme' };

  it('token > AK/SK > password', () => {
    expect(resolveConnection(otc, { ...password, ...aksk, OS_AUTH_TOKEN: 'TOKEN-SENTINEL' }).auth).toEqual({ kind: 'token', token: 'TOKEN-SENTINEL' });
    expect(resolveConnection(otc, { ...password, OS_TOKEN: 'T2' }).auth).toEqual({ kind: 'token', token: 'T2' });
    expect(resolveConnection(otc, { ...password, ...aksk }).auth).toEqual({ kind: 'aksk', accessKey: 'AK1', secretKey: 'SECRET-SENTINEL-1' });
    expect(resolveConnection(otc, password).auth).toEqual({
      kind: 'password',
      authUrl: 'https://iam.eu-de.otc.t-systems.com/v3',
      username: 'alice',
      password: 'PASSWORD-SENTINEL',
      domainName: 'acme',
    });
  });

  it('reads the OS_ key pair and the security token', () => {
    expect(resolveConnection(otc, { OS_ACCESS_KEY: 'AK2', OS_SECRET_KEY: 'SK2', HW_SECURITY_TOKEN: 'STS' }).auth).toEqual({
      kind: 'aksk',
      accessKey: 'AK2',
      secretKey: 'SK2',
      securityToken: 'STS',
    });
  });

  it('takes the auth URL and domain from the documented variables, in order', () => {
    const auth = resolveConnection(hwc, {
      OS_USERNAME: 'u',
      OS_PASSWORD: 'p',
      OS_PROJECT_DOMAIN_NAME: 'second',
      HW_DOMAIN_NAME: 'last',
      HW_AUTH_URL: 'https://iam.example.com/v3/',
    }).auth;
    expect(auth).toMatchObject({ kind: 'password', domainName: 'second', authUrl: 'https://iam.example.com/v3' });
    expect(resolveConnection(hwc, { OS_USERNAME: 'u', OS_PASSWORD: 'p', HW_DOMAIN_NAME: 'd' }).auth).toMatchObject({
      authUrl: 'https://iam.ap-southeast-1.myhuaweicloud.com/v3',
    });
  });

  it('refuses an auth URL the password would cross in clear text, or with credentials in it', () => {
    const plain = thrown(() => resolveConnection(otc, { ...password, OS_AUTH_URL: 'http://iam.example.com/v3' }));
    expect(plain.code).toBe('CLOUD_CONFIG');
    expect(plain.summary).toContain('OS_AUTH_URL');
    const withUser = thrown(() => resolveConnection(otc, { ...password, HW_AUTH_URL: 'https://bob:PASSWORD-SENTINEL@iam.example.com/v3' }));
    expect(withUser.summary).toContain('HW_AUTH_URL');
    expect(JSON.stringify(withUser.toJSON())).not.toContain('PASSWORD-SENTINEL');
    expect(resolveConnection(otc, { ...password, OS_AUTH_URL: 'http://127.0.0.1:8080/v3' }).auth).toMatchObject({ authUrl: 'http://127.0.0.1:8080/v3' });
  });

  it('uses no auth for a loopback http endpoint without credentials, and the emulator IAM for a password', () => {
    expect(resolveConnection(otc, {}, { endpoint: 'http://127.0.0.1:8080' }).auth).toEqual({ kind: 'none' });
    expect(resolveConnection(otc, { VPCFORM_ENDPOINT: 'http://127.0.0.1:8080' }).auth).toEqual({ kind: 'none' });
    expect(resolveConnection(otc, password, { endpoint: 'http://127.0.0.1:8080' }).auth).toMatchObject({ authUrl: 'http://127.0.0.1:8080/v3' });
  });

  it('finds the IAM beside the VPC endpoint when the region is unknown (a saved plan), else asks for OS_AUTH_URL', () => {
    const fromPlan: Target = { cloud: 'otc', region: '', project_id: 'p' };
    expect(resolveConnection(fromPlan, password, { endpoint: 'https://vpc.eu-nl.otc.t-systems.com' }).auth).toMatchObject({
      authUrl: 'https://iam.eu-nl.otc.t-systems.com/v3',
    });
    const err = thrown(() => resolveConnection(fromPlan, password, { endpoint: 'https://private.example.com' }));
    expect(err.code).toBe('CLOUD_AUTH_MISSING');
    expect(err.hint).toContain('OS_AUTH_URL');
    expect(JSON.stringify(err.toJSON())).not.toContain('PASSWORD-SENTINEL');
  });

  it('says what is missing and which variables supply it, never a secret value', () => {
    const none = thrown(() => resolveConnection(otc, {}));
    expect(none.code).toBe('CLOUD_AUTH_MISSING');
    for (const name of ['OS_AUTH_TOKEN', 'HW_ACCESS_KEY', 'HW_SECRET_KEY', 'OS_USERNAME', 'OS_PASSWORD', 'OS_DOMAIN_NAME']) {
      expect(none.hint).toContain(name);
    }
    const noSecret = thrown(() => resolveConnection(otc, { HW_ACCESS_KEY: 'AK1' }));
    expect(noSecret.code).toBe('CLOUD_AUTH_MISSING');
    expect(noSecret.hint).toContain('HW_SECRET_KEY');
    const noAccess = thrown(() => resolveConnection(otc, { HW_SECRET_KEY: 'SECRET-SENTINEL-1' }));
    expect(noAccess.hint).toContain('HW_ACCESS_KEY');
    const noDomain = thrown(() => resolveConnection(otc, { OS_USERNAME: 'alice', OS_PASSWORD: 'PASSWORD-SENTINEL' }));
    expect(noDomain.code).toBe('CLOUD_AUTH_MISSING');
    expect(noDomain.detail).toContain('OS_USER_DOMAIN_NAME');
    const noPassword = thrown(() => resolveConnection(otc, { OS_USERNAME: 'alice', OS_DOMAIN_NAME: 'acme' }));
    expect(noPassword.detail).toContain('OS_PASSWORD');
    for (const error of [none, noSecret, noAccess, noDomain, noPassword]) {
      const text = JSON.stringify(error.toJSON()) + error.message;
      expect(text).not.toContain('SECRET-SENTINEL');
      expect(text).not.toContain('PASSWORD-SENTINEL');
    }
  });
});
