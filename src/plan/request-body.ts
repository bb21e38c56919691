import { MANAGED_FIELDS, fieldSpec, type ManagedValues } from '../model/fields.js';
import type { UpdateVpcBody } from '../model/vpc.js';
import type { AttributeChange, TagsRequest } from './types.js';

/**
 * The PUT body: every changed field the table sends by PUT, plus an anchor (`name`, else `cidr`) when
 * none of them is one — the API demands one; the anchor keeps its `current` value. Undefined when no
 * PUT field changes (a tag-only change sends no PUT).
 */
export function requestBody(attributes: readonly AttributeChange[], current: Pick<ManagedValues, 'name' | 'cidr'>): UpdateVpcBody | undefined {
  const body: Record<string, unknown> = {};
  for (const change of attributes) if (fieldSpec(change.path)?.via === 'put') body[change.path] = change.after;
  if (Object.keys(body).length === 0) return undefined;
  const anchors = MANAGED_FIELDS.filter((f) => f.anchorsRequest);
  if (!anchors.some((f) => f.field in body)) {
    const anchor = anchors.find((f) => current[f.field as 'name' | 'cidr'] !== '') ?? anchors[0];
    if (anchor !== undefined) body[anchor.field] = current[anchor.field as 'name' | 'cidr'];
  }
  return body as UpdateVpcBody;
}

/** The tag part of a change: `tags.<key>` attributes. */
export function isTagAttribute(change: AttributeChange): boolean {
  return change.path.startsWith('tags.');
}

/**
 * The tag calls of the `tags.<key>` attributes: one `delete` for removed keys (with their live value,
 * which matches whether the API deletes by key or by key and value), then one `create` for new and
 * changed keys. Empty when no tag changes.
 */
export function tagsRequests(attributes: readonly AttributeChange[]): TagsRequest[] {
  const tags = attributes.filter(isTagAttribute);
  const removed = tags.filter((a) => a.after === null).map((a) => ({ key: a.path.slice(5), value: String(a.before) }));
  const set = tags.filter((a) => a.after !== null).map((a) => ({ key: a.path.slice(5), value: String(a.after) }));
  return [...(removed.length > 0 ? [{ action: 'delete' as const, tags: removed }] : []), ...(set.length > 0 ? [{ action: 'create' as const, tags: set }] : [])];
}
