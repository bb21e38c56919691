import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { assertNever } from '../errors/index.js';
import type { Accounting } from './accounting.js';
import type { ApiDeps, ApiRequest, HandlerOutcome } from './api-context.js';
import type { Gatekeeper, ReceivedRequest } from './auth.js';
import { handleControl, type ControlDeps } from './control.js';
import type { FaultDecision } from './faults.js';
import { issueToken, keystoneVersion, keystoneVersions, type IamDeps } from './handlers/iam.js';
import { showQuotas } from './handlers/quotas.js';
import { handleTagRoute, isTagRoute } from './handlers/tags.js';
import { createSubnet, deleteSubnet, listSubnets, showSubnet } from './handlers/subnets.js';
import { createVpc, deleteVpc, nameInCreateBody } from './handlers/vpc-lifecycle.js';
import { listVpcs, showVpc, updateVpc } from './handlers/vpcs.js';
import { GATEWAY_ERRORS, VPC_ERRORS, type Reply } from './replies.js';
import { matchRoute, type RouteMatch } from './routes.js';
import type { FaultKind } from './types.js';

/** The gateway refuses bodies over 12 MB (reference §2.4, APIGW.0201 / 413). */
const MAX_BODY_BYTES = 12 * 1024 * 1024;

export interface EmulatorCore extends ControlDeps {
  api: ApiDeps;
  iam: IamDeps;
  gatekeeper: Gatekeeper;
  accounting: Accounting;
  log: ((line: string) => void) | undefined;
}

/**
 * The request pipeline, in the order a real gateway + service would act:
 * latency -> authentication -> rate limit -> fault (before) -> project check -> handler -> fault (after).
 * `/_emulator/*` control routes skip all of it.
 */
export function createListener(core: EmulatorCore): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(core, req, res).catch(() => {
      // An unexpected throw is a bug in the emulator: answer 500 rather than hang the client.
      if (!res.headersSent) send(res, GATEWAY_ERRORS.internal(), randomBytes(16).toString('hex'));
    });
  };
}

async function handle(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomBytes(16).toString('hex');
  const method = (req.method ?? 'GET').toUpperCase();
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  const body = await readBody(req);
  if (body === undefined) return send(res, GATEWAY_ERRORS.badRequest('request body too large'), requestId, 413);

  if (rawPath === '/_emulator' || rawPath.startsWith('/_emulator/')) {
    return send(res, handleControl(core, method, rawPath, rawQuery, body), requestId);
  }

  const route = matchRoute(method, rawPath);
  if (route.kind !== 'match') {
    const reply = route.kind === 'no-route' ? GATEWAY_ERRORS.noRoute() : GATEWAY_ERRORS.methodNotAllowed(route.allow);
    core.accounting.count(`${method} (no route)`);
    finish(core, res, reply, requestId, { method, route: '(no route)', path: rawPath });
    return;
  }
  core.accounting.count(route.key);
  const vpcId = route.params['vpc_id'];
  const entry = { method, route: route.key, path: rawPath, ...(vpcId !== undefined && { vpc_id: vpcId }) };

  const latency = core.api.faults.latencyMs();
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

  const received: ReceivedRequest = { method, rawPath, rawQuery, headers: req.headers, body };
  // IAM's own routes (token, version discovery) are not behind the gateway's authentication.
  const auth = route.name.startsWith('iam.') ? ({ ok: true, method: 'none', projectId: undefined } as const) : core.gatekeeper.authenticate(received);
  if (!auth.ok) return finish(core, res, auth.reply, requestId, entry);
  if (!core.api.faults.takeToken()) {
    return finish(core, res, GATEWAY_ERRORS.throttled(core.api.faults.rateLimit(), core.api.faults.retryAfterSeconds()), requestId, entry);
  }

  const isWrite = route.write;
  // A create has no id yet: scripted faults address it by the name in its body.
  const vpcName = vpcId !== undefined ? core.api.store.getVpc(vpcId)?.name : route.name === 'vpcs.create' ? nameInCreateBody(body) : undefined;
  const fault = core.api.faults.decide({
    route: route.key,
    isWrite,
    ...(vpcId !== undefined && { vpcId }),
    ...(vpcName !== undefined && { vpcName }),
  });
  if (fault && !fault.after) return strike(core, req, res, fault, requestId, { ...entry, applied: false });

  const urlProject = route.params['project_id'];
  const projectMismatch =
    urlProject !== undefined && (urlProject !== core.api.store.projectId || (auth.projectId !== undefined && auth.projectId !== urlProject));
  const outcome: HandlerOutcome = projectMismatch ? { reply: VPC_ERRORS.tenantMismatch() } : dispatch(core, route, { route, query: new URLSearchParams(rawQuery), body });
  const logged = { ...entry, ...(outcome.vpcId !== undefined && { vpc_id: outcome.vpcId }), ...(isWrite && { applied: outcome.applied === true }) };
  if (fault) return strike(core, req, res, fault, requestId, logged);
  finish(core, res, outcome.reply, requestId, logged);
}

