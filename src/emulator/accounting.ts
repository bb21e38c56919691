import type { EmulatorStats, RequestLogEntry } from './types.js';

const LOG_CAPACITY = 50_000;

/** Per-route counters and a bounded log of API requests (control routes are never counted). */
export class Accounting {
  private total = 0;
  private routes = new Map<string, number>();
  private log: RequestLogEntry[] = [];
  private seq = 0;

  count(routeKey: string): void {
    this.total += 1;
    this.routes.set(routeKey, (this.routes.get(routeKey) ?? 0) + 1);
  }

  record(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.seq += 1;
    this.log.push({ seq: this.seq, ...entry });
    if (this.log.length > LOG_CAPACITY) this.log.splice(0, this.log.length - LOG_CAPACITY);
  }

  stats(): EmulatorStats {
    return { total: this.total, routes: Object.fromEntries(this.routes) };
  }

  requests(): RequestLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  resetCounters(): void {
    this.total = 0;
    this.routes = new Map();
  }

  resetLog(): void {
    this.log = [];
  }
}
