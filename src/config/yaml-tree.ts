import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode, type ParsedNode } from 'yaml';
import type { Diagnostic, ErrorCode } from '../errors/index.js';
import { fastYamlToTree } from './fast-yaml.js';
import { FORBIDDEN_KEYS, diagAt, childPath, makeSpan, type PlainMap, type PlainValue, type PositionIndex } from './tree.js';


/** Tags of the YAML 1.2 core schema, which only restate what the value already is. */
const CORE_TAGS: ReadonlySet<string> = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

const MAX_SYNTAX_DIAGNOSTICS = 50;

export interface TreeResult {
  /** Absent when the document cannot be checked further (syntax errors, aliases, tags...). */
  value?: PlainValue;
  diagnostics: Diagnostic[];
}

/**
 * YAML text -> plain data plus node positions, refusing what a desired-state file never needs:
 * several documents, aliases (no alias bombs: they are never expanded), custom tags, keys that are
 * not strings, and JavaScript-internal keys. Duplicate keys are reported; the first one is kept.
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
  const contents = docs[0]?.contents ?? null;
  if (contents === null) return { diagnostics: [emptyFile(positions)] };
  const walker = new Walker(positions);
  const value = walker.node(contents, '', undefined, 0);
  return walker.fatal ? { diagnostics: walker.diagnostics } : { value, diagnostics: walker.diagnostics };
}

const MAX_WALK_DEPTH = 400;

class Walker {
  readonly diagnostics: Diagnostic[] = [];
  /** Set when the tree is not worth validating further (aliases, tags, odd keys). */
  fatal = false;
  private aliases = 0;
  private firstAlias: Diagnostic | undefined;

  constructor(private readonly positions: PositionIndex) {}

  node(node: ParsedNode | YamlNode | null, path: string, keyOffset: number | undefined, depth: number): PlainValue {
    if (node === null) return null;
    const offset = node.range?.[0] ?? keyOffset ?? 0;
    this.positions.spans.set(path, makeSpan(keyOffset, offset, false));
    if (depth > MAX_WALK_DEPTH) {
      this.fail(path, 'CONFIG_TOO_DEEP', `The document nests deeper than ${MAX_WALK_DEPTH} levels`, 'A desired-state file is five levels deep at most.');
      return null;
    }
    if (isAlias(node)) {
      // One diagnostic for the first alias, with a count: an alias bomb holds hundreds of them.
      this.aliases += 1;
      if (this.firstAlias === undefined) {
        this.fail(path, 'CONFIG_ALIAS', `An alias (*${node.source}) is used here; vpcform files do not use anchors and aliases`, 'Write the value out in full. (Aliases are refused so that alias bombs cannot expand.)');
        this.firstAlias = this.diagnostics[this.diagnostics.length - 1];
      } else {
        this.firstAlias.detail = `${this.aliases - 1} more alias${this.aliases === 2 ? '' : 'es'} in this file`;
      }
      return null;
    }
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      const shown = node.tag.replace(/^tag:yaml\.org,2002:/, '!!');
      this.fail(path, 'CONFIG_TAG', `The tag ${shown} is not supported`, 'Remove the tag: desired-state files hold plain strings, numbers, booleans, lists and mappings.');
      return null;
    }
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
      if (typeof v === 'number') {
        const span = this.positions.spans.get(path);
        if (span !== undefined) span.source = node.source ?? String(v);
        return v;
      }
      return String(v);
    }
    if (isSeq(node) || isMap(node)) {
      const span = this.positions.spans.get(path);
      if (span !== undefined) span.collection = true;
    }
    if (isSeq(node)) {
      const out: PlainValue[] = [];
      node.items.forEach((item, i) => {
        out.push(this.node(item as YamlNode | null, childPath(path, i), undefined, depth + 1));
      });
      return out;
    }
    if (isMap(node)) return this.map(node.items, path, depth);
    this.fail(path, 'CONFIG_SYNTAX', 'Unsupported YAML construct', 'Use plain mappings, lists and scalars.');
    return null;
  }

  private map(items: ReadonlyArray<{ key: unknown; value: unknown }>, path: string, depth: number): PlainMap {
    const out = Object.create(null) as PlainMap;
    const seen = new Map<string, number>();
    for (const pair of items) {
      const keyNode = pair.key as YamlNode | null;
      const keyOffset = keyNode?.range?.[0] ?? this.positions.spans.get(path)?.value ?? 0;
      if (!isScalar(keyNode) || keyNode.tag !== undefined || keyNode.value === null || typeof keyNode.value === 'object') {
        this.fatal = true;
        this.diagnostics.push(this.atOffset(keyOffset, path, 'CONFIG_KEY_TYPE', 'This mapping key is not a plain string', 'Keys are plain names such as `cidr` or `web`.'));
        continue;
      }
      const key = String(keyNode.value);
      const child = childPath(path, key);
      if (FORBIDDEN_KEYS.has(key)) {
        this.fatal = true;
        this.diagnostics.push(this.atOffset(keyOffset, child, 'CONFIG_FORBIDDEN_KEY', `The key "${key}" is not allowed`, 'Remove it: it is never a desired-state key (it names a part of JavaScript objects).'));
        continue;
      }
      const first = seen.get(key);
      if (first !== undefined) {
        const at = this.positions.locate(first);
        this.diagnostics.push({
          ...this.atOffset(keyOffset, child, 'CONFIG_DUPLICATE_KEY', `The key "${key}" appears twice in this mapping`, 'Remove one of them or rename it; only the first is used.'),
          detail: `first defined at line ${at.line}, column ${at.col}`,
        });
        continue;
      }
      seen.set(key, keyOffset);
      out[key] = this.node(pair.value as YamlNode | null, child, keyOffset, depth + 1);
      if (pair.value === null) this.positions.spans.set(child, makeSpan(keyOffset, keyOffset, false));
    }
    return out;
  }

  private fail(path: string, code: ErrorCode, summary: string, hint: string): void {
    this.fatal = true;
    this.diagnostics.push(diagAt(this.positions, path, code, summary, { hint }));
  }

  private atOffset(offset: number, path: string, code: ErrorCode, summary: string, hint: string): Diagnostic {
    return { ...diagAt(this.positions, path, code, summary, { hint }), location: this.positions.locate(offset) };
  }
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
