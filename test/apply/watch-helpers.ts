import { applyPlan } from '../../src/apply/apply-plan.js';
import { adaptivePollPolicy } from '../../src/apply/poll-policy.js';
import type { ApplyEvent, ApplyOptions } from '../../src/apply/types.js';
import { RequestLimiter } from '../../src/cloud/http/limiter.js';
import type { Plan, PlannedChange } from '../../src/plan/types.js';
import { FakeTime } from './fake-time.js';
import { ScriptedClient, vpc, type ScriptedVpc } from './scripted-client.js';

/** Plans and a fake-time world for the status watcher's tests (the ScriptedClient, optionally behind the real limiter). */

export function update(id: string): PlannedChange {
  return { address: `vpcs.${id}`, id, action: 'update', attributes: [{ path: 'name', before: `old-${id}`, after: `new-${id}` }], request: { vpc: { name: `new-${id}` } }, diagnostics: [] };
}

export function remove(id: string): PlannedChange {
  return { address: `vpcs.${id}`, id, action: 'delete', attributes: [], diagnostics: [] };
}

export function create(name: string): PlannedChange {
  return { address: `vpcs.${name}`, action: 'create', attributes: [], create_request: { vpc: { name, cidr: '10.1.0.0/16' } }, diagnostics: [] };
}

export function planOf(changes: PlannedChange[]): Plan {
  const count = (action: string): number => changes.filter((c) => c.action === action).length;
  return {
    format_version: 2,
    tool: { name: 'vpcform', version: 'test' },
    created_at: '2024-01-01T00:00:00Z',
    target: { endpoint: 'http://scripted.invalid', project_id: 'p' },
    desired: { path: 'vpcs.yaml', sha256: 'x' },
    summary: { create: count('create'), update: count('update'), delete: count('delete'), no_op: 0, error: 0 },
    changes,
  };
}

export const ids = (n: number, prefix = 'v'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

export interface Lab {
  time: FakeTime;
  client: ScriptedClient;
  events: ApplyEvent[];
  debug: string[];
  run(plan: Plan, options?: ApplyOptions): ReturnType<typeof applyPlan>;
  /** Calls of the client whose text starts with `prefix` (`GET`, `PUT`, `LIST`, `QUOTA`, `DELETE`…). */
  count(prefix: string): number;
}

/** VPCs turning OK `transitionMs` (1.5 s) after a PUT, round trips of `rttMs`, jitter off; `rate`: the real limiter in front. */
export function lab(specs: Array<[string, Partial<ScriptedVpc>?]>, opts: { rttMs?: number; rate?: boolean } = {}): Lab {
  const time = new FakeTime();
  const vpcs = new Map(specs.map(([id, extra]) => [id, { vpc: vpc(id), transitionMs: 1500, ...extra }]));
  const client = new ScriptedClient(time, vpcs, opts.rttMs ?? 20);
  if (opts.rate === true) client.limiter = new RequestLimiter({}, { now: () => time.now, sleep: (ms) => time.sleep(ms) });
  const events: ApplyEvent[] = [];
  const debug: string[] = [];
  return {
    time,
    client,
    events,
    debug,
    run: (plan, options = {}) =>
      time.run(
        applyPlan(plan, client, {
          clock: time.clock,
          sleep: time.sleep,
          pollPolicy: adaptivePollPolicy({ random: () => 0.5 }),
          onEvent: (e) => events.push(e),
          debug: (line) => debug.push(line),
          ...options,
        }),
      ),
    count: (prefix) => client.calls.filter((c) => c.startsWith(prefix)).length,
  };
}

/** For each VPC, how long after its transition ended (PUT answered + `transitionMs`) it was reported done. */
export function noticedAfterEnd(events: ApplyEvent[], transitionMs = 1500): number[] {
  const answered = new Map<string, number>();
  const out: number[] = [];
  for (const e of events) {
    if (e.type === 'put_answered') answered.set(e.address, e.at);
    if (e.type === 'change_done' && answered.has(e.address)) out.push(e.at - (answered.get(e.address) ?? 0) - transitionMs);
  }
  return out;
}
