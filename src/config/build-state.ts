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
    const vpc: DesiredVpc = { address: `vpcs.${key}`, key };
    if (typeof v['id'] === 'string') vpc.id = v['id'];
    if (typeof v['name'] === 'string') vpc.name = v['name'];
    if (typeof v['cidr'] === 'string') vpc.cidr = v['cidr'];
    if (typeof v['description'] === 'string') vpc.description = v['description'];
    if (typeof v['enable_shared_snat'] === 'boolean') vpc.enable_shared_snat = v['enable_shared_snat'];
    if (Array.isArray(v['routes'])) vpc.routes = v['routes'].map(toRoute);
    vpcs.push(vpc);
  }
  return { file, sha256, version: 1, target, vpcs, sourceMap: sourceMapOf(positions) };
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
  const map: SourceMap = {};
  const cursor = positions.cursor();
  for (const [path, span] of positions.spans) {
    if (path === '') continue;
    map[path] = cursor(span.collection && span.key !== undefined ? span.key : span.value);
  }
  return map;
}
