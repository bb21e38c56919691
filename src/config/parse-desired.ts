import { createHash } from 'node:crypto';
import type { Diagnostic } from '../errors/index.js';
import { buildState } from './build-state.js';
import { checkRules } from './rules.js';
import { checkSchema, type DeferredFinding } from './schema-check.js';
import { decodeSource, findExcessiveNesting } from './text.js';
import { PositionIndex, isPlainMap, lineStartsOf } from './tree.js';
import type { DesiredState } from './types.js';
import { yamlToTree } from './yaml-tree.js';

export interface ParseResult {
  /** Present only when there is no error diagnostic. */
  state?: DesiredState;
  diagnostics: Diagnostic[];
}

/**
 * One desired-state document (YAML or JSON text, or its bytes) -> DesiredState and every diagnostic,
 * sorted by position. Pure: no file system. Never throws: an unexpected failure becomes an INTERNAL
 * diagnostic (a bug to report), so hostile input can never crash the caller.
 */
export function parseDesired(text: string | Uint8Array, file: string): ParseResult {
  try {
    return parseOrThrow(text, file);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      diagnostics: [
        {
          code: 'INTERNAL',
          severity: 'error',
          summary: `Internal error while reading this file: ${message}`,
          hint: 'This is a bug in vpcform. Please report it with the file (or a copy with secrets removed).',
          location: { file, line: 1, col: 1 },
        },
      ],
    };
  }
}

function parseOrThrow(input: string | Uint8Array, file: string): ParseResult {
  const decoded = decodeSource(input, file);
  if ('diagnostic' in decoded) return { diagnostics: [decoded.diagnostic] };
  const { text } = decoded;
  const positions = new PositionIndex(file, lineStartsOf(text));
  const nesting = findExcessiveNesting(text);
  if (nesting !== undefined) {
    return {
      diagnostics: [
        {
          code: 'CONFIG_TOO_DEEP',
          severity: 'error',
          summary: `The document is nested too deeply: ${nesting.what}`,
          hint: 'A desired-state file is five levels deep at most; check that this is the file you meant.',
          location: positions.locate(nesting.offset),
        },
      ],
    };
  }
  const tree = yamlToTree(text, positions);
  if (tree.value === undefined) return { diagnostics: sortByPosition(tree.diagnostics) };
  const schema = checkSchema(tree.value, positions);
  const rules = checkRules(tree.value, positions);
  const diagnostics = [...tree.diagnostics, ...schema.diagnostics, ...rules];
  diagnostics.push(...unexplained(schema.deferred, diagnostics, positions));
  if (diagnostics.some((d) => d.severity === 'error') || !isPlainMap(tree.value)) {
    return { diagnostics: sortByPosition(diagnostics) };
  }
  const sha256 = createHash('sha256').update(input).digest('hex');
  return { state: buildState(tree.value, file, sha256, positions), diagnostics: sortByPosition(diagnostics) };
}

/**
 * Schema findings the rules did not explain. The rules are meant to cover every value constraint of
 * the schema; if they ever disagree, the schema's word is still reported rather than lost.
 */
function unexplained(deferred: DeferredFinding[], found: Diagnostic[], positions: PositionIndex): Diagnostic[] {
  const spoken = new Set(found.map((d) => d.path ?? ''));
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const finding of deferred) {
    const path = finding.path;
    if (spoken.has(path) || reported.has(path)) continue;
    reported.add(path);
    out.push({
      code: 'CONFIG_SCHEMA',
      severity: 'error',
      summary: `The value does not match the schema: ${finding.message}`,
      hint: 'See docs/config.md or run `vpcform schema` for what this field accepts.',
      location: positions.at(finding.path),
      ...(path !== '' && { path }),
    });
  }
  return out;
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.location?.line ?? 0) - (b.d.location?.line ?? 0) || (a.d.location?.col ?? 0) - (b.d.location?.col ?? 0) || a.i - b.i)
    .map(({ d }) => d);
}
