import type { Accounting } from './accounting.js';
import { parseJsonObject, type ApiDeps } from './api-context.js';
import { parseFaultPatch } from './faults.js';
import { parseQuotas } from './handlers/quotas.js';
import { emptyReply, jsonReply, type Reply } from './replies.js';

/**
 * `/_emulator/*`: the emulator's own control routes, for tests, benchmarks and the demo. They need
 * no authentication and are never delayed, throttled, faulted or counted.
 */

export interface ControlDeps {
  accounting: Accounting;
  api: ApiDeps;
  /** Puts the VPCs and subnets back to the seed. */
  resetData(): void;
  /** The quotas changed (the state file keeps them). */
  onQuotasChanged(): void;
  authEnabled: boolean;
}

const badControl = (message: string): Reply => jsonReply(400, { error: message });

export function handleControl(deps: ControlDeps, method: string, rawPath: string, rawQuery: string, body: Buffer): Reply {
  const key = `${method} ${rawPath.replace(/\/$/, '')}`;
  switch (key) {
    case 'GET /_emulator/stats':
      return jsonReply(200, deps.accounting.stats());
    case 'GET /_emulator/requests': {
      const query = new URLSearchParams(rawQuery);
      const route = query.get('route');
      const vpcId = query.get('vpc_id');
      const since = Number(query.get('since') ?? 0);
      const requests = deps.accounting
        .requests()
        .filter((e) => (route === null || e.route === route) && (vpcId === null || e.vpc_id === vpcId) && e.seq > since);
      return jsonReply(200, { requests });
    }
    case 'POST /_emulator/reset': {
      const options = body.length === 0 ? {} : parseJsonObject(body);
      if (!options) return badControl('body must be a JSON object: {"requests"?: bool, "faults"?: bool, "data"?: bool}');
      deps.accounting.resetCounters();
      if (options['requests'] !== false) deps.accounting.resetLog();
      if (options['faults'] === true) {
        deps.api.faults.update({ latency_ms: 0, rate_limit_rps: 0, retry_after_s: 0, fault_rate: 0, vpc_status: {}, create_status: {}, delete_status: {}, next: [] });
      }
      if (options['data'] === true) deps.resetData();
      return emptyReply(204);
    }
    case 'GET /_emulator/faults':
      return jsonReply(200, deps.api.faults.current());
    case 'POST /_emulator/faults': {
      let value: unknown;
      try {
        value = JSON.parse(body.toString('utf8'));
      } catch {
        return badControl('body must be JSON');
      }
      const parsed = parseFaultPatch(value);
      if ('reason' in parsed) return badControl(parsed.reason);
      return jsonReply(200, deps.api.faults.update(parsed.patch));
    }
    case 'POST /_emulator/quotas': {
      const parsed = parseQuotas(parseJsonObject(body), 'body');
      if ('problems' in parsed) return badControl(parsed.problems.join('; '));
      Object.assign(deps.api.quotas, parsed.quotas);
      deps.onQuotasChanged();
      return jsonReply(200, deps.api.quotas);
    }
    case 'GET /_emulator/health':
      return jsonReply(200, {
        ok: true,
        project_id: deps.api.store.projectId,
        vpcs: deps.api.store.vpcCount,
        auth: deps.authEnabled ? 'on' : 'off',
      });
    default:
      return jsonReply(404, { error: `no control route ${key}` });
  }
}
