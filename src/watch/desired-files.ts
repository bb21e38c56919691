import type { DesiredState } from '../config/types.js';
import type { Diagnostic } from '../errors/index.js';
import { loadDesired } from '../io/read-desired.js';
import type { WatchEvent } from './types.js';

/** What one reload found: the states to watch now, and what to report about the files. */
export interface Reloaded {
  /** By file, in load order: the current state of each valid file, the last valid one of an invalid file. */
  states: Map<string, DesiredState>;
  /** Files (or paths) that cannot be used as they are now, kept or not. */
  invalid: string[];
  /** Invalid files that were never valid: nothing of them is watched. */
  unwatched: string[];
  events: WatchEvent[];
}

/**
 * The desired-state files of a watch, re-read every cycle so that a git-sync sidecar or a cron
 * `git pull` can change them under a running process. A file that became invalid keeps its last
 * valid state (reported once, and again when its errors change); a file that was never valid is
 * reported and not watched; a file gone from a directory that was listed is dropped. A path that
 * cannot be read at all (a directory swapped out mid-sync) drops nothing.
 */
export class DesiredFiles {
  private readonly valid = new Map<string, DesiredState>();
  /** The errors last reported per file, so that an unchanged invalid file is not reported every cycle. */
  private readonly reported = new Map<string, string>();

  constructor(
    private readonly paths: readonly string[],
    private readonly cwd: string,
  ) {}

  async reload(at: number): Promise<Reloaded> {
    const { states, diagnostics, files = [] } = await loadDesired([...this.paths], { cwd: this.cwd });
    const events: WatchEvent[] = [];
    const loaded = new Map(states.map((s) => [s.file, s]));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const seen = new Set(files);
    // Errors about a path rather than a file (not found, unlistable, no files at all).
    const pathErrors = errors.filter((d) => d.location === undefined && !files.some((f) => d.summary.startsWith(`${f} `)));
    const invalid: string[] = [];
    const unwatched: string[] = [];

    for (const file of files) {
      const state = loaded.get(file);
      if (state !== undefined) {
        const previous = this.valid.get(file);
        if (previous?.sha256 !== state.sha256 || this.reported.has(file)) {
          const warnings = diagnostics.filter((d) => d.severity === 'warning' && d.location?.file === file);
          events.push({ type: 'desired_loaded', at, target: file, sha256: state.sha256, vpcs: state.vpcs.length, first: previous === undefined, warnings });
        }
        this.valid.set(file, state);
        this.reported.delete(file);
        continue;
      }
      const own = errors.filter((d) => d.location?.file === file || (d.location === undefined && d.summary.startsWith(`${file} `)));
      this.reportInvalid(file, own.length > 0 ? own : errors, at, events);
      invalid.push(file);
      if (!this.valid.has(file)) unwatched.push(file);
    }
    for (const diagnostic of pathErrors) {
      const path = this.paths.find((p) => diagnostic.summary.startsWith(`${p}:`) || diagnostic.summary.startsWith(`${p} `)) ?? this.paths.join(' ');
      this.reportInvalid(`path:${diagnostic.summary}`, [diagnostic], at, events, path);
      invalid.push(path);
    }
    for (const key of [...this.reported.keys()]) {
      if (key.startsWith('path:') && !pathErrors.some((d) => `path:${d.summary}` === key)) this.reported.delete(key);
    }
    for (const file of [...this.valid.keys()]) {
      if (seen.has(file) || pathErrors.length > 0) continue;
      this.valid.delete(file);
      this.reported.delete(file);
      events.push({ type: 'desired_removed', at, target: file });
    }
    for (const file of [...this.reported.keys()]) {
      if (file.startsWith('path:') || seen.has(file) || this.valid.has(file) || pathErrors.length > 0) continue;
      // A file that was never valid is gone: forget it (and its series) too.
      this.reported.delete(file);
      events.push({ type: 'desired_removed', at, target: file });
    }
    return { states: new Map(this.valid), invalid, unwatched, events };
  }

  private reportInvalid(key: string, diagnostics: Diagnostic[], at: number, events: WatchEvent[], path?: string): void {
    const signature = JSON.stringify(diagnostics.map((d) => [d.code, d.summary, d.location]));
    if (this.reported.get(key) === signature) return;
    this.reported.set(key, signature);
    if (path === undefined) events.push({ type: 'desired_invalid', at, target: key, scope: 'file', kept: this.valid.has(key), diagnostics });
    else events.push({ type: 'desired_invalid', at, target: path, scope: 'path', kept: this.valid.size > 0, diagnostics });
  }
}
