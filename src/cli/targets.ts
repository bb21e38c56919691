import { selectTargets } from '../config/targets.js';
import type { DesiredState } from '../config/types.js';
import { writeLine, type CliIO } from './io.js';

/** A loaded file and, with `--target`, the addresses of it to work on. */
export interface StateToRun {
  state: DesiredState;
  targets?: string[];
}

/**
 * `--target` for plan, apply -f and drift, after the files are loaded and validated whole: every
 * address must name a VPC of some file (`TARGET_UNKNOWN` otherwise, before any read); a file holding
 * none of them is left out, not read, and stderr says so.
 */
export function statesToRun(states: readonly DesiredState[], requested: readonly string[] | undefined, io: CliIO): StateToRun[] {
  if (requested === undefined || requested.length === 0) return states.map((state) => ({ state }));
  const selected = selectTargets(states, requested);
  for (const state of states) {
    if (!selected.some((s) => s.state === state)) writeLine(io.stderr, `Note: ${state.file} holds none of the targeted VPCs: it is not read.`);
  }
  return selected;
}
