import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkAcrossFiles, MAX_FILE_BYTES, parseDesired } from '../config/index.js';
import type { DesiredState, LoadResult, SkippedFile } from '../config/types.js';
import { VpcformError, type Diagnostic } from '../errors/index.js';
import { tooLarge } from '../config/text.js';

export interface LoadOptions {
  /** Base for relative paths (default: the process's working directory). */
  cwd?: string;
}

const DESIRED_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * A file found in a directory counts as a desired-state file when it has a top-level `version` or
 * `target` key (block or flow style, YAML or JSON). Other YAML that lives next to desired state — an
 * emulator seed, a CI workflow — is skipped and listed, never silently validated or silently lost.
 */
const DESIRED_MARKER = /(^|[\s{,])["']?(version|target)["']?[ \t]*:/m;

/**
 * Files and directories -> desired states and every diagnostic. Directories are read one level deep
 * (not recursively), `*.yaml`, `*.yml` and `*.json` sorted by name. Each file is parsed by
 * `parseDesired`; then addresses, ids and names are checked across files of the same target. A file
 * involved in a cross-file conflict contributes no state. Never throws for bad input.
 */
export async function loadDesired(paths: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const diagnostics: Diagnostic[] = [];
  const skipped: SkippedFile[] = [];
  const found: Array<{ display: string; absolute: string; fromDirectory: boolean }> = [];
  const seen = new Set<string>();
  for (const given of paths) {
    if (given.trim() === '') {
      // `vpcform validate "$FILE"` with FILE unset: resolving '' would read the whole working directory.
      diagnostics.push({
        code: 'CONFIG_NOT_FOUND',
        severity: 'error',
        summary: `An empty path was given${given === '' ? '' : ` (${JSON.stringify(given)})`}`,
        hint: 'Is a shell variable unset? Give a desired-state file or a directory (`.` for the current one).',
      });
      continue;
    }
    const absolute = resolve(cwd, given);
    const info = await statOrDiagnose(absolute, given, diagnostics);
    if (info === undefined) continue;
    if (info.isDirectory()) {
      for (const name of await listDirectory(absolute, given, diagnostics)) {
        const child = resolve(absolute, name);
        if (seen.has(child)) continue;
        seen.add(child);
        found.push({ display: join(given, name), absolute: child, fromDirectory: true });
      }
    } else if (!seen.has(absolute)) {
      seen.add(absolute);
      found.push({ display: given, absolute, fromDirectory: false });
    }
  }
  const states: DesiredState[] = [];
  const files: string[] = [];
  for (const entry of found) {
    const bytes = await readChecked(entry.absolute, entry.display, diagnostics);
    if (bytes === undefined) {
      files.push(entry.display);
      continue;
    }
    if (entry.fromDirectory && !looksLikeDesiredState(bytes)) {
      skipped.push({ file: entry.display, reason: 'no top-level `version` or `target` key: not a desired-state file' });
      continue;
    }
    files.push(entry.display);
    const result = parseDesired(bytes, entry.display);
    diagnostics.push(...result.diagnostics);
    if (result.state !== undefined) states.push(result.state);
  }
  if (files.length === 0 && diagnostics.length === 0) {
    const skippedNote = skipped.length > 0 ? ` (skipped ${skipped.length} that ${skipped.length === 1 ? 'is' : 'are'} not desired-state files)` : '';
    diagnostics.push({
      code: 'CONFIG_NO_FILES',
      severity: 'error',
      summary: `No desired-state files in ${paths.join(', ') || '(no paths given)'}${skippedNote}`,
      hint: 'Give a .yaml, .yml or .json file, or a directory holding some (directories are not searched recursively).',
    });
  }
  const across = checkAcrossFiles(states);
  diagnostics.push(...across);
  const conflicted = new Set(across.map((d) => d.location?.file));
  return { states: states.filter((s) => !conflicted.has(s.file)), diagnostics, files, skipped };
}

async function statOrDiagnose(absolute: string, given: string, diagnostics: Diagnostic[]) {
  try {
    const info = await stat(absolute);
    if (!info.isDirectory() && !info.isFile()) {
      diagnostics.push(ioDiagnostic(given, 'is not a regular file or directory', 'Give a desired-state file or a directory of them.'));
      return undefined;
    }
    return info;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') {
      diagnostics.push({
        code: 'CONFIG_NOT_FOUND',
        severity: 'error',
        summary: `${given}: no such file or directory`,
        hint: 'Check the path (relative paths start from the current directory).',
      });
    } else {
      diagnostics.push(ioDiagnostic(given, `cannot be read (${errnoCode(err) ?? 'unknown error'})`, 'Check the permissions of the path.'));
    }
    return undefined;
  }
}

async function listDirectory(absolute: string, given: string, diagnostics: Diagnostic[]): Promise<string[]> {
  try {
    const entries = await readdir(absolute, { withFileTypes: true });
    return entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && DESIRED_EXTENSIONS.some((ext) => e.name.toLowerCase().endsWith(ext)))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    diagnostics.push(ioDiagnostic(given, `cannot be listed (${errnoCode(err) ?? 'unknown error'})`, 'Check the permissions of the directory.'));
    return [];
  }
}

/** Refuses an oversized file by its size, before reading a byte of it. */
async function readChecked(absolute: string, display: string, diagnostics: Diagnostic[]): Promise<Uint8Array | undefined> {
  try {
    const info = await stat(absolute);
    if (!info.isFile()) {
      diagnostics.push(ioDiagnostic(display, 'is not a regular file', 'Give a desired-state file.'));
      return undefined;
    }
    if (info.size > MAX_FILE_BYTES) {
      diagnostics.push(tooLarge(display, info.size));
      return undefined;
    }
    return await readFile(absolute);
  } catch (err) {
    diagnostics.push(ioDiagnostic(display, `cannot be read (${errnoCode(err) ?? 'unknown error'})`, 'Check that the file exists and is readable.'));
    return undefined;
  }
}

function looksLikeDesiredState(bytes: Uint8Array): boolean {
  return DESIRED_MARKER.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

function ioDiagnostic(file: string, what: string, hint: string): Diagnostic {
  return { code: 'IO_READ', severity: 'error', summary: `${file} ${what}`, hint };
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/**
 * Loads desired-state files for work that needs them all valid (plan, apply, drift, the library):
 * any error diagnostic throws `CONFIG_INVALID` carrying every diagnostic at once (as `validate` shows
 * them); no file at all throws `CONFIG_NO_FILES`. Warnings are returned for the caller to show.
 */
export async function loadValidStates(paths: readonly string[], cwd: string): Promise<{ states: DesiredState[]; warnings: Diagnostic[] }> {
  const { states, diagnostics } = await loadDesired([...paths], { cwd });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new VpcformError('CONFIG_INVALID', {
      summary: `The desired state has ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}`,
      diagnostics: errors,
      hint: `Fix them (\`vpcform validate ${paths.join(' ')}\` lists them too), then run the command again.`,
    });
  }
  if (states.length === 0) {
    throw new VpcformError('CONFIG_NO_FILES', { summary: `No desired-state files in ${paths.join(', ')}`, hint: 'Pass a .yaml file or a directory holding some.' });
  }
  return { states, warnings: diagnostics.filter((d) => d.severity === 'warning') };
}
