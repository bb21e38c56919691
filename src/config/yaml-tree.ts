import { parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../errors/index.js';
import { fastYamlToTree } from './fast-yaml.js';
import type { PlainValue, PositionIndex } from './tree.js';
import { MAX_ALIAS_VALUES, anchorOffset, scanAliases, type AliasScan } from './yaml-aliases.js';
import { Walker } from './yaml-walk.js';

const MAX_SYNTAX_DIAGNOSTICS = 50;

export interface TreeResult {
  /** Absent when the document cannot be checked further (syntax errors, bad aliases, tags...). */
  value?: PlainValue;
  diagnostics: Diagnostic[];
}

/**
 * YAML text -> plain data plus node positions, refusing what a desired-state file never needs:
 * several documents, custom tags, keys that are not strings, and JavaScript-internal keys. Aliases
 * and `<<` merge keys are expanded, within a limit that stops alias bombs (yaml-walk.ts). Duplicate
 * keys are reported; the first one is kept.
 */
export function yamlToTree(text: string, positions: PositionIndex): TreeResult {
  const fast = fastYamlToTree(text, positions, false);
  if (fast !== undefined) {
    positions.fillLater(() => fastYamlToTree(text, positions, true));
    return { value: fast, diagnostics: [] };
  }
  return yamlPackageToTree(text, positions);
}

/** The general path, through the `yaml` package (exported for the differential test of the fast reader). */
export function yamlPackageToTree(text: string, positions: PositionIndex): TreeResult {
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: true, schema: 'core' });
  const diagnostics: Diagnostic[] = [];
  if (docs.length > 1) {
    diagnostics.push({
      code: 'CONFIG_MULTI_DOCUMENT',
      severity: 'error',
      summary: `The file holds ${docs.length} YAML documents (separated by ---); a desired-state file is one document`,
      hint: 'Put each target in a file of its own and pass them all (or their directory) to vpcform; remove a trailing ---.',
      location: positions.locate(docs[1]?.range[0] ?? 0),
    });
  }
  for (const doc of docs) {
    for (const err of doc.errors.slice(0, MAX_SYNTAX_DIAGNOSTICS)) {
      diagnostics.push(syntaxDiagnostic(err.code, err.message, positions, err.pos[0]));
    }
  }
  if (diagnostics.length > MAX_SYNTAX_DIAGNOSTICS) {
    const dropped = diagnostics.length - MAX_SYNTAX_DIAGNOSTICS;
    diagnostics.length = MAX_SYNTAX_DIAGNOSTICS;
    diagnostics.push({ ...syntaxDiagnostic('IMPOSSIBLE', `${dropped} more syntax errors not shown`, positions, 0), hint: 'Fix the first errors and run again.' });
  }
  if (diagnostics.length > 0) return { diagnostics };
  const doc = docs[0];
  const contents = doc?.contents ?? null;
  if (doc === undefined || contents === null) return { diagnostics: [emptyFile(positions)] };
  const aliases = scanAliases(doc);
  if (aliases.bomb !== undefined) return { diagnostics: [aliasBomb(aliases.bomb, text, positions)] };
  const walker = new Walker(positions, text, doc, aliases.targets);
  const value = walker.node(contents, '', undefined, 0);
  return walker.fatal ? { diagnostics: walker.diagnostics } : { value, diagnostics: walker.diagnostics };
}

/** One diagnostic for an alias bomb, at the alias where the expansion passes the limit. */
function aliasBomb(bomb: NonNullable<AliasScan['bomb']>, text: string, positions: PositionIndex): Diagnostic {
  const limit = String(MAX_ALIAS_VALUES).replace(/\B(?=(\d{3})+$)/g, ',');
  const anchor = positions.locate(anchorOffset(text, bomb.target));
  return {
    code: 'CONFIG_ALIAS',
    severity: 'error',
    summary: `Aliases in this file would expand to more than ${limit} values; it is refused as an alias bomb`,
    detail: `The count passes ${limit} at *${bomb.alias.source} (anchor &${bomb.alias.source} at line ${anchor.line}, column ${anchor.col}). Nothing was expanded.`,
    hint: `vpcform expands aliases to check the file, at most ${limit} values per file (this stops "billion laughs" bombs). Repeat fewer or smaller values, or split the file.`,
    location: positions.locate(bomb.alias.range?.[0] ?? 0),
    ...(bomb.path !== '' && { path: bomb.path }),
  };
}

function emptyFile(positions: PositionIndex): Diagnostic {
  return {
    code: 'CONFIG_EMPTY',
    severity: 'error',
    summary: 'The file holds no YAML document (it is empty or only comments)',
    hint: 'Start from examples/vpcs.yaml: a file needs version, target and vpcs.',
    location: positions.locate(0),
  };
}

const SYNTAX_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: 'YAML indents with spaces only: replace the tab with spaces.',
  BAD_INDENT: 'Check the indentation of this line against the lines above.',
  MISSING_CHAR: 'A closing bracket, brace or quote is missing.',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line; check for a missing `:` or an unclosed quote above.',
  BLOCK_AS_IMPLICIT_KEY: 'Check for a missing `:` or wrong indentation.',
  BAD_DQ_ESCAPE: 'Inside "double quotes" a backslash starts an escape; use single quotes for literal backslashes.',
  RESOURCE_EXHAUSTION: 'The document is too large or too deeply nested.',
};

function syntaxDiagnostic(code: string, message: string, positions: PositionIndex, offset: number): Diagnostic {
  const tooDeep = code === 'RESOURCE_EXHAUSTION';
  return {
    code: tooDeep ? 'CONFIG_TOO_DEEP' : 'CONFIG_SYNTAX',
    severity: 'error',
    summary: firstLine(message),
    hint: SYNTAX_HINTS[code] ?? 'Fix the YAML syntax at this position.',
    location: positions.locate(offset),
  };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
}
