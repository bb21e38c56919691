import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { VpcformError } from '../errors/index.js';
import { PLAN_SCHEMA } from './plan-schema.js';
import { summarize } from './build-plan.js';
import { unreviewedBody } from './plan-bodies.js';
import { OLDER_PLAN_FORMAT_VERSIONS, PLAN_FORMAT_VERSION, type Plan, type PlannedChange } from './types.js';

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
  if (version !== PLAN_FORMAT_VERSION) throw unknownVersion(source, version, (value as Record<string, unknown>)['tool']);
  const validate = planValidator();
  if (!validate(value)) throw corrupt(source, describe(validate.errors ?? []));
  const plan = value as Plan;
  const counted = summarize(plan.changes);
  if ((Object.keys(counted) as Array<keyof typeof counted>).some((k) => counted[k] !== plan.summary[k])) {
    throw corrupt(source, `summary ${JSON.stringify(plan.summary)} does not match its changes ${JSON.stringify(counted)}`);
  }
  const duplicate = repeatedSubject(plan.changes);
  if (duplicate !== undefined) throw corrupt(source, duplicate);
  const untargeted = (plan.targets ?? []).find((address) => !plan.changes.some((c) => c.address === address));
  if (untargeted !== undefined) throw corrupt(source, `targets names ${untargeted}, which has no change in this plan (a targeted plan has one for each target)`);
  for (const change of plan.changes) {
    const problem = unreviewedBody(change) ?? strayWait(change, plan.changes);
    if (problem !== undefined) throw corrupt(source, `${change.address}: ${problem}`);
  }
  return plan;
}

/**
 * Format 1 (vpcform 0.1) knew only updates. Its files are recognised and refused with the way out;
 * a newer format needs the vpcform that wrote it.
 */
function unknownVersion(source: string, version: unknown, tool: unknown): VpcformError {
  if (typeof version === 'number' && OLDER_PLAN_FORMAT_VERSIONS.includes(version)) {
    return new VpcformError('PLAN_FORMAT_VERSION', {
      summary: `${source} was made by ${writer(tool)} (plan format ${version}); this vpcform writes format ${PLAN_FORMAT_VERSION}: run \`vpcform plan --out\` again`,
      detail: `Plan format ${PLAN_FORMAT_VERSION} adds creates and deletes; a plan of format ${version} is not read, so that nothing is applied from a plan this version did not review.`,
      hint: 'Run `vpcform plan --out PLAN` again with this vpcform (or show/apply the old plan with the vpcform that made it).',
    });
  }
  return new VpcformError('PLAN_FORMAT_VERSION', {
    summary: `${source} has plan format_version ${JSON.stringify(version)}; this vpcform reads format_version ${PLAN_FORMAT_VERSION}`,
    hint:
      typeof version === 'number' && version > PLAN_FORMAT_VERSION
        ? 'The plan was made by a newer vpcform: use that version to show or apply it, or run `vpcform plan` again.'
        : 'Run `vpcform plan --out` again with this version of vpcform.',
  });
}

/** "vpcform 0.1.3", from the file's own `tool.version` when it looks like a version (it is printed). */
function writer(tool: unknown): string {
  const version = typeof tool === 'object' && tool !== null ? (tool as Record<string, unknown>)['version'] : undefined;
  return typeof version === 'string' && /^[0-9A-Za-z.+-]{1,40}$/.test(version) ? `vpcform ${version}` : 'an older vpcform';
}

/**
 * Apply reports each address exactly once and never runs two changes of one VPC (two updates, or
 * an update and a delete, or two deletes); a plan repeating either was edited by hand (buildPlan
 * makes neither).
 */
function repeatedSubject(changes: readonly PlannedChange[]): string | undefined {
  const addresses = new Set<string>();
  const actedOn = new Map<string, PlannedChange>();
  for (const change of changes) {
    if (addresses.has(change.address)) return `${change.address} appears more than once`;
    addresses.add(change.address);
    if ((change.action !== 'update' && change.action !== 'delete') || change.id === undefined) continue;
    const earlier = actedOn.get(change.id);
    if (earlier !== undefined) {
      return `${change.address}: VPC ${change.id} is ${pastTense(change.action)} by more than one change (${earlier.address} ${pastTense(earlier.action)} it too)`;
    }
    actedOn.set(change.id, change);
  }
  return undefined;
}

function pastTense(action: PlannedChange['action']): string {
  return action === 'delete' ? 'deleted' : 'updated';
}

/**
 * A create waits only for changes of this plan that free something: a delete (name or quota) or an
 * update (a rename). Anything else would make apply wait for an address it never runs, or forever.
 */
function strayWait(change: PlannedChange, changes: readonly PlannedChange[]): string | undefined {
  for (const address of change.waits_for ?? []) {
    const other = changes.find((c) => c.address === address);
    if (other === undefined) return `waits_for names ${address}, which is not in this plan`;
    if (other === change) return 'waits_for names the create itself';
    if (other.action !== 'delete' && other.action !== 'update') return `waits_for names ${address}, whose action is ${other.action}: a create waits only for a delete or an update`;
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
  const lines = errors.slice(0, 5).map((e) => `${e.instancePath || '(top level)'}: ${e.keyword === 'false schema' ? 'must not be set for this action' : (e.message ?? e.keyword)}`);
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
