import { FAULT_KINDS, type AfterUpdate, type FaultConfig, type FaultKind, type ScriptedFault } from './types.js';

/** mulberry32: a tiny seeded PRNG, so a fault sequence replays exactly from `--fault-seed`. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function defaultFaultConfig(): FaultConfig {
  return {
    latency_ms: 0,
    rate_limit_rps: 0,
    retry_after_s: 0,
    fault_rate: 0,
    after_write_share: 0.5,
    kinds: ['500', '502', '503', 'reset'],
    seed: 1,
    vpc_status: {},
    create_status: {},
    delete_status: {},
    next: [],
  };
}

/** What the fault layer decided for one request. */
export interface FaultDecision {
  kind: FaultKind;
  /** Strike after the request was carried out. */
  after: boolean;
}

export interface RequestFacts {
  route: string;
  isWrite: boolean;
  /** VPC id and, when known, its current name. */
  vpcId?: string;
  vpcName?: string;
}

/**
 * Decides latency, throttling and failures for each API request. Every decision draws from one
 * seeded PRNG in request order, so the same request sequence meets the same faults.
 */
export class FaultInjector {
  private config: FaultConfig;
  private random: () => number;
  private tokens = 0;
  private lastRefill = 0;

  constructor(
    initial: FaultConfig,
    private readonly now: () => number,
  ) {
    this.config = initial;
    this.random = mulberry32(initial.seed);
    this.tokens = Math.max(1, initial.rate_limit_rps);
    this.lastRefill = now();
  }

