import type { CloudClient } from '../../cloud/types.js';
import { VpcformError } from '../../errors/index.js';
import { paint } from '../../render/paint.js';
import { watchLines } from '../../render/watch-text.js';
import { VERSION } from '../../version.js';
import { WatchMetrics } from '../../watch/metrics.js';
import { startMetricsServer } from '../../watch/server.js';
import type { Readiness, WatchEvent } from '../../watch/types.js';
import { DEFAULT_GRACE_MS, Watcher } from '../../watch/watcher.js';
import { parseDuration } from '../apply/duration.js';
import { connect } from '../connect.js';
import { colorEnabled, writeLine, type CliIO, type GlobalOptions } from '../io.js';
import { DEFAULT_METRICS_ADDR, parseListenAddress } from './listen-address.js';

export interface WatchFlags {
  file?: string[];
  interval?: string;
  metricsAddr?: string;
  heal?: boolean;
  healDeletes?: boolean;
  grace?: string;
  endpoint?: string;
}

export const DEFAULT_INTERVAL = '5m';

/**
 * Each HTTP call of a watch gives up sooner than a one-off command's (3 attempts, not 6): the next
 * check is the real retry, on the watch's own back-off, and a cycle stuck in client retries would
 * hide an outage from /readyz.
 */
const WATCH_RETRY = { maxAttempts: 3 };

/**
 * `vpcform watch`: runs the watch loop until SIGTERM/SIGINT, serving metrics, /healthz and /readyz,
 * and logging each event (JSON lines with --json). Exits 0 when stopped by a signal; 1 only for a
 * bad command line or a metrics address it cannot bind — once running, nothing else ends it.
 */
export async function runWatch(flags: WatchFlags, io: CliIO, globals: GlobalOptions & { colorFlag: boolean | undefined }): Promise<number> {
  const paths = flags.file ?? [];
  if (paths.length === 0) {
    throw new VpcformError('USAGE', { summary: 'No desired-state file given', hint: 'Pass -f FILE or -f DIR, e.g. `vpcform watch -f vpcs.yaml`.' });
  }
  if (flags.healDeletes === true && flags.heal !== true) {
    throw new VpcformError('USAGE', { summary: '--heal-deletes needs --heal', hint: 'Pass both to let the watch delete VPCs git marks ensure: absent.' });
  }
  const intervalMs = parseDuration(flags.interval ?? DEFAULT_INTERVAL, '--interval');
  const graceMs = flags.grace === undefined ? DEFAULT_GRACE_MS : parseDuration(flags.grace, '--grace');
  const listen = parseListenAddress(flags.metricsAddr ?? DEFAULT_METRICS_ADDR);

  const p = paint(colorEnabled(io, globals.colorFlag, io.stdoutIsTTY));
  const write = (event: WatchEvent): void => {
    if (globals.json) writeLine(io.stdout, JSON.stringify(event));
    else for (const line of watchLines(event, p)) writeLine(io.stdout, line);
  };
  // Read at scrape time only, once the watcher exists.
  const readiness = (): Readiness => watcher.readiness();
  const metrics = new WatchMetrics({ processMetrics: true, readiness });
  const watcher = new Watcher({
    paths,
    cwd: io.cwd,
    intervalMs,
    heal: flags.heal === true,
    healDeletes: flags.healDeletes === true,
    graceMs,
    signal: io.signal,
    toolVersion: VERSION,
    connect: (target) =>
      connect(target, {
        io,
        debug: globals.debug,
        ...(flags.endpoint !== undefined && { endpointOverride: flags.endpoint }),
        client: { onExchange: (info) => metrics.exchange(info), retry: WATCH_RETRY },
      }),
    release: closeClient,
    onEvent: (event) => {
      metrics.observe(event);
      write(event);
    },
  });

  const server = await startMetricsServer({
    ...listen,
    metrics: async () => ({ text: await metrics.text(), contentType: metrics.contentType }),
    readiness,
  });
  try {
    if (globals.json) writeLine(io.stdout, JSON.stringify({ type: 'listening', at: Date.now(), url: server.url }));
    else writeLine(io.stdout, `metrics on ${server.url}/metrics (also /healthz, /readyz)`);
    await watcher.run();
  } finally {
    await server.close();
  }
  return 0;
}

/** HTTP clients hold keep-alive sockets: a client no target uses any more lets them go. */
function closeClient(client: CloudClient): void {
  const closable = client as CloudClient & { close?: () => void };
  closable.close?.();
}
