import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type Node as YamlNode } from 'yaml';

/**
 * Anchors, aliases and merge keys, as the `yaml` package parses them (it only parses them: the walker
 * in yaml-walk.ts expands them itself, once scanAliases has measured the expansion).
 */

/**
 * At most this many values may come from aliases (and merge keys) in one file. A real file stays
 * far below it (ten routes shared by 1,000 VPCs are 31,000 values); a "billion laughs" bomb, which
 * would expand to 10^9 values and more, passes it. Counted before anything is expanded.
 */
export const MAX_ALIAS_VALUES = 100_000;

export interface AliasScan {
  /** Each alias -> the node its anchor names (aliases without an anchor before them are missing). */
  targets: Map<Alias, YamlNode>;
  /** The alias at which the expansion passes MAX_ALIAS_VALUES, with its path; absent when it never does. */
  bomb?: { alias: Alias; target: YamlNode; path: string };
}

/**
 * Resolves every alias and measures, without expanding anything, how many values expanding them
 * would produce: the size of each anchored node is computed once (aliases inside it counted at their
 * target's size), and every alias adds its target's size. O(document) even for a bomb, so refusing
 * one takes milliseconds. Merge keys count the whole merged mapping (an upper bound).
 */
export function scanAliases(doc: Document.Parsed): AliasScan {
  const targets = anchorTargets(doc);
  if (targets.size === 0) return { targets };
  const sizes = new Map<YamlNode, number>();
  const segments: Array<string | number> = [];
  let expanded = 0;
  let bomb: AliasScan['bomb'];
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const target = targets.get(node);
      // The anchored node is complete here unless the alias sits inside it (a cycle: the walk reports it).
      const n = target === undefined ? 0 : (sizes.get(target) ?? 0);
      expanded += n;
      if (bomb === undefined && target !== undefined && expanded > MAX_ALIAS_VALUES) bomb = { alias: node, target, path: segments.join('.') };
      return n;
    }
    let n = 1;
    if (isSeq(node)) {
      node.items.forEach((item, i) => {
        segments.push(i);
        n += size(item);
        segments.pop();
      });
    } else if (isMap(node)) {
      for (const pair of node.items) {
        segments.push(isScalar(pair.key) ? String(pair.key.value) : '?');
        n += size(pair.value);
        segments.pop();
      }
    }
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor !== undefined) sizes.set(node, n);
    return n;
  };
  size(doc.contents);
  return bomb === undefined ? { targets } : { targets, bomb };
}

/**
 * Each alias -> the node its anchor names: the latest anchor of that name before the alias, in
 * document order (YAML 1.2 §3.2.2.2; an anchor may be redefined). An alias with no anchor before it
 * is missing from the map.
 */
function anchorTargets(doc: Document.Parsed): Map<Alias, YamlNode> {
  const anchors = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode>();
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target !== undefined) targets.set(node, target);
    } else if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor !== undefined) {
      anchors.set(node.anchor, node);
    }
  });
  return targets;
}

/** The anchor names a document defines, for "did you mean" on an alias that names none. */
export function anchorNames(doc: Document.Parsed): string[] {
  const names = new Set<string>();
  visit(doc, (_key, node) => {
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor !== undefined) names.add(node.anchor);
  });
  return [...names];
}

/**
 * Offset of the `&name` that anchors `node`. The yaml package's node range starts at the content,
 * after the anchor; the anchor is the nearest `&name` before it (only spaces, line breaks, a tag or
 * a comment can sit between them).
 */
export function anchorOffset(text: string, node: YamlNode): number {
  const start = node.range?.[0] ?? 0;
  if (node.anchor === undefined) return start;
  const at = text.lastIndexOf(`&${node.anchor}`, start);
  return at >= 0 ? at : start;
}

/**
 * A YAML 1.1 merge key: the plain scalar `<<` (a quoted "<<" is an ordinary key). YAML 1.2's core
 * schema has no merge keys, so the walker gives them their 1.1 meaning itself.
 */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.value === '<<' && key.type === 'PLAIN' && key.tag === undefined;
}
