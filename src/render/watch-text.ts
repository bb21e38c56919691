import { assertNever } from '../errors/index.js';
import type { FieldDrift } from '../drift/types.js';
import type { CycleCheck, VpcDriftState, WatchEvent } from '../watch/types.js';
import { formatDuration } from './apply-format.js';
import { formatDriftValue } from './drift-values.js';
import { formatDiagnostic } from './error-text.js';
import type { Painter } from './paint.js';

/**
 * The human log of `vpcform watch`: a short line per cycle, a line when a VPC starts or stops
 * drifting ("live has X, git says Y"), a line per heal and per problem. Nothing per unchanged VPC.
 * Each line starts with the UTC time (second precision), as a log under journald or kubectl wants it.
 * Pure: reads the same events `--json` prints. Returns no lines for events that only feed metrics.
 */
export function watchLines(event: WatchEvent, p: Painter): string[] {
  const t = (text: string): string => `${p.dim(stamp(event.at))} ${text}`;
  switch (event.type) {
    case 'watch_start':
      return [t(`watching ${event.paths.join(', ')} every ${formatDuration(event.interval_ms)}; healing ${healMode(event)}`)];
    case 'desired_loaded': {
      const what = `${event.vpcs} VPC${event.vpcs === 1 ? '' : 's'}`;
      const head = event.first ? `loaded ${event.target}: ${what}` : `${event.target} changed: ${what} (sha256 ${event.sha256.slice(0, 12)})`;
      return [t(head), ...event.warnings.map((d) => indent(formatDiagnostic(d, p)))];
    }
    case 'desired_invalid': {
      const head =
        event.scope === 'path'
          ? `${event.target} cannot be read; ${event.kept ? 'still watching the last valid files' : 'nothing to watch yet'}`
          : `${event.target} is invalid; ${event.kept ? 'still watching its last valid state' : 'not watched until it is valid'}`;
      return [t(p.red(head)), ...event.diagnostics.map((d) => indent(formatDiagnostic(d, p)))];
    }
    case 'desired_removed':
      return [t(`${event.target} is gone: no longer watched`)];
    case 'drift_started':
      return [t(`${p.yellow('drift started:')} ${driftText(event, p)}`)];
    case 'drift_changed':
      return [t(`${p.yellow('drift changed:')} ${driftText(event, p)}`)];
    case 'drift_stopped':
      return [
        t(
          event.reason === 'in_sync'
            ? `${p.green('back in sync:')} ${who(event)} [${event.target}]`
            : `no longer in the file: ${who(event)} [${event.target}]`,
        ),
      ];
    case 'check_ok':
      return [];
    case 'check_failed': {
      const lines = [t(`${p.red(`check of ${event.target} failed`)} ${p.dim(`[${event.error.code}]`)}: ${event.error.summary}; retry in ${formatDuration(event.retry_in_ms)} (failure ${event.failures})`)];
      if (event.error.hint !== undefined && event.failures === 1) lines.push(`    ${p.cyan('hint:')} ${event.error.hint}`);
      return lines;
    }
    case 'heal_done':
      return healDoneLines(event, p, t);
    case 'heal_failed':
      return [t(`${p.red(`heal of ${event.target} could not start`)} ${p.dim(`[${event.error.code}]`)}: ${event.error.summary}; nothing was written`)];
    case 'heal_skipped':
      return [
        t(
          event.reason === 'deletes_not_enabled'
            ? `not healing ${who(event)} [${event.target}]: git marks it absent; deleting needs --heal-deletes`
            : `not healing ${who(event)} [${event.target}] yet: it waits for a change that is not healed now`,
        ),
      ];
    case 'cycle':
      return [t(cycleText(event.cycle, event.checks, event.invalid, event.ready, event.next_in_ms, event.duration_ms))];
    case 'watch_stop':
      return [t(`stopped after ${event.cycles} cycle${event.cycles === 1 ? '' : 's'}${event.reason === 'signal' ? '' : ' (cycle limit reached)'}`)];
    default:
      return assertNever(event, 'watch event');
  }
}

