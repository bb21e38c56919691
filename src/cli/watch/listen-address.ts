import { isIP } from 'node:net';
import { VpcformError } from '../../errors/index.js';

export const DEFAULT_METRICS_ADDR = '127.0.0.1:9464';

/**
 * `--metrics-addr`: `HOST:PORT`, `[IPV6]:PORT`, or a bare `PORT` / `:PORT`, which bind 127.0.0.1 —
 * never every interface unless asked for by name (`0.0.0.0:9464`, `[::]:9464`). Port 0 = any free one.
 */
export function parseListenAddress(text: string): { host: string; port: number } {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(trimmed);
  let host: string;
  let portText: string;
  if (bracketed !== null) {
    host = bracketed[1] ?? '';
    portText = bracketed[2] ?? '';
  } else if (/^:?\d+$/.test(trimmed)) {
    host = '127.0.0.1';
    portText = trimmed.replace(/^:/, '');
  } else {
    const colon = trimmed.lastIndexOf(':');
    host = colon > 0 ? trimmed.slice(0, colon) : '';
    portText = colon > 0 ? trimmed.slice(colon + 1) : '';
  }
  const port = Number(portText);
  const hostOk = host === 'localhost' || isIP(host) !== 0 || /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(host);
  if (!/^\d+$/.test(portText) || port > 65535 || !hostOk || (bracketed === null && host.includes(':'))) {
    throw new VpcformError('USAGE', {
      summary: `--metrics-addr ${JSON.stringify(text)} is not HOST:PORT`,
      hint: `For example --metrics-addr ${DEFAULT_METRICS_ADDR} (the default), --metrics-addr 0.0.0.0:9464 for every interface, or [::1]:9464.`,
    });
  }
  return { host, port };
}
