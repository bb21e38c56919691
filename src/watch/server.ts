import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { VpcformError } from '../errors/index.js';
import type { Readiness } from './types.js';

export interface MetricsServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The Prometheus text and its content type. */
  metrics: () => Promise<{ text: string; contentType: string }>;
  readiness: () => Readiness;
}

export interface MetricsServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * `/metrics` (Prometheus text format), `/healthz` (the process answers: alive) and `/readyz` (200
 * when the last check of every target succeeded within two intervals, else 503 with the reasons).
 * GET and HEAD only; nothing else is served.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    void answer(req, res, options).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const port = await new Promise<number>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        new VpcformError('WATCH_LISTEN', {
          summary: `The metrics server cannot listen on ${formatHost(options.host)}:${options.port}: ${err.code ?? err.message}`,
          hint: err.code === 'EADDRINUSE' ? 'Another process uses that port: pick another with --metrics-addr (port 0 = any free port).' : 'Check --metrics-addr.',
          cause: err,
        }),
      );
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : options.port);
    });
  });
  return {
    url: `http://${formatHost(options.host)}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, options: MetricsServerOptions): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
  switch (path) {
    case '/metrics': {
      const { text, contentType } = await options.metrics();
      return send(res, 200, contentType, text);
    }
    case '/healthz':
      return send(res, 200, 'text/plain; charset=utf-8', 'ok\n');
    case '/readyz': {
      const readiness = options.readiness();
      const lines = readiness.targets.map((t) => `${t.ready ? 'ok' : 'not ready'}: ${t.target}${t.ready ? '' : ` (${t.reason})`}`);
      return send(res, readiness.ready ? 200 : 503, 'text/plain; charset=utf-8', `${[readiness.ready ? 'ready' : 'not ready', ...lines].join('\n')}\n`);
    }
    case '/':
      return send(res, 200, 'text/plain; charset=utf-8', 'vpcform watch: /metrics /healthz /readyz\n');
    default:
      return send(res, 404, 'text/plain; charset=utf-8', 'not found: /metrics /healthz /readyz\n');
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
