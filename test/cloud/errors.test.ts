import { describe, expect, it } from 'vitest';
import { classifyFailure, isRetryableClass, provesNotExecuted, type FailureFacts } from '../../src/cloud/http/classify.js';
import { isIdempotent } from '../../src/cloud/http/exchange.js';
import { cloudError } from '../../src/cloud/http/cloud-error.js';
import { parseErrorBody, MAX_MESSAGE_CHARS } from '../../src/cloud/http/error-body.js';
import { Redactor, REDACTED } from '../../src/cloud/http/redact.js';

describe('parseErrorBody reads every documented shape (reference §2.1)', () => {
  it('VPC service {code,message}', () => {
    expect(parseErrorBody('{"code":"VPC.0002","message":"Available zone Name is null."}')).toEqual({
      serviceCode: 'VPC.0002',
      message: 'Available zone Name is null.',
    });
  });
  it('API gateway {error_code,error_msg,request_id}', () => {
    expect(parseErrorBody('{"error_msg":"The throttling threshold has been reached","error_code":"APIGW.0308","request_id":"r-1"}')).toEqual({
      serviceCode: 'APIGW.0308',
      message: 'The throttling threshold has been reached',
      requestId: 'r-1',
    });
  });
  it('nested {error:{code,message}}', () => {
    expect(parseErrorBody('{"error":{"code":"IAM.0001","message":"bad"}}')).toEqual({ serviceCode: 'IAM.0001', message: 'bad' });
  });
  it('Neutron {NeutronError:{message,type,detail}}', () => {
    const parsed = parseErrorBody('{"NeutronError":{"message":"Port x could not be found","type":"PortNotFound","detail":""}}');
    expect(parsed.serviceCode).toBeUndefined();
    expect(parsed.message).toContain('PortNotFound');
    expect(parsed.message).toContain('Port x could not be found');
  });
  it('non-JSON bodies become one short line', () => {
    const html = `<html>\n<body>${'x'.repeat(5000)}</body></html>`;
    const parsed = parseErrorBody(html);
    expect(parsed.serviceCode).toBeUndefined();
    expect(parsed.message!.length).toBeLessThan(MAX_MESSAGE_CHARS + 40);
    expect(parsed.message).not.toContain('\n');
    expect(parseErrorBody('')).toEqual({});
    expect(parseErrorBody('[1,2]').message).toBe('[1,2]');
  });
  it('redacts before truncating, so a secret at the cut is not left half-shown', () => {
    const secret = 'MIIT-TOKEN-SENTINEL-0123456789abcdef';
    const redactor = new Redactor([secret]);
    const redact = (text: string): string => redactor.redact(text);
    const atTheCut = `${'x'.repeat(MAX_MESSAGE_CHARS - 20)} ${secret}`;
    const unknownToken = JSON.stringify({ token: 'y'.repeat(MAX_MESSAGE_CHARS) });
    for (const body of [JSON.stringify({ error_code: 'APIGW.0301', error_msg: atTheCut }), JSON.stringify({ error_msg: unknownToken })]) {
      const message = parseErrorBody(body, redact).message!;
      expect(message).toContain(REDACTED);
      expect(message).not.toContain(secret.slice(0, 8));
      expect(message).not.toContain('yyyy');
    }
  });
});

