import { parseJsonObject, type ApiRequest, type HandlerOutcome } from '../api-context.js';
import type { Gatekeeper } from '../auth.js';
import { keystoneV3, serviceCatalog } from '../keystone.js';
import { iamError, jsonReply } from '../replies.js';
import type { SeedUser } from '../types.js';
import { isPlainObject } from '../validate.js';

export interface IamDeps {
  gatekeeper: Gatekeeper;
  users: readonly SeedUser[];
  projectId: string;
  projectName: string;
  tokenTtlMs: number;
  now: () => number;
  /** `http://127.0.0.1:PORT`, known once the server listens: the catalog and version links point here. */
  baseUrl: () => string;
}

/** IAM timestamps carry microseconds and `Z`: `2024-03-01T12:00:00.000000Z`. */
function iamTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function path(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** `GET /`: the keystone versions, 300 Multiple Choices (OTC IAM "Querying Keystone API Version Information"). */
export function keystoneVersions(deps: IamDeps): HandlerOutcome {
  return { reply: jsonReply(300, { versions: { values: [keystoneV3(deps.baseUrl())] } }) };
}

/** `GET /v3`: 200 `{"version":{…}}` (HWC `iam_15_0003`, OTC IAM "Querying Information About Keystone API Version 3.0"). */
export function keystoneVersion(deps: IamDeps): HandlerOutcome {
  return { reply: jsonReply(200, { version: keystoneV3(deps.baseUrl()) }) };
}

/**
 * `POST /v3/auth/tokens`, password method with project scope (reference §3.1): 201, token in
 * `X-Subject-Token`, the service catalog in the body unless `nocatalog` is given a non-empty value
 * (the IAM page: "Any non-empty string … will be interpreted as true"). With no users configured
 * (auth off) any user name and password get a token.
 */
export function issueToken(deps: IamDeps, req: ApiRequest): HandlerOutcome {
  const request = parseJsonObject(req.body);
  const identity = path(request, 'auth', 'identity');
  const methods = path(identity, 'methods');
  if (!request || !Array.isArray(methods) || !methods.includes('password')) {
    return { reply: iamError(400, 'Bad Request', 'The request is malformed: only the password method is supported.') };
  }
  const user = path(identity, 'password', 'user');
  const name = path(user, 'name');
  const password = path(user, 'password');
  const domain = path(user, 'domain', 'name');
  if (typeof name !== 'string' || typeof password !== 'string') {
    return { reply: iamError(400, 'Bad Request', 'The request is malformed: user name and password are required.') };
  }
  const authOff = deps.users.length === 0;
  const known = deps.users.find((u) => u.name === name && u.password === password && u.domain === domain);
  if (!authOff && !known) return { reply: iamError(401, 'Unauthorized', 'The username or password is wrong.') };

  const scopeId = path(request, 'auth', 'scope', 'project', 'id');
  const scopeName = path(request, 'auth', 'scope', 'project', 'name');
  if (scopeId === undefined && scopeName === undefined) {
    return { reply: iamError(400, 'Bad Request', 'The emulator issues project-scoped tokens only: add auth.scope.project.') };
  }
  if ((scopeId !== undefined && scopeId !== deps.projectId) || (scopeName !== undefined && scopeName !== deps.projectName)) {
    return { reply: iamError(401, 'Unauthorized', 'The user has no access to the requested project.') };
  }

  const { token, issued } = deps.gatekeeper.issueToken(deps.projectId, name, deps.tokenTtlMs);
  const domainName = typeof domain === 'string' ? domain : 'default';
  const payload = {
    token: {
      expires_at: iamTime(issued.expiresAt),
      issued_at: iamTime(deps.now()),
      methods: ['password'],
      project: { id: deps.projectId, name: deps.projectName, domain: { id: 'emulatordomain0000000000000000000', name: domainName } },
      roles: [{ id: 'emulatorrole00000000000000000000', name: 'te_admin' }],
      user: { id: 'emulatoruser00000000000000000000', name, domain: { id: 'emulatordomain0000000000000000000', name: domainName } },
      ...(!noCatalog(req) && { catalog: serviceCatalog(deps.baseUrl(), deps.projectName) }),
    },
  };
  return { reply: jsonReply(201, payload, { 'X-Subject-Token': token }) };
}

function noCatalog(req: ApiRequest): boolean {
  const value = req.query.get('nocatalog');
  return value !== null && value !== '';
}
