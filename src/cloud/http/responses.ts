import { VpcformError } from '../../errors/index.js';
import type { LiveVpc } from '../../model/vpc.js';
import type { RawResponse } from './transport.js';

/**
 * Reading 2xx bodies: every shape the client expects is checked before it is returned, and anything
 * else is CLOUD_BAD_RESPONSE naming the route — never a TypeError deep inside a caller.
 */

export function badResponse(route: string, detail: string): VpcformError {
  return new VpcformError('CLOUD_BAD_RESPONSE', {
    summary: `${route} returned an unexpected response`,
    detail,
    hint: 'Check that the endpoint is the VPC service of the right region (target.endpoint / --endpoint).',
    cloud: { route, method: route.split(' ')[0]!, retryable: false },
  });
}

export function parseJson(response: RawResponse, route: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    throw badResponse(route, `The body is not JSON (status ${response.status}, ${response.body.length} bytes).`);
  }
  if (!isRecord(parsed)) throw badResponse(route, 'The body is not a JSON object.');
  return parsed;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasStringId(value: unknown): value is { id: string } {
  return isRecord(value) && typeof value['id'] === 'string';
}

export function vpcFrom(response: RawResponse, route: string): LiveVpc {
  const vpc = parseJson(response, route)['vpc'];
  if (!hasStringId(vpc)) throw badResponse(route, 'The body has no "vpc" object with an id.');
  return vpc as unknown as LiveVpc;
}

export function arrayFrom<T>(response: RawResponse, key: string, route: string): T[] {
  const list = parseJson(response, route)[key];
  if (!Array.isArray(list) || !list.every(hasStringId)) throw badResponse(route, `The body has no "${key}" array of objects with ids.`);
  return list as T[];
}

/** A non-negative integer field, or CLOUD_BAD_RESPONSE. */
export function countFrom(value: unknown, what: string, route: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw badResponse(route, `${what} is not a non-negative integer (got ${JSON.stringify(value) ?? 'nothing'}).`);
  }
  return value;
}
