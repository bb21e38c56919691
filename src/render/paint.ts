/**
 * Minimal ANSI styling for the plain renderers. With color off every function is the identity, so
 * golden files compare unstyled text.
 */
export interface Painter {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const identity = (s: string) => s;

const ON: Painter = {
  enabled: true,
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
};

const OFF: Painter = { enabled: false, bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity };

export function paint(enabled: boolean): Painter {
  return enabled ? ON : OFF;
}

/** Removes ANSI escapes (for width computations and tests). */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}
