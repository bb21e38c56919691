import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/**
 * A tiny scripted upstream on 127.0.0.1:0 for answers the emulator does not give (a reset after the
 * body was read, a hang, exact pages): still real HTTP through the real client. It reads each request
 * body in full before it answers, so a `reset` or a 5xx always comes after the request was written.
 */

export interface SeenRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type ScriptedReply =
  | { status: number; body?: string | object; headers?: Record<string, string> }
  /** Destroy the socket after the body was read (the client sees ECONNRESET). */
  | 'reset'
  /** Never answer (the client's per-attempt timeout fires). */
  | 'hang';

/** `n` is the 1-based number of this request among all requests the server got. */
export type Script = (request: SeenRequest, n: number) => ScriptedReply;

export interface ScriptedServer {
  url: string;
  seen: SeenRequest[];
  /** Requests with this method (and path prefix, when given). */
  count(method: string, pathPrefix?: string): number;
  close(): Promise<void>;
}

const servers = new Set<Server>();

/** A list of replies is played in order, the last one repeating. */
export async function scriptedServer(script: Script | ScriptedReply[]): Promise<ScriptedServer> {
  const play: Script = Array.isArray(script) ? (_req, n) => script[Math.min(n, script.length) - 1]! : script;
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      const reply = play(request, seen.length);
      if (reply === 'reset') {
        req.socket.destroy();
        return;
      }
      if (reply === 'hang') return;
      const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { ...(text !== '' && { 'Content-Type': 'application/json' }), ...reply.headers }).end(text);
    });
  });
  servers.add(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen,
    count: (method, pathPrefix) => seen.filter((r) => r.method === method && (pathPrefix === undefined || r.url.startsWith(pathPrefix))).length,
    close: () => closeServer(server),
  };
}

async function closeServer(server: Server): Promise<void> {
  servers.delete(server);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** For afterEach: closes every scripted server still open. */
export async function closeScriptedServers(): Promise<void> {
  await Promise.all([...servers].map(closeServer));
}

/** A VPC body as the v1 API returns it. */
export function vpcJson(id: string, extra: Record<string, unknown> = {}): { vpc: Record<string, unknown> } {
  return { vpc: { id, name: 'n', cidr: '10.0.0.0/8', status: 'OK', routes: [], ...extra } };
}