function dispatch(core: EmulatorCore, route: RouteMatch, request: ApiRequest): HandlerOutcome {
  if (isTagRoute(route.name)) return handleTagRoute(core.api, route.name, request);
  switch (route.name) {
    case 'vpcs.create':
      return createVpc(core.api, request);
    case 'vpcs.list':
      return listVpcs(core.api, request);
    case 'vpcs.show':
      return showVpc(core.api, request);
    case 'vpcs.update':
      return updateVpc(core.api, request);
    case 'vpcs.delete':
      return deleteVpc(core.api, request);
    case 'subnets.create':
      return createSubnet(core.api, request);
    case 'subnets.list':
      return listSubnets(core.api, request);
    case 'subnets.show':
      return showSubnet(core.api, request);
    case 'subnets.delete':
      return deleteSubnet(core.api, request);
    case 'quotas.show':
      return showQuotas(core.api, request);
    case 'iam.tokens':
      return issueToken(core.iam, request);
    case 'iam.versions':
      return keystoneVersions(core.iam);
    case 'iam.version':
      return keystoneVersion(core.iam);
    default:
      return assertNever(route.name, 'route');
  }
}

type LogFields = { method: string; route: string; path: string; vpc_id?: string; applied?: boolean };

function finish(core: EmulatorCore, res: ServerResponse, reply: Reply, requestId: string, fields: LogFields): void {
  core.accounting.record({ ...fields, status: reply.status });
  core.log?.(`${fields.method} ${fields.path} ${reply.status}`);
  send(res, reply, requestId);
}

function strike(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, fault: FaultDecision, requestId: string, fields: LogFields): void {
  if (fault.kind === 'reset') {
    core.accounting.record({ ...fields, status: 0, fault: 'reset' });
    core.log?.(`${fields.method} ${fields.path} reset${fault.after ? ' (after the change)' : ''}`);
    req.socket.destroy();
    return;
  }
  const reply = faultReply(fault.kind, core.api.faults.rateLimit(), core.api.faults.retryAfterSeconds());
  core.accounting.record({ ...fields, status: reply.status, fault: fault.kind });
  core.log?.(`${fields.method} ${fields.path} ${reply.status} (injected${fault.after ? ', after the change' : ''})`);
  send(res, reply, requestId);
}

function faultReply(kind: Exclude<FaultKind, 'reset'>, rps: number, retryAfterS: number | undefined): Reply {
  switch (kind) {
    case '500':
      return GATEWAY_ERRORS.internal();
    case '502':
      return GATEWAY_ERRORS.noBackend();
    case '503':
      return GATEWAY_ERRORS.unavailable();
    case '504':
      return GATEWAY_ERRORS.backendTimeout();
    case '429':
      return GATEWAY_ERRORS.throttled(rps, retryAfterS);
    default:
      return assertNever(kind, 'fault kind');
  }
}

function send(res: ServerResponse, reply: Reply, requestId: string, statusOverride?: number): void {
  const status = statusOverride ?? reply.status;
  const headers: Record<string, string> = { 'X-Request-Id': requestId, ...(reply.headers ?? {}) };
  switch (reply.kind) {
    case 'empty':
      res.writeHead(status, headers).end();
      return;
    case 'json':
      writeJson(res, status, headers, reply.body);
      return;
    case 'gateway':
      writeJson(res, status, headers, JSON.stringify({ error_msg: reply.message, error_code: reply.code, request_id: requestId }));
      return;
    default:
      assertNever(reply, 'reply');
  }
}

function writeJson(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(bytes.length) }).end(bytes);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
