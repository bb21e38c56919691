import { parseJsonObject, type HandlerOutcome } from '../api-context.js';
import type { Gatekeeper } from '../auth.js';
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

/**
 * `POST /v3/auth/tokens`, password method with project scope (reference §3.1): 201, token in
 * `X-Subject-Token`. With no users configured (auth off) any user name and password get a token.
 */
export function issueToken(deps: IamDeps, body: Buffer): HandlerOutcome {
  const request = parseJsonObject(body);
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
      catalog: [],
    },
  };
  return { reply: jsonReply(201, payload, { 'X-Subject-Token': token }) };
}
