/**
 * What a handler answers, as plain data; the server turns it into bytes. Error bodies follow the real
 * service exactly: VPC errors `{"code","message"}` (reference §2.1 item 1, §2.3), gateway errors
 * `{"error_code","error_msg","request_id"}` (§2.1 item 2, §2.4), IAM errors Keystone-style.
 */

export type Reply =
  | { kind: 'json'; status: number; body: string; headers?: Record<string, string> }
  | { kind: 'empty'; status: number; headers?: Record<string, string> }
  /** Rendered with the request id in its body. */
  | { kind: 'gateway'; status: number; code: string; message: string; headers?: Record<string, string> };

export type Result<T> = { ok: true; value: T } | { ok: false; reply: Reply };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(reply: Reply): Result<T> {
  return { ok: false, reply };
}

export function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { kind: 'json', status, body: JSON.stringify(value), ...(headers && { headers }) };
}

/** An already-serialized JSON body (list pages are assembled from cached fragments). */
export function rawJsonReply(status: number, body: string): Reply {
  return { kind: 'json', status, body };
}

export function emptyReply(status: number): Reply {
  return { kind: 'empty', status };
}

/** A VPC service error: `{"code":"VPC.xxxx","message":"…"}`. */
export function vpcError(status: number, code: string, message: string): Reply {
  return jsonReply(status, { code, message });
}

export function gatewayError(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { kind: 'gateway', status, code, message, ...(headers && { headers }) };
}

/** Keystone-style IAM error (`POST /v3/auth/tokens`). */
export function iamError(status: number, title: string, message: string): Reply {
  return jsonReply(status, { error: { code: status, message, title } });
}

/** The documented messages (reference §2.3), by operation. Match on code, never on these texts. */
export const VPC_ERRORS = {
  notFound: () => vpcError(404, 'VPC.0003', 'VPC does not exist.'),
  tenantMismatch: () => vpcError(400, 'VPC.0007', 'urlTenantId is not equal tokenTenantId'),
  showInvalidId: () => vpcError(400, 'VPC.0101', 'getVpc error vpcId is invalid.'),
  listInvalid: () => vpcError(400, 'VPC.0101', 'Query vpc list error.'),
  updateInvalid: (id: string) => vpcError(400, 'VPC.0101', `Update router ${id} is invalid.`),
  createInvalid: () => vpcError(400, 'VPC.0101', 'Param is invalid.'),
  deleteInvalid: (id: string) => vpcError(400, 'VPC.0101', `Delete router error ${id} is invalid.`),
  busy: () => vpcError(409, 'VPC.0103', 'Resource status is busy, try it again later.'),
  hasSubnets: () => vpcError(409, 'VPC.0104', 'Router contains subnets, please delete subnet first.'),
  notStable: () => vpcError(409, 'VPC.0110', 'deleteDefaultNetworkFromRouter router status is invalid.'),
  quotaExceeded: () => vpcError(409, 'VPC.0114', "Quota exceeded for resources: ['router']."),
  notActive: () => vpcError(500, 'VPC.0113', 'Router status is not active.'),
  nameExists: () => vpcError(400, 'VPC.0115', 'The router name has exist.'),
  cidrNotCoveringSubnets: () => vpcError(400, 'VPC.0117', 'Cidr can not contain subnetList cidr.'),
} as const;

export const GATEWAY_ERRORS = {
  noRoute: () =>
    gatewayError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment'),
  methodNotAllowed: (allow: string[]) =>
    gatewayError(405, 'APIGW.0101', 'The API does not exist or has not been published in the environment', {
      Allow: allow.join(', '),
    }),
  badRequest: (why: string) => gatewayError(400, 'APIGW.0201', `Request error: ${why}`),
  authFailed: (why: string) => gatewayError(401, 'APIGW.0301', `Incorrect IAM authentication information: ${why}`),
  tokenExpired: () => gatewayError(401, 'APIGW.0307', 'The token must be updated'),
  throttled: (rps: number, retryAfterS?: number) =>
    gatewayError(
      429,
      'APIGW.0308',
      `The throttling threshold has been reached: policy user over ratelimit,limit:${rps},time:1 second`,
      retryAfterS === undefined ? undefined : { 'Retry-After': String(retryAfterS) },
    ),
  internal: () => gatewayError(500, 'APIGW.0601', 'Internal server error'),
  noBackend: () => gatewayError(502, 'APIGW.0610', 'No backend available'),
  unavailable: () => gatewayError(503, 'APIGW.0201', 'Backend unavailable'),
  backendTimeout: () => gatewayError(504, 'APIGW.0201', 'Backend timeout'),
} as const;