describe('classifyFailure (reference §2.5): status and code only', () => {
  const http = (status: number, serviceCode?: string): FailureFacts => (serviceCode === undefined ? { kind: 'http', status } : { kind: 'http', status, serviceCode });
  const cases: Array<[FailureFacts, string]> = [
    [{ kind: 'network', errorCode: 'ECONNRESET' }, 'transient'],
    [{ kind: 'network', errorCode: 'ECONNREFUSED' }, 'transient'],
    [{ kind: 'network', errorCode: 'ETIMEDOUT' }, 'transient'],
    [{ kind: 'network', errorCode: 'EPIPE' }, 'transient'],
    [{ kind: 'network', errorCode: 'ENOTFOUND' }, 'permanent'],
    [{ kind: 'network', errorCode: 'CERT_HAS_EXPIRED' }, 'permanent'],
    [{ kind: 'timeout' }, 'transient'],
    [http(429), 'throttled'],
    [http(429, 'APIGW.0308'), 'throttled'],
    [http(502), 'transient'],
    [http(503), 'transient'],
    [http(504), 'transient'],
    [http(500, 'VPC.0105'), 'transient'],
    [http(500, 'VPC.0106'), 'transient'],
    [http(500, 'APIGW.0601'), 'transient'],
    [http(500, 'VPC.0113'), 'busy'],
    [http(400, 'VPC.0004'), 'busy'],
    [http(409, 'VPC.0103'), 'busy'],
    [http(409, 'VPC.0110'), 'busy'],
    [http(409, 'VPC.0104'), 'permanent'],
    [http(409, 'VPC.0120'), 'permanent'],
    [http(400, 'VPC.1801'), 'permanent'],
    [http(500, 'VPC.1801'), 'permanent'],
    [http(401, 'APIGW.0307'), 'token-expired'],
    [http(401, 'VPC.0008'), 'token-expired'],
    [http(400, 'VPC.0101'), 'permanent'],
    [http(400, 'VPC.0115'), 'permanent'],
    [http(400, 'VPC.0117'), 'permanent'],
    [http(400), 'permanent'],
    [http(401, 'APIGW.0301'), 'permanent'],
    [http(403, 'VPC.2201'), 'permanent'],
    [http(403, 'APIGW.0302'), 'permanent'],
    [http(404, 'VPC.0003'), 'permanent'],
    [http(404, 'VPC.0105'), 'permanent'],
    [http(409, 'VPC.0114'), 'permanent'],
  ];
  it.each(cases)('%j -> %s', (facts, expected) => {
    expect(classifyFailure(facts)).toBe(expected);
  });
  it('retries throttled, transient and busy only', () => {
    expect(['throttled', 'transient', 'busy', 'token-expired', 'permanent'].filter((c) => isRetryableClass(c as never))).toEqual(['throttled', 'transient', 'busy']);
  });
});

describe('provesNotExecuted: may a non-idempotent request (POST create) be sent again?', () => {
  const http = (status: number, serviceCode?: string): FailureFacts => (serviceCode === undefined ? { kind: 'http', status } : { kind: 'http', status, serviceCode });
  it.each([
    [http(429, 'APIGW.0308'), true],
    [http(401, 'APIGW.0307'), true],
    [http(400, 'VPC.0115'), true],
    [http(409, 'VPC.0114'), true],
    [{ kind: 'network', errorCode: 'ECONNREFUSED' }, true],
    [{ kind: 'network', errorCode: 'ENOTFOUND' }, true],
    [{ kind: 'network', errorCode: 'EAI_AGAIN' }, true],
    [{ kind: 'network', errorCode: 'CERT_HAS_EXPIRED' }, true],
    [{ kind: 'network', errorCode: 'ECONNRESET' }, false],
    [{ kind: 'network', errorCode: 'EPIPE' }, false],
    [{ kind: 'network', errorCode: 'ETIMEDOUT' }, false],
    [{ kind: 'network', errorCode: 'ENETWORK' }, false],
    [{ kind: 'timeout' }, false],
    [http(500), false],
    [http(500, 'VPC.0105'), false],
    [http(502, 'APIGW.0610'), false],
    [http(503), false],
    [http(504), false],
  ] as Array<[FailureFacts, boolean]>)('%j -> %s', (facts, expected) => {
    expect(provesNotExecuted(facts)).toBe(expected);
  });
  it('POST is non-idempotent unless a call says otherwise; GET, PUT and DELETE are idempotent', () => {
    expect(isIdempotent({ method: 'POST' })).toBe(false);
    expect(isIdempotent({ method: 'POST', idempotent: true })).toBe(true);
    expect(['GET', 'PUT', 'DELETE'].every((method) => isIdempotent({ method: method as 'GET' }))).toBe(true);
  });
});

