import type { Target } from '../config/types.js';
import { VpcformError } from '../errors/index.js';
import type { Connection, ResolvedAuth } from './types.js';

/**
 * Turns a target, the environment and command-line overrides into an endpoint, a project id and
 * credentials (DESIGN "Configuration and credentials", reference §4). Pure: reads only its arguments.
 * Errors name variables, never their values.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConnectionOverrides {
  /** `--endpoint`: wins over everything. */
  endpoint?: string;
}

const CLOUD_DOMAINS = { otc: 'otc.t-systems.com', huaweicloud: 'myhuaweicloud.com' } as const;

const TOKEN_VARS = ['OS_AUTH_TOKEN', 'OS_TOKEN'] as const;
const ACCESS_KEY_VARS = ['HW_ACCESS_KEY', 'OS_ACCESS_KEY'] as const;
const SECRET_KEY_VARS = ['HW_SECRET_KEY', 'OS_SECRET_KEY'] as const;
const SECURITY_TOKEN_VARS = ['HW_SECURITY_TOKEN'] as const;
const USERNAME_VARS = ['OS_USERNAME'] as const;
const PASSWORD_VARS = ['OS_PASSWORD'] as const;
const DOMAIN_VARS = ['OS_USER_DOMAIN_NAME', 'OS_PROJECT_DOMAIN_NAME', 'OS_DOMAIN_NAME', 'HW_DOMAIN_NAME'] as const;
const AUTH_URL_VARS = ['OS_AUTH_URL', 'HW_AUTH_URL'] as const;
const PROJECT_VARS = ['HW_PROJECT_ID', 'OS_PROJECT_ID'] as const;

