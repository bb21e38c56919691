import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ExchangeInfo } from '../cloud/types.js';
import type { DriftStatus } from '../drift/types.js';
import { assertNever } from '../errors/index.js';
import type { CheckResult, HealResult, Readiness, WatchEvent } from './types.js';

const STATUSES: readonly DriftStatus[] = ['in_sync', 'drifted', 'missing', 'unwanted', 'error'];
const CHECK_RESULTS: readonly CheckResult[] = ['in_sync', 'drift', 'error'];
/** `error`: the heal could not start (its plan's reads failed). */
const HEAL_RESULTS: ReadonlyArray<HealResult | 'error'> = ['created', 'updated', 'deleted', 'unchanged', 'failed', 'pending', 'not_started', 'refused', 'error'];

export interface WatchMetricsOptions {
  /** Node's process metrics (`process_resident_memory_bytes`, `process_open_fds`…). One registry per process should have them. */
  processMetrics?: boolean;
  /** Read at scrape time for `vpcform_ready`. */
  readiness?: () => Readiness;
}

/**
 * The Prometheus metrics of `vpcform watch`, fed by its events and by the cloud client's exchanges.
 * Its own registry (never prom-client's global one), so two watches in one process do not collide.
 * A target gone from the desired files takes its series with it: label sets stay bounded.
 */
export class WatchMetrics {
  readonly registry = new Registry();
  private readonly drifted: Gauge<'target'>;
  private readonly managed: Gauge<'target'>;
  private readonly vpcs: Gauge<'target' | 'status'>;
  private readonly lastSuccess: Gauge<'target'>;
  private readonly valid: Gauge<'target'>;
  private readonly checks: Counter<'target' | 'result'>;
  private readonly duration: Histogram;
  private readonly requests: Counter<'method' | 'route' | 'code'>;
  private readonly heals: Counter<'target' | 'result'>;
  private readonly cycles: Counter;

  constructor(options: WatchMetricsOptions = {}) {
    const registers = [this.registry];
    this.drifted = new Gauge({ name: 'vpcform_drifted_vpcs', help: 'VPCs not in line with git at the last successful check (drifted, missing or to be deleted).', labelNames: ['target'], registers });
    this.managed = new Gauge({ name: 'vpcform_managed_vpcs', help: 'VPCs the desired-state file declares.', labelNames: ['target'], registers });
    this.vpcs = new Gauge({ name: 'vpcform_vpcs', help: 'VPCs by drift status at the last successful check.', labelNames: ['target', 'status'], registers });
    this.lastSuccess = new Gauge({ name: 'vpcform_last_success_timestamp_seconds', help: 'When the last successful check of the target ended (Unix time).', labelNames: ['target'], registers });
    this.valid = new Gauge({ name: 'vpcform_desired_state_valid', help: '1 when the file read at the last cycle is valid; 0 when it is not (its last valid state is still watched, if any).', labelNames: ['target'], registers });
    this.checks = new Counter({ name: 'vpcform_checks_total', help: 'Drift checks by result: in_sync, drift, error (the check failed).', labelNames: ['target', 'result'], registers });
    this.duration = new Histogram({ name: 'vpcform_check_duration_seconds', help: 'How long one drift check of one target took.', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers });
    this.requests = new Counter({ name: 'vpcform_api_requests_total', help: 'HTTP requests to the cloud API (every attempt) by method, route template and status code (or network error).', labelNames: ['method', 'route', 'code'], registers });
    this.heals = new Counter({ name: 'vpcform_heal_total', help: 'Heals tried per VPC, by result (created, updated, deleted, failed, pending, refused…).', labelNames: ['target', 'result'], registers });
    this.cycles = new Counter({ name: 'vpcform_cycles_total', help: 'Watch cycles run.', registers });
    const { readiness } = options;
    if (readiness !== undefined) {
      new Gauge({
        name: 'vpcform_ready',
        help: '1 when the last check of every target succeeded within two intervals (what /readyz answers).',
        registers,
        collect() {
          this.set(readiness().ready ? 1 : 0);
        },
      });
    }
    if (options.processMetrics === true) collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** For `CreateClientOptions.onExchange`. The route label is the path template (`/v1/{project_id}/vpcs`). */
  exchange(info: ExchangeInfo): void {
    const route = info.route.startsWith(`${info.method} `) ? info.route.slice(info.method.length + 1) : info.route;
    this.requests.inc({ method: info.method, route, code: info.status === undefined ? (info.failure ?? 'error') : String(info.status) });
  }

  observe(event: WatchEvent): void {
    switch (event.type) {
      case 'desired_loaded':
        this.valid.set({ target: event.target }, 1);
        for (const result of CHECK_RESULTS) this.checks.inc({ target: event.target, result }, 0);
        break;
      case 'desired_invalid':
        if (event.scope === 'file') this.valid.set({ target: event.target }, 0);
        break;
      case 'desired_removed':
        this.forget(event.target);
        break;
      case 'check_ok': {
        const s = event.summary;
        this.drifted.set({ target: event.target }, s.drifted + s.missing + s.unwanted);
        this.managed.set({ target: event.target }, s.vpcs);
        for (const status of STATUSES) this.vpcs.set({ target: event.target, status }, s[status]);
        this.lastSuccess.set({ target: event.target }, event.at / 1000);
        this.checks.inc({ target: event.target, result: s.vpcs - s.in_sync > 0 ? 'drift' : 'in_sync' });
        this.duration.observe(event.duration_ms / 1000);
        break;
      }
      case 'check_failed':
        this.checks.inc({ target: event.target, result: 'error' });
        this.duration.observe(event.duration_ms / 1000);
        break;
      case 'heal_done':
        this.heals.inc({ target: event.target, result: event.result });
        break;
      case 'heal_failed':
        this.heals.inc({ target: event.target, result: 'error' });
        break;
      case 'cycle':
        this.cycles.inc();
        break;
      case 'watch_start':
      case 'drift_started':
      case 'drift_changed':
      case 'drift_stopped':
      case 'heal_skipped':
      case 'watch_stop':
        break;
      default:
        assertNever(event, 'watch event');
    }
  }

  private forget(target: string): void {
    for (const gauge of [this.drifted, this.managed, this.lastSuccess, this.valid]) gauge.remove({ target });
    for (const status of STATUSES) this.vpcs.remove({ target, status });
    for (const result of CHECK_RESULTS) this.checks.remove({ target, result });
    for (const result of HEAL_RESULTS) this.heals.remove({ target, result });
  }
}
