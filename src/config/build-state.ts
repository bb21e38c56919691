import { isPlainMap, type PlainMap, type PlainValue, type PositionIndex } from './tree.js';
import type { CloudKind, DesiredState, DesiredVpc, Route, SourceMap, Target } from './types.js';

/**
 * A document that passed the schema and the rules -> the typed DesiredState. Only called on valid
 * trees, so the shapes are known; copies are taken field by field (never the parsed objects
 * themselves) so the state holds ordinary objects with exactly the documented fields.
 */
export function buildState(root: PlainMap, file: string, sha256: string, positions: PositionIndex): DesiredState {
  const t = root['target'] as PlainMap;
  const target: Target = { cloud: t['cloud'] as CloudKind, region: t['region'] as string };
  if (typeof t['project_id'] === 'string') target.project_id = t['project_id'];
  if (typeof t['endpoint'] === 'string') target.endpoint = t['endpoint'];
  const vpcs: DesiredVpc[] = [];
  const vpcMap = root['vpcs'] as PlainMap;
  for (const key of Object.keys(vpcMap)) {
    const v = vpcMap[key] as PlainMap;
    const vpc: DesiredVpc = { address: `vpcs.${key}`, key, ensure: v['ensure'] === 'absent' ? 'absent' : 'present' };
    if (typeof v['id'] === 'string') vpc.id = v['id'];
    if (typeof v['name'] === 'string') vpc.name = v['name'];
    if (typeof v['cidr'] === 'string') vpc.cidr = v['cidr'];
    if (typeof v['description'] === 'string') vpc.description = v['description'];
    if (typeof v['enable_shared_snat'] === 'boolean') vpc.enable_shared_snat = v['enable_shared_snat'];
    if (Array.isArray(v['routes'])) vpc.routes = v['routes'].map(toRoute);
    if (typeof v['enterprise_project_id'] === 'string') vpc.enterprise_project_id = v['enterprise_project_id'];
    if (isPlainMap(v['tags'])) vpc.tags = toTags(v['tags']);
    vpcs.push(vpc);
  }
  const state = { file, sha256, version: 1, target, vpcs } as Omit<DesiredState, 'sourceMap'>;
  return withLazySourceMap(state, positions);
}

/**
 * The source map holds ~10 entries per VPC; building it is a third of the time of a 10,000-VPC file,
 * and most runs (validate, a plan without findings) never read it. So it is built on first read and
 * then stored as a plain data property. It is an own enumerable property either way: spreading,
 * JSON.stringify and deep equality see an ordinary object.
 */
function withLazySourceMap(state: Omit<DesiredState, 'sourceMap'>, positions: PositionIndex): DesiredState {
  return Object.defineProperty(state, 'sourceMap', {
    enumerable: true,
    configurable: true,
    get(this: DesiredState): SourceMap {
      const value = sourceMapOf(positions);
      Object.defineProperty(this, 'sourceMap', { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
    set(this: DesiredState, value: SourceMap) {
      Object.defineProperty(this, 'sourceMap', { value, enumerable: true, writable: true, configurable: true });
    },
  }) as DesiredState;
}

/** A fresh null-prototype copy: a tag key is plain data, whatever it spells (`__proto__` included). */
function toTags(map: PlainMap): Record<string, string> {
  const tags = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(map)) tags[key] = String(map[key]);
  return tags;
}

function toRoute(value: PlainValue): Route {
  const r = isPlainMap(value) ? value : {};
  return { destination: String(r['destination']), nexthop: String(r['nexthop']) };
}

/**
 * Dotted paths -> positions. Scalars point at the value; mappings and lists at their key
 * (`vpcs.web` -> the `web:` line), list items at the item.
 */
function sourceMapOf(positions: PositionIndex): SourceMap {
  const cursor = positions.cursor();
  const map: SourceMap = {};
  for (const [path, span] of positions.spans) {
    if (path === '') continue;
    map[path] = cursor(span.collection && span.key !== undefined ? span.key : span.value);
  }
  return map;
}
