import { VpcformError } from '../../errors/index.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `10m`, `90s`, `1m30s`, `500ms`, `1h`; a bare number is seconds. For `--timeout`. */
export function parseDuration(text: string, flag: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const consumed = parts.map((m) => m[0]).join('');
  if (parts.length === 0 || consumed !== trimmed) {
    throw new VpcformError('USAGE', { summary: `${flag} ${JSON.stringify(text)} is not a duration`, hint: `Write it like 10m, 90s, 1m30s or 500ms.` });
  }
  const ms = parts.reduce((total, m) => total + Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 1000), 0);
  if (ms <= 0) throw new VpcformError('USAGE', { summary: `${flag} must be longer than zero`, hint: 'For example --timeout 10m.' });
  return ms;
}

export function parsePositiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new VpcformError('USAGE', { summary: `${flag} must be a whole number of at least 1, got ${JSON.stringify(text)}`, hint: `For example ${flag} 10.` });
  }
  return n;
}