function healMode(event: { heal: boolean; heal_deletes: boolean }): string {
  if (!event.heal) return 'off (read only)';
  return event.heal_deletes ? 'on, deletes included' : 'on (no deletes)';
}

function healDoneLines(event: Extract<WatchEvent, { type: 'heal_done' }>, p: Painter, t: (s: string) => string): string[] {
  const subject = `${who(event)} [${event.target}]`;
  const retry = event.retry_in_ms === undefined ? '' : `; next try in ${formatDuration(event.retry_in_ms)}`;
  const why = event.failure === undefined ? '' : ` ${p.dim(`[${event.failure.code}]`)}: ${event.failure.message}`;
  switch (event.result) {
    case 'created':
    case 'updated':
    case 'deleted':
      return [t(`${p.green('healed:')} ${subject} ${event.result}`)];
    case 'unchanged':
      return [t(`${p.green('healed:')} ${subject} was already in line`)];
    case 'failed':
      return [t(`${p.red('heal failed:')} ${subject} (${event.action})${why}${retry}`)];
    case 'refused':
      return [t(`${p.red('heal refused by the plan:')} ${subject} (${event.action})${why}${retry}`)];
    case 'pending':
      return [t(`${p.red('heal left pending:')} ${subject}: the ${event.action} was sent and had not settled when the watch stopped; run \`vpcform drift\` to see where it ended`)];
    case 'not_started':
      return [t(`heal not started: ${subject} (${event.action}): the watch was stopping`)];
    default:
      return assertNever(event.result, 'heal result');
  }
}

function cycleText(cycle: number, checks: CycleCheck[], invalid: string[], ready: boolean, nextMs: number, durationMs: number): string {
  const heals = (c: CycleCheck): string => {
    const done = [c.healed ? `${c.healed} healed` : '', c.heal_failures ? `${c.heal_failures} heal${c.heal_failures === 1 ? '' : 's'} failed` : ''].filter(Boolean);
    return done.length > 0 ? ` (${done.join(', ')})` : '';
  };
  const parts = checks.map((c) => {
    switch (c.result) {
      case 'in_sync':
        return `${c.target}: ${c.vpcs ?? 0} in sync`;
      case 'drift':
        return `${c.target}: ${c.not_in_sync ?? 0} of ${c.vpcs ?? 0} not in sync${heals(c)}`;
      case 'error':
        return `${c.target}: check failed`;
      default:
        return assertNever(c.result, 'check result');
    }
  });
  if (parts.length === 0) parts.push('nothing due');
  if (invalid.length > 0) parts.push(`invalid: ${invalid.join(', ')}`);
  return `cycle ${cycle}: ${parts.join('; ')} (${formatDuration(durationMs)})${ready ? '' : '; not ready'}; next in ${formatDuration(nextMs)}`;
}

function driftText(vpc: VpcDriftState & { target: string }, p: Painter): string {
  const head = `${who(vpc)} [${vpc.target}]`;
  switch (vpc.status) {
    case 'drifted':
      return `${head}: ${vpc.fields.map((f) => fieldText(f, p)).join('; ')}`;
    case 'missing':
    case 'unwanted':
    case 'error':
      return `${head}: ${vpc.message ?? vpc.status}`;
    default:
      return assertNever(vpc.status, 'drift status');
  }
}

function fieldText(f: FieldDrift, p: Painter): string {
  const git = f.managed ? `git says ${p.green(formatDriftValue(f.desired))}` : 'git does not manage it';
  return `${f.path}: live has ${p.red(formatDriftValue(f.live))}, ${git}`;
}

function who(s: { address: string; id?: string }): string {
  return s.id === undefined ? s.address : `${s.address} (${s.id})`;
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}

/** `2024-05-01T10:00:00Z`. */
function stamp(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19)}Z`;
}
