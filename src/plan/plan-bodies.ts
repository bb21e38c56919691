import type { DesiredVpc } from '../config/types.js';
import { assertNever } from '../errors/index.js';
import { MANAGED_FIELDS, fieldSpec } from '../model/fields.js';
import { followUpBody, postBody } from './plan-create.js';
import { tagsRequests } from './request-body.js';
import type { PlannedChange } from './types.js';

/**
 * What a saved plan sends must be what it shows: `show` and the approval prompt display the
 * attributes, apply sends the bodies. A body edited by hand would otherwise be sent while the
 * reviewer saw something else. The bodies are rebuilt from the attributes with the functions
 * buildPlan uses (request-body, plan-create) and must be equal. Returns the problem, if any.
 */
export function unreviewedBody(change: PlannedChange): string | undefined {
  switch (change.action) {
    case 'update':
      return unreviewedUpdate(change) ?? unreviewedTags(change);
    case 'create':
      return unreviewedCreate(change) ?? unreviewedTags(change);
    case 'delete':
    case 'no-op':
    case 'error':
      // The schema refuses any body on these.
      return undefined;
    default:
      return assertNever(change.action, 'action');
  }
}

/**
 * The PUT body of an update, as `requestBody` builds it: each changed PUT field with its `after` value,
 * plus at most one anchor (`name` or `cidr`) when no anchor changes; no body when no PUT field changes.
 */
function unreviewedUpdate(change: PlannedChange): string | undefined {
  const attributes = change.attributes.filter((a) => fieldSpec(a.path)?.via === 'put');
  if (change.request === undefined) return attributes.length === 0 ? undefined : `the PUT is missing: ${attributes.map((a) => a.path).join(', ')} would never be sent`;
  const body = change.request.vpc as Record<string, unknown>;
  const changed = new Set(attributes.map((a) => a.path));
  for (const attr of attributes) {
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

/** The tag calls must be exactly those the `tags.<key>` attributes give (`tagsRequests`). */
function unreviewedTags(change: PlannedChange): string | undefined {
  const expected = tagsRequests(change.attributes);
  const actual = change.tags_requests ?? [];
  return canonical(expected) === canonical(actual) ? undefined : 'tags_requests is not what the planned tags.* attributes give';
}

/** The fields a create may declare: the managed ones (tags key by key) and the enterprise project it is made in. */
const CREATE_FIELDS: ReadonlySet<string> = new Set([...MANAGED_FIELDS.filter((f) => f.kind !== 'tags').map((f) => f.field as string), 'enterprise_project_id']);

/**
 * A create's POST body must be `postBody` of its attributes, and its follow-up PUT exactly
 * `followUpBody` of them (none when a new VPC already has every value).
 */
function unreviewedCreate(change: PlannedChange): string | undefined {
  const seen = new Set<string>();
  for (const { path } of change.attributes) {
    if (!CREATE_FIELDS.has(path) && !path.startsWith('tags.')) return `attribute ${path} is not something a create sets`;
    if (seen.has(path)) return `attribute ${path} appears more than once`;
    seen.add(path);
  }
  const declared = Object.fromEntries(change.attributes.filter((a) => !a.path.startsWith('tags.')).map((a) => [a.path, a.after]));
  const asDesired = { ...declared, address: change.address, key: change.address.slice('vpcs.'.length), ensure: 'present' } as DesiredVpc;
  const post = differingKey('create_request.vpc', postBody(asDesired), change.create_request?.vpc);
  if (post !== undefined) return post;
  const followUp = followUpBody(change.attributes);
  if (followUp === undefined && change.request !== undefined) return 'request (the follow-up update) is set, but a new VPC already has every planned value';
  if (followUp !== undefined && change.request === undefined) return `the follow-up update is missing: ${Object.keys(followUp).join(', ')} would never be sent`;
  return differingKey('request.vpc', followUp, change.request?.vpc);
}

/** The first key whose value differs between the body the attributes give and the body in the file. */
function differingKey(label: string, expected: object | undefined, actual: object | undefined): string | undefined {
  const want = (expected ?? {}) as Record<string, unknown>;
  const got = (actual ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) {
    if (!Object.hasOwn(want, key)) return `${label} carries ${key}, which the planned attributes do not show`;
    if (!Object.hasOwn(got, key)) return `${label} lacks ${key}, which the planned attributes show`;
    if (canonical(want[key]) !== canonical(got[key])) return `${label}.${key} is not the planned value of the attribute`;
  }
  return undefined;
}

/** JSON with object keys sorted: bodies compare by content, whatever order a file lists keys in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
