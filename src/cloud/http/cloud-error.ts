import { VpcformError, type CloudErrorInfo, type ErrorCode } from '../../errors/index.js';
import type { ResolvedAuth } from '../types.js';
import { deleteBlocker } from '../delete-blockers.js';
import { classifyFailure, failureReason, isRetryableClass, TLS_ERROR_CODES, type FailureFacts } from './classify.js';

/** Everything known about a failed exchange, already redacted. */
export interface FailureContext {
  facts: FailureFacts;
  method: string;
  /** Route template, e.g. `PUT /v1/{project_id}/vpcs/{vpc_id}`. */
  route: string;
  message?: string;
  requestId?: string;
  authKind: ResolvedAuth['kind'];
  endpoint: string;
  /**
   * The request must not be repeated (POST create) and this failure does not prove the server left it
   * undone (`provesNotExecuted` is false): the error becomes CLOUD_AMBIGUOUS.
   */
  ambiguous?: boolean;
}

const SERVICE_CODE_HINTS: Readonly<Record<string, string>> = {
  'VPC.0117': "The new cidr must still contain the VPC's subnets: pick a cidr that covers every subnet, or move the subnets first.",
  'VPC.0115': 'Another VPC in the project already has this name: VPC names are unique in a project.',
  'VPC.0101': 'The API refused the parameters: check the ids, names and cidrs in the desired-state file.',
  'VPC.0007': "Project id mismatch: the project id in the URL is not the token's project. Check target.project_id / HW_PROJECT_ID against the credentials.",
  'VPC.0003': 'The VPC does not exist in this project: check its id and the project id.',
  'VPC.0004': 'The VPC is not active yet; try again in a moment.',
  'VPC.0113': 'The VPC is busy with another change (PENDING_UPDATE); try again when it is OK.',
  'VPC.0103': 'The VPC is busy (still being created); try again in a moment.',
  'VPC.0110': 'The VPC is not in a stable status yet; try again when it is OK.',
  'VPC.0005': 'The account lacks authority (restricted or in arrears).',
  'VPC.0008': 'The token is invalid or expired: get a new one (OS_AUTH_TOKEN) or use password/AK-SK credentials.',
  'VPC.0010': 'The underlying policy refuses this action: ask an administrator for VPC permissions.',
  'VPC.2201': 'A fine-grained IAM policy is missing: grant the user the vpc:vpcs:* actions it needs.',
  'VPC.2701': 'The token may not do this: check permissions and that the account is active with a balance.',
  'VPC.0114': 'The VPC quota of the project is used up: delete VPCs that are no longer needed, or ask for a higher quota.',
  // The tag module answers VPC.1801 with several statuses (lifecycle-tags §3.5): keyed by status first.
  '400 VPC.1801':
    'The tag API refused the tags or the query: check the limits every cloud accepts — at most 10 tags, unique keys of 1-36 and values of 0-43 characters from A-Z a-z 0-9 _ - (see the message above for which rule).',
  '500 VPC.1801': 'The tag API could not read the request body ("Invalid input"): this is likely a bug in vpcform; please report it with --debug output.',
  'VPC.1801': 'The tag API refused the request: see the message from the API above.',
  'APIGW.0302': 'This IAM user may not call the VPC API: ask an administrator for VPC permissions.',
  'APIGW.0307': 'The token must be renewed (or the endpoint is in another region than the token): get a new token.',
  'APIGW.0308': 'The API gateway throttled the calls: lower --parallelism or try again later.',
  'APIGW.0310': 'The project is unavailable: check the project id and its status in the console.',
  'APIGW.0101': 'The gateway does not know this API: check the endpoint URL and region.',
};

function hintByKey(key: string): string | undefined {
  return Object.hasOwn(SERVICE_CODE_HINTS, key) ? SERVICE_CODE_HINTS[key] : undefined;
}

function authFailedHint(ctx: FailureContext): string {
  switch (ctx.authKind) {
    case 'aksk':
      return 'Check HW_ACCESS_KEY/HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary keys), and the clock: X-Sdk-Date must be within 15 minutes of server time.';
    case 'token':
      return 'The token in OS_AUTH_TOKEN/OS_TOKEN was refused: get a new one, or use AK/SK or password credentials.';
    case 'password':
      return 'Check OS_USERNAME, OS_PASSWORD, the domain name and OS_AUTH_URL/HW_AUTH_URL.';
    case 'none':
      return 'The endpoint wants credentials: set HW_ACCESS_KEY + HW_SECRET_KEY, OS_AUTH_TOKEN, or OS_USERNAME + OS_PASSWORD + OS_DOMAIN_NAME.';
    default:
      return 'Check the credentials.';
  }
}

function codeFor(ctx: FailureContext): ErrorCode {
  const { facts } = ctx;
  if (facts.kind === 'timeout') return 'CLOUD_TIMEOUT';
  if (facts.kind === 'network') return 'CLOUD_NETWORK';
  const cls = classifyFailure(facts);
  if (cls === 'throttled') return 'CLOUD_THROTTLED';
  if (cls === 'busy') return 'CLOUD_BUSY';
  const { status } = facts;
  if (deleteBlocker(status, facts.serviceCode) !== undefined) return 'CLOUD_IN_USE';
  if (status === 401) return 'CLOUD_AUTH_FAILED';
  if (status === 403) return 'CLOUD_FORBIDDEN';
  if (status === 404) return 'CLOUD_NOT_FOUND';
  if (status === 409) return 'CLOUD_CONFLICT';
  if (status === 502 || status === 503 || status === 504) return 'CLOUD_UNAVAILABLE';
  if (status >= 400 && status < 500) return 'CLOUD_BAD_REQUEST';
  return 'CLOUD_API';
}