  current(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Replaces the given keys; a new `seed` restarts the PRNG. */
  update(patch: Partial<FaultConfig>): FaultConfig {
    this.config = { ...this.config, ...structuredClone(patch) };
    if (patch.seed !== undefined) this.random = mulberry32(patch.seed);
    if (patch.rate_limit_rps !== undefined) {
      this.tokens = Math.max(1, patch.rate_limit_rps);
      this.lastRefill = this.now();
    }
    return this.current();
  }

  latencyMs(): number {
    return this.config.latency_ms;
  }

  /** Token bucket of `rate_limit_rps` tokens/s with a burst of one second's worth (at least one request). */
  takeToken(): boolean {
    const rps = this.config.rate_limit_rps;
    if (rps <= 0) return true;
    const now = this.now();
    this.tokens = Math.min(Math.max(1, rps), this.tokens + ((now - this.lastRefill) / 1000) * rps);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  rateLimit(): number {
    return this.config.rate_limit_rps;
  }

  /** Seconds for a `Retry-After` header on 429, or undefined (the real gateway documents none). */
  retryAfterSeconds(): number | undefined {
    return this.config.retry_after_s > 0 ? this.config.retry_after_s : undefined;
  }

  /** A scripted fault first, else a random one at `fault_rate`; undefined = no fault. */
  decide(facts: RequestFacts): FaultDecision | undefined {
    const scripted = this.takeScripted(facts);
    if (scripted) return { kind: scripted.fault, after: scripted.after === true && facts.isWrite };
    if (this.config.fault_rate <= 0) return undefined;
    if (this.random() >= this.config.fault_rate) return undefined;
    const kinds = this.config.kinds.length > 0 ? this.config.kinds : FAULT_KINDS;
    const kind = kinds[Math.floor(this.random() * kinds.length)] ?? '500';
    const after = facts.isWrite && kind !== '429' && this.random() < this.config.after_write_share;
    return { kind, after };
  }

  /** What happens to a VPC after an update: by id first, then by its old or new name. */
  afterUpdate(id: string, names: readonly string[]): AfterUpdate {
    return byIdOrName(this.config.vpc_status, id, names);
  }

  /** What a deleted VPC does after `PENDING_DELETE`: by id first, then by name. */
  afterDelete(id: string, name: string): AfterUpdate {
    return byIdOrName(this.config.delete_status, id, [name]);
  }

  /** What a created VPC does after `CREATING`: its exact name first, then the first matching `*` pattern. */
  afterCreate(name: string): AfterUpdate {
    const table = this.config.create_status;
    const exact = table[name];
    if (exact) return exact;
    for (const [pattern, outcome] of Object.entries(table)) {
      if (pattern.includes('*') && globToRegExp(pattern).test(name)) return outcome;
    }
    return 'ok';
  }

  private takeScripted(facts: RequestFacts): ScriptedFault | undefined {
    const index = this.config.next.findIndex(
      (f) =>
        (f.route === undefined || f.route === '*' || f.route === facts.route) &&
        (f.vpc === undefined || f.vpc === facts.vpcId || f.vpc === facts.vpcName),
    );
    if (index < 0) return undefined;
    const [fault] = this.config.next.splice(index, 1);
    return fault;
  }
}

function byIdOrName(table: Record<string, AfterUpdate>, id: string, names: readonly string[]): AfterUpdate {
  const byId = table[id];
  if (byId) return byId;
  for (const name of names) {
    const byName = name === '' ? undefined : table[name];
    if (byName) return byName;
  }
  return 'ok';
}

/** `vpc-*-broken` -> /^vpc-.*-broken$/ (only `*` is special). */
function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function parseOutcomes(key: string, v: unknown): Record<string, AfterUpdate> | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${key} must be an object`;
  const entries = Object.entries(v as Record<string, unknown>);
  if (!entries.every(([, s]) => s === 'ok' || s === 'stuck' || s === 'error')) return `${key} values must be "ok", "stuck" or "error"`;
  return Object.fromEntries(entries) as Record<string, AfterUpdate>;
}

/** Checks a `POST /_emulator/faults` body; returns the patch or a reason. */
export function parseFaultPatch(value: unknown): { patch: Partial<FaultConfig> } | { reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: 'body must be a JSON object' };
  const input = value as Record<string, unknown>;
  const patch: Partial<FaultConfig> = {};
  for (const [key, v] of Object.entries(input)) {
    switch (key) {
      case 'latency_ms':
      case 'rate_limit_rps':
      case 'retry_after_s':
      case 'seed':
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return { reason: `${key} must be a number >= 0` };
        patch[key] = v;
        break;
      case 'fault_rate':
      case 'after_write_share':
        if (typeof v !== 'number' || v < 0 || v > 1) return { reason: `${key} must be a number in 0..1` };
        patch[key] = v;
        break;
      case 'kinds':
        if (!Array.isArray(v) || !v.every((k) => FAULT_KINDS.includes(k as FaultKind))) {
          return { reason: `kinds must be a list of ${FAULT_KINDS.join(', ')}` };
        }
        patch.kinds = v as FaultKind[];
        break;
      case 'vpc_status':
      case 'create_status':
      case 'delete_status': {
        const outcomes = parseOutcomes(key, v);
        if (typeof outcomes === 'string') return { reason: outcomes };
        patch[key] = outcomes;
        break;
      }
      case 'next': {
        if (!Array.isArray(v)) return { reason: 'next must be a list' };
        const next: ScriptedFault[] = [];
        for (const item of v) {
          if (typeof item !== 'object' || item === null) return { reason: 'next items must be objects' };
          const f = item as Record<string, unknown>;
          if (!FAULT_KINDS.includes(f['fault'] as FaultKind)) return { reason: `next[].fault must be one of ${FAULT_KINDS.join(', ')}` };
          next.push({
            fault: f['fault'] as FaultKind,
            ...(typeof f['route'] === 'string' && { route: f['route'] }),
            ...(typeof f['vpc'] === 'string' && { vpc: f['vpc'] }),
            ...(f['after'] === true && { after: true }),
          });
        }
        patch.next = next;
        break;
      }
      default:
        return { reason: `unknown key ${key}` };
    }
  }
  return { patch };
}
