import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../errors/index.js';
import { validate as generatedValidate } from './generated/desired-state-validator.js';
import { closest } from './suggest.js';
import { childPath, diagAt, pointerToPath, type PlainValue, type PositionIndex } from './tree.js';

/**
 * The schema precompiled by `scripts/generate-validators.mjs` (ajv standalone code, same options as
 * a runtime compile: allErrors, strict, verbose). Compiling at run time cost ~150 ms per CLI run.
 */
const precompiled = generatedValidate as unknown as ValidateFunction;

function validator(): ValidateFunction {
  return precompiled;
}

/** An ajv finding that the semantic rules own; reported generically only if no rule spoke about it. */
export interface DeferredFinding {
  path: string;
  message: string;
}

export interface SchemaCheckResult {
  diagnostics: Diagnostic[];
  deferred: DeferredFinding[];
}

/**
 * Runs the JSON Schema and turns its structural findings (types, missing and unknown keys, version,
 * cloud) into readable diagnostics at the right node. Value-level findings (patterns, lengths, the
 * id-or-name rule, address names) are deferred to rules.ts, which explains them better.
 */
export function checkSchema(value: PlainValue, positions: PositionIndex): SchemaCheckResult {
  const validate = validator();
  if (validate(value)) return { diagnostics: [], deferred: [] };
  const diagnostics: Diagnostic[] = [];
  const deferred: DeferredFinding[] = [];
  for (const err of validate.errors ?? []) {
    const mapped = mapError(err, positions);
    if (mapped === 'defer') deferred.push({ path: findingPath(err), message: err.message ?? err.keyword });
    else if (mapped !== undefined) diagnostics.push(mapped);
  }
  return { diagnostics, deferred };
}

/** Property-name findings concern the key, which sits one level below the instance path. */
function findingPath(err: ErrorObject): string {
  const name = err.propertyName ?? (err.keyword === 'propertyNames' ? String(err.params['propertyName']) : undefined);
  const base = pointerToPath(err.instancePath);
  return name === undefined ? base : childPath(base, name);
}

function mapError(err: ErrorObject, positions: PositionIndex): Diagnostic | 'defer' | undefined {
  const path = pointerToPath(err.instancePath);
  if (err.propertyName !== undefined || err.keyword === 'propertyNames') return 'defer';
  if (err.schemaPath.includes('/anyOf/') || err.keyword === 'anyOf') return 'defer';
  switch (err.keyword) {
    case 'if':
      // "must match the then schema": the `then` findings (keys of an absent entry) say what is wrong.
      return undefined;
    case 'type':
      return typeMismatch(err, positions);
    case 'required': {
      const missing = String(err.params['missingProperty']);
      const where = path === '' ? 'the top level' : `\`${path}\``;
      return diagAt(positions, path, 'CONFIG_MISSING_KEY', `\`${missing}\` is missing from ${where}`, {
        which: 'key',
        hint: missingHint(path, missing),
      });
    }
    case 'additionalProperties': {
      const key = String(err.params['additionalProperty']);
      const known = Object.keys((err.parentSchema?.['properties'] as Record<string, unknown> | undefined) ?? {});
      const guess = closest(key, known);
      return diagAt(positions, childPath(path, key), 'CONFIG_UNKNOWN_KEY', `Unknown key \`${key}\``, {
        which: 'key',
        hint: guess !== undefined ? `Did you mean \`${guess}\`?` : `Allowed keys here: ${known.join(', ')}.`,
      });
    }
    case 'const':
      if (path === 'version') {
        return diagAt(positions, path, 'CONFIG_VERSION', `Unsupported version ${JSON.stringify(err.data)}; this vpcform reads version 1`, {
          hint: 'Write `version: 1` (a number), or upgrade vpcform if the file was written for a newer one.',
        });
      }
      return 'defer';
    case 'enum': {
      const allowed = (err.params['allowedValues'] as unknown[]).map(String);
      const guess = typeof err.data === 'string' ? closest(err.data, allowed) : undefined;
      const code = path === 'target.cloud' ? 'CONFIG_CLOUD' : path.endsWith('.ensure') ? 'CONFIG_ENSURE' : 'CONFIG_SCHEMA';
      return diagAt(positions, path, code, `${JSON.stringify(err.data)} is not one of ${allowed.join(', ')}`, {
        hint: guess !== undefined ? `Did you mean \`${guess}\`?` : `Use one of: ${allowed.join(', ')}.`,
      });
    }
    default:
      return 'defer';
  }
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  integer: 'a whole number',
  null: 'nothing',
};

function describeValue(data: unknown, source: string | undefined): string {
  if (data === null) return 'an empty value';
  if (Array.isArray(data)) return 'a list';
  switch (typeof data) {
    case 'string':
      return `the string ${JSON.stringify(data.length > 40 ? `${data.slice(0, 40)}…` : data)}`;
    case 'number':
      return `the number ${source ?? String(data)}`;
    case 'boolean':
      return `the boolean ${String(data)}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof data;
  }
}

function typeMismatch(err: ErrorObject, positions: PositionIndex): Diagnostic {
  const expected = String(err.params['type']);
  const path = pointerToPath(err.instancePath);
  const source = positions.source(path);
  const summary = `Expected ${TYPE_WORDS[expected] ?? expected}, got ${describeValue(err.data, source)}`;
  let hint = `Write ${TYPE_WORDS[expected] ?? expected} here.`;
  if (expected === 'string' && typeof err.data !== 'object' && err.data !== null) {
    hint = `Quote the value so YAML reads it as text: "${source ?? String(err.data)}".`;
  } else if (expected === 'boolean' && typeof err.data === 'string') {
    hint = `Write true or false (YAML 1.2 reads ${JSON.stringify(err.data)} as text).`;
  } else if (err.data === null && err.schemaPath.includes('/tags/additionalProperties/')) {
    hint = 'Write "" for an empty tag value (or remove the tag, which removes it from the VPC).';
  } else if (err.data === null) {
    hint = `Give a value, or remove the key \`${path.split('.').pop() ?? ''}\` to leave the field alone.`;
  }
  return diagAt(positions, path, 'CONFIG_TYPE', summary, { hint });
}

function missingHint(path: string, missing: string): string {
  if (path === '') {
    return 'A desired-state file needs `version: 1`, a `target` and `vpcs` (see examples/vpcs.yaml).';
  }
  if (missing === 'destination' || missing === 'nexthop') return 'A route is `{ destination: 0.0.0.0/0, nexthop: 192.168.0.5 }`.';
  return `Add \`${missing}:\` under \`${path}\`.`;
}