describe('cloudError', () => {
  const base = { method: 'PUT', route: 'PUT /v1/{project_id}/vpcs/{vpc_id}', endpoint: 'https://vpc.eu-de.otc.t-systems.com' };
  it('maps to a stable code with the cloud facts and a hint', () => {
    const e = cloudError({ ...base, facts: { kind: 'http', status: 400, serviceCode: 'VPC.0117' }, message: 'Cidr can not contain subnetList cidr.', requestId: 'r-9', authKind: 'aksk' });
    expect(e.code).toBe('CLOUD_BAD_REQUEST');
    expect(e.cloud).toEqual({ status: 400, serviceCode: 'VPC.0117', message: 'Cidr can not contain subnetList cidr.', requestId: 'r-9', method: 'PUT', route: base.route, retryable: false });
    expect(e.hint).toContain("must still contain the VPC's subnets");
  });
  it.each([
    [{ kind: 'http', status: 404, serviceCode: 'VPC.0003' }, 'CLOUD_NOT_FOUND', false],
    [{ kind: 'http', status: 404 }, 'CLOUD_NOT_FOUND', false],
    [{ kind: 'http', status: 429, serviceCode: 'APIGW.0308' }, 'CLOUD_THROTTLED', true],
    [{ kind: 'http', status: 500, serviceCode: 'VPC.0113' }, 'CLOUD_BUSY', true],
    [{ kind: 'http', status: 503 }, 'CLOUD_UNAVAILABLE', true],
    [{ kind: 'http', status: 403, serviceCode: 'VPC.2201' }, 'CLOUD_FORBIDDEN', false],
    [{ kind: 'http', status: 409, serviceCode: 'VPC.0114' }, 'CLOUD_CONFLICT', false],
    [{ kind: 'http', status: 500 }, 'CLOUD_API', false],
    [{ kind: 'network', errorCode: 'ECONNRESET' }, 'CLOUD_NETWORK', true],
    [{ kind: 'timeout' }, 'CLOUD_TIMEOUT', true],
  ] as Array<[FailureFacts, string, boolean]>)('%j -> %s', (facts, code, retryable) => {
    const e = cloudError({ ...base, facts, authKind: 'token' });
    expect(e.code).toBe(code);
    expect(e.cloud?.retryable).toBe(retryable);
    expect(e.hint).toBeTruthy();
  });
  it('points AK/SK users at keys and clock skew on APIGW.0301, and names VPC.0007 a project mismatch', () => {
    const e = cloudError({ ...base, facts: { kind: 'http', status: 401, serviceCode: 'APIGW.0301' }, authKind: 'aksk' });
    expect(e.code).toBe('CLOUD_AUTH_FAILED');
    expect(e.hint).toMatch(/HW_ACCESS_KEY.*clock/s);
    const p = cloudError({ ...base, facts: { kind: 'http', status: 400, serviceCode: 'VPC.0007' }, authKind: 'token' });
    expect(p.hint).toMatch(/project id mismatch/i);
  });
  it('409 in-use codes are CLOUD_IN_USE naming the resource; an ambiguous failure is CLOUD_AMBIGUOUS, not retryable', () => {
    const del = { ...base, method: 'DELETE', route: 'DELETE /v1/{project_id}/vpcs/{vpc_id}' };
    const inUse = cloudError({ ...del, facts: { kind: 'http', status: 409, serviceCode: 'VPC.0108' }, authKind: 'aksk' });
    expect(inUse.code).toBe('CLOUD_IN_USE');
    expect(inUse.summary).toContain('still has EIPs');
    expect(inUse.hint).toContain('EIPs');
    const post = { ...base, method: 'POST', route: 'POST /v1/{project_id}/vpcs' };
    const lost = cloudError({ ...post, facts: { kind: 'http', status: 503, serviceCode: 'APIGW.0201' }, requestId: 'r-1', authKind: 'aksk', ambiguous: true });
    expect(lost.code).toBe('CLOUD_AMBIGUOUS');
    expect(lost.cloud).toMatchObject({ status: 503, serviceCode: 'APIGW.0201', requestId: 'r-1', retryable: false });
    expect(lost.summary).toBe('POST /v1/{project_id}/vpcs: outcome unknown after 503 APIGW.0201 — it may or may not have been carried out');
    expect(lost.detail).toContain('Request id: r-1');
  });
  it('VPC.1801 hints depend on the status', () => {
    const tags = { ...base, method: 'POST', route: 'POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action' };
    const refused = cloudError({ ...tags, facts: { kind: 'http', status: 400, serviceCode: 'VPC.1801' }, authKind: 'aksk' });
    const broken = cloudError({ ...tags, facts: { kind: 'http', status: 500, serviceCode: 'VPC.1801' }, authKind: 'aksk' });
    const other = cloudError({ ...tags, facts: { kind: 'http', status: 404, serviceCode: 'VPC.1801' }, authKind: 'aksk' });
    expect(refused.hint).toContain('limits');
    expect(broken.hint).toContain('could not read the request body');
    expect(other.hint).toContain('tag API refused the request');
  });
  it('mentions NODE_EXTRA_CA_CERTS for certificate failures', () => {
    const e = cloudError({ ...base, facts: { kind: 'network', errorCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, authKind: 'aksk' });
    expect(e.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(e.cloud?.retryable).toBe(false);
  });
});
