import { MANAGED_FIELDS, type ManagedField } from '../model/fields.js';
import type { UpdateVpcBody } from '../model/vpc.js';
import type { AttributeChange } from './types.js';

/**
 * The PUT body: every changed field, plus an anchor (`name`, else `cidr`, from the field table) when
 * none of the changed fields is one — the API demands one. The anchor keeps its live value.
 */
export function requestBody(attributes: readonly AttributeChange[], current: Required<UpdateVpcBody>): UpdateVpcBody {
  const body: Record<string, unknown> = {};
  for (const change of attributes) body[change.path] = change.after;
  const anchors = MANAGED_FIELDS.filter((f) => f.anchorsRequest);
  if (!anchors.some((f) => f.field in body)) {
    const anchor = anchors.find((f) => current[f.field] !== '') ?? anchors[0];
    if (anchor !== undefined) body[anchor.field] = current[anchor.field as ManagedField];
  }
  return body as UpdateVpcBody;
}