function hintFor(ctx: FailureContext, code: ErrorCode): string {
  const { facts } = ctx;
  if (facts.kind === 'timeout') return 'The endpoint did not answer in time: check connectivity, or raise the timeout.';
  if (facts.kind === 'network') {
    if (TLS_ERROR_CODES.test(facts.errorCode)) {
      return 'The TLS certificate could not be verified: for a private CA, point NODE_EXTRA_CA_CERTS at its PEM file.';
    }
    if (facts.errorCode === 'ENOTFOUND') return 'The endpoint host name does not resolve: check the region, target.endpoint or --endpoint.';
    if (facts.errorCode === 'ECONNREFUSED') return `Nothing listens at ${ctx.endpoint}: check the endpoint (is the emulator running?).`;
    return `Could not talk to ${ctx.endpoint}: check the endpoint and the network.`;
  }
  const blocker = deleteBlocker(facts.status, facts.serviceCode);
  if (blocker !== undefined) return blocker.hint;
  const byCode = facts.serviceCode === undefined ? undefined : (hintByKey(`${facts.status} ${facts.serviceCode}`) ?? hintByKey(facts.serviceCode));
  if (code === 'CLOUD_AUTH_FAILED' && (facts.serviceCode === 'APIGW.0301' || facts.serviceCode === 'APIGW.0305' || byCode === undefined)) {
    return authFailedHint(ctx);
  }
  if (byCode !== undefined) return byCode;
  switch (code) {
    case 'CLOUD_NOT_FOUND':
      return 'It does not exist in this project: check the id and the project id.';
    case 'CLOUD_FORBIDDEN':
      return 'The credentials lack permission for this call: ask an administrator for VPC permissions.';
    case 'CLOUD_UNAVAILABLE':
    case 'CLOUD_API':
      return 'The service failed; try again later. Quote the request id if you contact support.';
    case 'CLOUD_THROTTLED':
      return SERVICE_CODE_HINTS['APIGW.0308']!;
    default:
      return 'See the message from the API above.';
  }
}

function summaryFor(ctx: FailureContext, code: ErrorCode): string {
  const { facts } = ctx;
  const what = `${ctx.route}`;
  switch (facts.kind) {
    case 'timeout':
      return `${what} timed out`;
    case 'network':
      return `${what} failed: ${facts.errorCode}`;
    case 'http': {
      const blocker = deleteBlocker(facts.status, facts.serviceCode);
      const gloss = code === 'CLOUD_NOT_FOUND' ? ' (not found)' : blocker === undefined ? '' : ` (the VPC still has ${blocker.resource})`;
      return `${what} failed: ${facts.status}${facts.serviceCode === undefined ? '' : ` ${facts.serviceCode}`}${gloss}`;
    }
    default:
      return what;
  }
}

/**
 * A failure of a request that must not be repeated and may have been carried out. Status and service
 * code stay in `cloud` for people and logs; the code alone tells the caller what to do next.
 */
function ambiguousError(ctx: FailureContext, cloud: CloudErrorInfo, details: string[]): VpcformError {
  return new VpcformError('CLOUD_AMBIGUOUS', {
    summary: `${ctx.route}: outcome unknown after ${failureReason(ctx.facts)} — it may or may not have been carried out`,
    detail: [
      ...details,
      `vpcform sent this ${ctx.method} once and did not repeat it: it is not idempotent, and a second one could act twice (e.g. create a second VPC).`,
    ].join('\n'),
    hint: 'Look the resource up before sending the request again: vpcform plan/apply finds a VPC created this way by its name.',
    cloud: { ...cloud, retryable: false },
  });
}

/** The VpcformError for a failed exchange: stable code, cloud facts, a hint. Never holds secrets. */
export function cloudError(ctx: FailureContext): VpcformError {
  const code = codeFor(ctx);
  const retryable = isRetryableClass(classifyFailure(ctx.facts));
  const cloud: CloudErrorInfo = { method: ctx.method, route: ctx.route, retryable };
  if (ctx.facts.kind === 'http') cloud.status = ctx.facts.status;
  if (ctx.facts.kind === 'http' && ctx.facts.serviceCode !== undefined) cloud.serviceCode = ctx.facts.serviceCode;
  if (ctx.message !== undefined) cloud.message = ctx.message;
  if (ctx.requestId !== undefined) cloud.requestId = ctx.requestId;
  const details: string[] = [];
  if (ctx.message !== undefined) details.push(`The API said: ${ctx.message}`);
  if (ctx.requestId !== undefined) details.push(`Request id: ${ctx.requestId}`);
  if (ctx.ambiguous === true) return ambiguousError(ctx, cloud, details);
  return new VpcformError(code, {
    summary: summaryFor(ctx, code),
    ...(details.length > 0 && { detail: details.join('\n') }),
    hint: hintFor(ctx, code),
    cloud,
  });
}
