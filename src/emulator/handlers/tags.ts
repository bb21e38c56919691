import { assertNever } from '../../errors/index.js';
import { parseJsonObject, type ApiDeps, type ApiRequest, type HandlerOutcome } from '../api-context.js';
import { emptyReply, jsonReply, VPC_ERRORS, type Reply } from '../replies.js';
import { filterAnswer, parseTagQuery, projectTags, runTagQuery } from '../tag-query.js';
import { mergeTags, removeTags, tagError, tagList, tagsOf, withTags, type Checked } from '../tag-rules.js';
import type { VpcRecord } from '../types.js';
import { isUuid } from '../validate.js';

/**
 * The six VPC tag operations of the v2.0 API (lifecycle-tags.md §3.1-§3.5); SPEC.md ("Tags") maps each
 * rule to its source. Tags live on the VPC record, so they go with it when it is deleted and the
 * state file keeps them.
 */

/** Route names served here, dispatched by `handleTagRoute`. */
export const TAG_ROUTE_NAMES = ['tags.batch', 'tags.list', 'tags.add', 'tags.delete', 'tags.project', 'tags.filter'] as const;
export type TagRouteName = (typeof TAG_ROUTE_NAMES)[number];

export function isTagRoute(name: string): name is TagRouteName {
  return (TAG_ROUTE_NAMES as readonly string[]).includes(name);
}

export function handleTagRoute(deps: ApiDeps, name: TagRouteName, req: ApiRequest): HandlerOutcome {
  switch (name) {
    case 'tags.batch':
      return batchTags(deps, req);
    case 'tags.list':
      return listTags(deps, req);
    case 'tags.add':
      return addTag(deps, req);
    case 'tags.delete':
      return deleteTag(deps, req);
    case 'tags.project':
      return { reply: jsonReply(200, { tags: projectTags(deps.store) }) };
    case 'tags.filter':
      return filterVpcs(deps, req);
    default:
      return assertNever(name, 'tag route');
  }
}

/**
 * The VPC of the path. Choice: a malformed id is the tag module's 400 "resource id is invalid.", a
 * well-formed unknown one the public 404 VPC.0003 (as the v1 routes answer it).
 */
function vpcOf(deps: ApiDeps, req: ApiRequest): { record: VpcRecord } | { reply: Reply } {
  const id = req.route.params['vpc_id']!;
  if (!isUuid(id)) return { reply: tagError('resourceIdInvalid') };
  const record = deps.store.getVpc(id);
  return record ? { record } : { reply: VPC_ERRORS.notFound() };
}

function sameTags(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
}

/** Stores the new tags (a new record: tag objects are never changed in place) and answers 204. */
function save(deps: ApiDeps, record: VpcRecord, next: Checked<Map<string, string>>): HandlerOutcome {
  if (!next.ok) return { reply: tagError(next.problem) };
  if (!sameTags(tagsOf(record), next.value)) deps.store.replaceVpc(record.id, withTags(record, next.value));
  return { reply: emptyReply(204), applied: true };
}

/** `POST …/{vpc_id}/tags/action`: `{"action":"create"|"delete","tags":[{key,value}]}`, 204 (§3.2). */
function batchTags(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const found = vpcOf(deps, req);
  if ('reply' in found) return found;
  const body = parseJsonObject(req.body);
  if (!body) return { reply: tagError('invalidInput') };
  const action = body['action'];
  if (action !== 'create' && action !== 'delete') return { reply: tagError('actionInvalid') };
  const items = body['tags'];
  if (items === undefined || items === null) return { reply: tagError('tagNull') };
  if (!Array.isArray(items)) return { reply: tagError('invalidInput') };
  const current = tagsOf(found.record);
  return save(deps, found.record, action === 'create' ? mergeTags(current, items) : removeTags(current, items));
}

/** `GET …/{vpc_id}/tags`: `{"tags":[{key,value}]}`. */
function listTags(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const found = vpcOf(deps, req);
  if ('reply' in found) return found;
  return { reply: jsonReply(200, { tags: tagList(tagsOf(found.record)) }) };
}

/** `POST …/{vpc_id}/tags`: `{"tag":{key,value}}`, 204; an existing key is overwritten (APIX). */
function addTag(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const found = vpcOf(deps, req);
  if ('reply' in found) return found;
  const body = parseJsonObject(req.body);
  if (!body) return { reply: tagError('invalidInput') };
  return save(deps, found.record, mergeTags(tagsOf(found.record), [body['tag']]));
}

/** `DELETE …/{vpc_id}/tags/{key}`: 204, or 404 when the VPC has no such key (APIX). */
function deleteTag(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const found = vpcOf(deps, req);
  if ('reply' in found) return found;
  const key = req.route.params['key']!;
  const current = tagsOf(found.record);
  if (!current.has(key)) return { reply: tagError('keyNotFound') };
  current.delete(key);
  deps.store.replaceVpc(found.record.id, withTags(found.record, current));
  return { reply: emptyReply(204), applied: true };
}

/** `POST /v2.0/{project_id}/vpcs/resource_instances/action`: filter (a page) or count. */
function filterVpcs(deps: ApiDeps, req: ApiRequest): HandlerOutcome {
  const query = parseTagQuery(req.body);
  if (!query.ok) return { reply: tagError(query.problem) };
  const result = runTagQuery(deps.store, query.value);
  return { reply: jsonReply(200, query.value.action === 'count' ? { total_count: result.total } : filterAnswer(result)) };
}
