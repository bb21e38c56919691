import type { ApiDeps, ApiRequest, HandlerOutcome } from '../api-context.js';
import { jsonReply, vpcError } from '../replies.js';
import type { Quotas } from '../types.js';

/**
 * `GET /v1/{project_id}/quotas[?type=]` (lifecycle reference §1.3: OTC-rst querying_quotas.rst). Only
 * the two resources the emulator models are known; `min` is always 0 as in the documented example.
 */

/** The documented example's values (vpc 150, subnet 400); the reference calls them examples only. */
export const DEFAULT_QUOTAS: Readonly<Quotas> = { vpc: 150, subnet: 400 };

const TYPES = ['vpc', 'subnet'] as const;

export function showQuotas(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const type = req.query.get('type');
  if (type !== null && !(TYPES as readonly string[]).includes(type)) return { reply: vpcError(400, 'VPC.0101', 'Param is invalid.') };
  const used: Quotas = { vpc: deps.store.vpcCount, subnet: deps.store.subnetCount };
  const resources = TYPES.filter((t) => type === null || t === type).map((t) => ({ type: t, used: used[t], quota: deps.quotas[t], min: 0 }));
  return { reply: jsonReply(200, { quotas: { resources } }) };
}

/** A quota value: an integer from -1 (unlimited) up. Returns a reason, or undefined when valid. */
export function checkQuota(value: unknown, key: string): string | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= -1 ? undefined : `${key} must be an integer >= -1 (-1 = unlimited)`;
}

/** A partial `{vpc, subnet}` object (seed `quotas`, state file, `POST /_emulator/quotas`): the valid patch or the problems. */
export function parseQuotas(value: unknown, at: string): { quotas: Partial<Quotas> } | { problems: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problems: [`${at} must be a mapping like {vpc: 150, subnet: 400}`] };
  const problems: string[] = [];
  const quotas: Partial<Quotas> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key !== 'vpc' && key !== 'subnet') {
      problems.push(`${at}: unknown key "${key}" (vpc, subnet)`);
      continue;
    }
    const reason = checkQuota(v, `${at}.${key}`);
    if (reason) problems.push(reason);
    else quotas[key] = v as number;
  }
  return problems.length > 0 ? { problems } : { quotas };
}