/** The first non-empty value among `names`. */
function firstSet(env: Env, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

export function deriveVpcEndpoint(target: Pick<Target, 'cloud' | 'region'>): string {
  return `https://vpc.${target.region}.${CLOUD_DOMAINS[target.cloud]}`;
}

/**
 * Where password login goes when no auth URL is set: the emulator's own IAM for a loopback endpoint;
 * else the IAM beside the VPC endpoint (`vpc.{region}.{domain}` -> `iam.{region}.{domain}`), which
 * also serves a saved plan, which records the endpoint but not the region; else from cloud + region.
 */
function defaultIamUrl(endpoint: string, target: Pick<Target, 'cloud' | 'region'>): string {
  if (isLoopbackHttp(endpoint)) return `${endpoint}/v3`;
  const url = new URL(endpoint);
  if (url.hostname.startsWith('vpc.')) return `${url.protocol}//iam.${url.hostname.slice('vpc.'.length)}${url.port ? `:${url.port}` : ''}/v3`;
  if (target.region === '') {
    throw missingAuth(
      'Password login needs the IAM address',
      `It cannot be derived from the endpoint ${endpoint}.`,
      `Set ${AUTH_URL_VARS.join(' or ')} (e.g. https://iam.eu-de.otc.t-systems.com/v3).`,
    );
  }
  return deriveIamUrl(target);
}

export function deriveIamUrl(target: Pick<Target, 'cloud' | 'region'>): string {
  return `https://iam.${target.region}.${CLOUD_DOMAINS[target.cloud]}/v3`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/** True for `http://127.x.x.x`, `http://localhost`, `http://[::1]`: the embedded emulator. */
export function isLoopbackHttp(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Checks an endpoint URL and returns it without a trailing slash. */
export function normalizeEndpoint(endpoint: string, source: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new VpcformError('CLOUD_CONFIG', {
      summary: `The endpoint from ${source} is not a URL`,
      detail: `Got ${JSON.stringify(endpoint.slice(0, 200))}.`,
      hint: 'Give a base URL such as https://vpc.eu-de.otc.t-systems.com or http://127.0.0.1:8080.',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new VpcformError('CLOUD_CONFIG', {
      summary: `The endpoint from ${source} must be an http(s) URL`,
      hint: 'Give a base URL such as https://vpc.eu-de.otc.t-systems.com.',
    });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    // Credentials and tokens would cross the network in clear text.
    throw new VpcformError('CLOUD_CONFIG', {
      summary: `The endpoint from ${source} uses plain http to a non-loopback host`,
      hint: 'Use https (a private CA can be added with NODE_EXTRA_CA_CERTS); plain http is only for the local emulator.',
    });
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new VpcformError('CLOUD_CONFIG', {
      summary: `The endpoint from ${source} must be a plain base URL (no credentials, query or fragment)`,
    });
  }
  return url.toString().replace(/\/+$/, '');
}

function resolveEndpoint(target: Target, env: Env, overrides: ConnectionOverrides): string {
  if (overrides.endpoint !== undefined && overrides.endpoint.trim() !== '') {
    return normalizeEndpoint(overrides.endpoint.trim(), '--endpoint');
  }
  const fromEnv = firstSet(env, ['VPCFORM_ENDPOINT']);
  if (fromEnv !== undefined) return normalizeEndpoint(fromEnv, 'VPCFORM_ENDPOINT');
  if (target.endpoint !== undefined && target.endpoint.trim() !== '') {
    return normalizeEndpoint(target.endpoint.trim(), 'target.endpoint');
  }
  return normalizeEndpoint(deriveVpcEndpoint(target), `target.cloud/target.region (${target.cloud}, ${target.region})`);
}

function resolveProjectId(target: Target, env: Env): string {
  const fromTarget = target.project_id?.trim();
  if (fromTarget !== undefined && fromTarget !== '') return fromTarget;
  const fromEnv = firstSet(env, PROJECT_VARS);
  if (fromEnv !== undefined) return fromEnv;
  throw new VpcformError('CLOUD_CONFIG', {
    summary: 'No project id configured',
    detail: 'The VPC API addresses every call to a project: /v1/{project_id}/vpcs.',
    hint: `Set target.project_id in the desired-state file, or ${PROJECT_VARS.join(' or ')} in the environment.`,
  });
}

function missingAuth(summary: string, detail: string, hint: string): VpcformError {
  return new VpcformError('CLOUD_AUTH_MISSING', { summary, detail, hint });
}

const ALL_METHODS_HINT =
  `Set one of: a token (${TOKEN_VARS.join(' or ')}); an access key pair (HW_ACCESS_KEY + HW_SECRET_KEY, ` +
  `or OS_ACCESS_KEY + OS_SECRET_KEY, with HW_SECURITY_TOKEN for temporary keys); or a password login ` +
  `(OS_USERNAME + OS_PASSWORD + a domain: ${DOMAIN_VARS.join(' / ')}).`;

function resolveAuth(target: Target, env: Env, endpoint: string): ResolvedAuth {
  const token = firstSet(env, TOKEN_VARS);
  if (token !== undefined) return { kind: 'token', token };

  const accessKey = firstSet(env, ACCESS_KEY_VARS);
  const secretKey = firstSet(env, SECRET_KEY_VARS);
  if (accessKey !== undefined || secretKey !== undefined) {
    if (accessKey === undefined) {
      throw missingAuth('The access key is missing', 'A secret key is set but no access key.', `Set ${ACCESS_KEY_VARS.join(' or ')}.`);
    }
    if (secretKey === undefined) {
      throw missingAuth('The secret key is missing', 'An access key is set but no secret key.', `Set ${SECRET_KEY_VARS.join(' or ')}.`);
    }
    const securityToken = firstSet(env, SECURITY_TOKEN_VARS);
    return securityToken === undefined
      ? { kind: 'aksk', accessKey, secretKey }
      : { kind: 'aksk', accessKey, secretKey, securityToken };
  }

  const username = firstSet(env, USERNAME_VARS);
  const password = firstSet(env, PASSWORD_VARS);
  if (username !== undefined || password !== undefined) {
    const missing: string[] = [];
    if (username === undefined) missing.push(`the user name (${USERNAME_VARS.join(', ')})`);
    if (password === undefined) missing.push(`the password (${PASSWORD_VARS.join(', ')})`);
    const domainName = firstSet(env, DOMAIN_VARS);
    if (domainName === undefined) missing.push(`the account domain (${DOMAIN_VARS.join(', ')})`);
    if (username === undefined || password === undefined || domainName === undefined) {
      throw missingAuth(
        'Password login is incomplete',
        `Missing ${missing.join('; ')}.`,
        `Set ${missing.join('; ')} — or use a token or an access key pair instead.`,
      );
    }
    // The password crosses this URL: it gets the same checks as the VPC endpoint (https unless loopback).
    const authUrlVar = AUTH_URL_VARS.find((name) => firstSet(env, [name]) !== undefined);
    const authUrl = authUrlVar === undefined ? defaultIamUrl(endpoint, target) : normalizeEndpoint(firstSet(env, [authUrlVar])!, authUrlVar);
    return { kind: 'password', authUrl, username, password, domainName };
  }

  // The embedded emulator runs with authentication off unless given credentials.
  if (isLoopbackHttp(endpoint)) return { kind: 'none' };
  throw missingAuth('No credentials configured', `Nothing in the environment authenticates calls to ${endpoint}.`, ALL_METHODS_HINT);
}

/**
 * Endpoint: `--endpoint` > `VPCFORM_ENDPOINT` > `target.endpoint` > derived from cloud + region.
 * Project: `target.project_id` > `HW_PROJECT_ID` > `OS_PROJECT_ID`.
 * Auth: token > AK/SK > password; none for a loopback http endpoint without credentials.
 */
export function resolveConnection(target: Target, env: Env, overrides: ConnectionOverrides = {}): Connection {
  const endpoint = resolveEndpoint(target, env, overrides);
  const projectId = resolveProjectId(target, env);
  const auth = resolveAuth(target, env, endpoint);
  return { endpoint, projectId, auth };
}
