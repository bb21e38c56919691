import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { VpcformError } from '../errors/index.js';
import { PLAN_SCHEMA } from './plan-schema.js';
import { summarize } from './build-plan.js';
import { MANAGED_FIELDS } from '../model/fields.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlannedChange } from './types.js';

/**
 * A plan is about 300 bytes per VPC (3 MB for 10,000); anything far larger is not a plan. Readers
 * check the size before reading a byte, so a huge file cannot exhaust memory.
 */
export const MAX_PLAN_BYTES = 64 * 1024 * 1024;

/** The plan file's text: `JSON.stringify(plan)`, indented for review in pull requests. */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/**
 * Reads a plan file's text. Refuses, with a clear error, text that is not JSON or not a plan
 * (`PLAN_CORRUPT`) and a `format_version` this vpcform does not know (`PLAN_FORMAT_VERSION`).
 * `source` names the file in messages.
 */
export function parsePlan(text: string, source: string): Plan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new VpcformError('PLAN_CORRUPT', {
      summary: `${source} is not a plan file: it is not valid JSON`,
      detail: err instanceof Error ? err.message : String(err),
      hint: 'The file may be truncated or edited by hand; run `vpcform plan --out` again.',
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw corrupt(source, 'the top level is not a JSON object');
  }
  const version = (value as Record<string, unknown>)['format_version'];
  if (version === undefined) throw corrupt(source, 'it has no format_version: it is not a vpcform plan');
  if (version !== PLAN_FORMAT_VERSION) {
    throw new VpcformError('PLAN_FORMAT_VERSION', {
      summary: `${source} has plan format_version ${JSON.stringify(version)}; this vpcform reads format_version ${PLAN_FORMAT_VERSION}`,
      hint:
        typeof version === 'number' && version > PLAN_FORMAT_VERSION
          ? 'The plan was made by a newer vpcform: use that version to show or apply it, or run `vpcform plan` again.'
          : 'Run `vpcform plan --out` again with this version of vpcform.',
    });
  }
  const validate = planValidator();
  if (!validate(value)) throw corrupt(source, describe(validate.errors ?? []));
  const plan = value as Plan;
  const counted = summarize(plan.changes);
  if (counted.update !== plan.summary.update || counted.no_op !== plan.summary.no_op || counted.error !== plan.summary.error) {
    throw corrupt(source, `summary ${JSON.stringify(plan.summary)} does not match its changes ${JSON.stringify(counted)}`);
  }
  const duplicate = repeatedSubject(plan.changes);
  if (duplicate !== undefined) throw corrupt(source, duplicate);
  for (const change of plan.changes) {
    const problem = unreviewedRequest(change);
    if (problem !== undefined) throw corrupt(source, `${change.address}: ${problem}`);
  }
  return plan;
}

/**
 * Apply reports each address exactly once and never runs two updates of one VPC at once; a plan
 * repeating either was edited by hand (buildPlan makes neither).
 */
function repeatedSubject(changes: readonly PlannedChange[]): string | undefined {
  const addresses = new Set<string>();
  const updated = new Set<string>();
  for (const change of changes) {
    if (addresses.has(change.address)) return `${change.address} appears more than once`;
    addresses.add(change.address);
    if (change.action !== 'update' || change.id === undefined) continue;
    if (updated.has(change.id)) return `${change.address}: VPC ${change.id} is updated by more than one change`;
    updated.add(change.id);
  }
  return undefined;
}

/**
 * The PUT body must be exactly what the reviewed attributes say (as `requestBody` builds it): each
 * changed field with its `after` value, plus at most one anchor (`name` or `cidr`) when no anchor
 * changes. A body edited by hand would otherwise be sent while `show` displays something else.
 */
function unreviewedRequest(change: PlannedChange): string | undefined {
  if (change.request === undefined) return undefined;
  const body = change.request.vpc as Record<string, unknown>;
  const changed = new Set(change.attributes.map((a) => a.path));
  for (const attr of change.attributes) {
    if (JSON.stringify(body[attr.path]) !== JSON.stringify(attr.after)) return `request.vpc.${attr.path} is not the planned value of the attribute`;
  }
  const anchors = MANAGED_FIELDS.filter((f) => f.anchorsRequest).map((f) => f.field as string);
  const extra = Object.keys(body).filter((k) => !changed.has(k));
  const anchorChanged = anchors.some((a) => changed.has(a));
  if (extra.some((k) => !anchors.includes(k)) || extra.length > 1 || (extra.length === 1 && anchorChanged)) {
    return `request.vpc carries ${extra.join(', ')}, which the planned attributes do not show`;
  }
  return undefined;
}

function corrupt(source: string, detail: string): VpcformError {
  return new VpcformError('PLAN_CORRUPT', {
    summary: `${source} is not a valid vpcform plan`,
    detail,
    hint: 'The file may be damaged or edited by hand; run `vpcform plan --out` again.',
  });
}

function describe(errors: readonly ErrorObject[]): string {
  const lines = errors.slice(0, 5).map((e) => `${e.instancePath || '(top level)'}: ${e.message ?? e.keyword}`);
  if (errors.length > 5) lines.push(`… and ${errors.length - 5} more`);
  return lines.join('\n');
}

let compiled: ValidateFunction | undefined;

/** Compiled on first use: most commands never read a plan file. */
function planValidator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ allErrors: false, strict: true, strictRequired: false, allowUnionTypes: true });
    const addFormats = addFormatsModule as unknown as (a: Ajv2020) => Ajv2020;
    addFormats(ajv);
    compiled = ajv.compile(PLAN_SCHEMA);
  }
  return compiled;
}
