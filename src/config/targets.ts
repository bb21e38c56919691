import { VpcformError } from '../errors/index.js';
import { closest } from './suggest.js';
import type { DesiredState } from './types.js';

/**
 * `--target ADDRESS`: which entries of the loaded files a command works on. Pure; the files are
 * loaded and validated whole first, so uniqueness and every file rule stay file-wide.
 *
 * An address is `vpcs.<key>` (as plans and output print it) or the bare `<key>`: keys never hold a dot
 * (the schema's `propertyNames`), so the two forms cannot be confused.
 */
const KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const PREFIX = 'vpcs.';

/** `vpcs.web` and `web` -> `vpcs.web`. Anything else is a USAGE error that shows the form. */
export function targetAddress(text: string): string {
  const trimmed = text.trim();
  const key = trimmed.startsWith(PREFIX) ? trimmed.slice(PREFIX.length) : trimmed;
  if (KEY.test(key)) return `${PREFIX}${key}`;
  const whole = /^(?:vpcs\.)?([A-Za-z_][A-Za-z0-9_-]{0,63})\./.exec(trimmed)?.[1];
  throw new VpcformError('USAGE', {
    summary: `--target ${JSON.stringify(text)} is not a VPC address`,
    detail: 'An address names one entry under `vpcs:`: `vpcs.<key>`, or just `<key>`.',
    hint: whole !== undefined ? `--target picks whole VPCs: --target ${PREFIX}${whole}` : 'For example --target vpcs.web (or --target web).',
  });
}

/** One file and the addresses of it that are targeted, in file order. */
export interface TargetedState {
  state: DesiredState;
  targets: string[];
}

/**
 * The files that hold at least one targeted address, each with the addresses it holds. An address may
 * be in several files (each file has its own target project): it is targeted in each. An address in
 * none is an error naming it, with the closest address of the files when one looks like a slip —
 * nothing is read before every address is known.
 */
export function selectTargets(states: readonly DesiredState[], requested: readonly string[]): TargetedState[] {
  const wanted = new Set(requested.map(targetAddress));
  const known = new Set(states.flatMap((s) => s.vpcs.map((v) => v.address)));
  const unknown = [...wanted].filter((a) => !known.has(a));
  if (unknown.length > 0) throw unknownTargets(unknown, known, states);
  return states.flatMap((state) => {
    const targets = state.vpcs.filter((v) => wanted.has(v.address)).map((v) => v.address);
    return targets.length > 0 ? [{ state, targets }] : [];
  });
}

/** The file with only the given entries (file order kept). Its path, hash and source map stay the file's. */
export function narrowState(state: DesiredState, addresses: ReadonlySet<string>): DesiredState {
  return { ...state, vpcs: state.vpcs.filter((v) => addresses.has(v.address)) };
}

function unknownTargets(unknown: readonly string[], known: ReadonlySet<string>, states: readonly DesiredState[]): VpcformError {
  const keys = [...known].map((a) => a.slice(PREFIX.length));
  const guess = (address: string): string | undefined => {
    const key = closest(address.slice(PREFIX.length), keys);
    return key === undefined ? undefined : `${PREFIX}${key}`;
  };
  const files = states.map((s) => s.file).join(', ');
  const lines = unknown.map((a) => {
    const g = guess(a);
    return g === undefined ? `${a}: no such VPC` : `${a}: no such VPC; did you mean ${g}?`;
  });
  const first = unknown[0] as string;
  const firstGuess = guess(first);
  const listed = [...known].slice(0, 10).join(', ');
  return new VpcformError('TARGET_UNKNOWN', {
    summary:
      unknown.length === 1
        ? `--target ${first} names no VPC in ${files}${firstGuess !== undefined ? `; did you mean ${firstGuess}?` : ''}`
        : `--target names ${unknown.length} VPCs that are not in ${files}: ${unknown.join(', ')}`,
    ...(unknown.length > 1 && { detail: lines.join('\n') }),
    hint: known.size === 0 ? 'The files declare no VPCs.' : `The files declare ${listed}${known.size > 10 ? `, and ${known.size - 10} more` : ''}.`,
  });
}
