import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node as YamlNode, type ParsedNode, type Pair } from 'yaml';
import type { Diagnostic, ErrorCode } from '../errors/index.js';
import { closest } from './suggest.js';
import { FORBIDDEN_KEYS, MAX_KEY_CHARS, childPath, diagAt, makeSpan, type PlainMap, type PlainValue, type PositionIndex } from './tree.js';
import { anchorNames, anchorOffset, isMergeKey } from './yaml-aliases.js';

/** Tags of the YAML 1.2 core schema, which only restate what the value already is. */
const CORE_TAGS: ReadonlySet<string> = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

const MAX_WALK_DEPTH = 400;
/**
 * The longest dotted path walked (a real one is ~100 characters: `vpcs.<address>.routes.199.nexthop`).
 * With MAX_KEY_CHARS it bounds the memory of each node's position, however often aliases repeat it.
 */
const MAX_PATH_CHARS = 512;
/** The merge key's entry in a mapping's seen-keys table (no string key can be this). */
const MERGE_SLOT = '\u0000<<';

/**
 * Inside an alias's expansion: the alias as written at the use site. Every node of the expansion
 * is placed there (that is the line to look at for this VPC), and remembers where it is written.
 */
interface Expansion {
  alias: string;
  site: number;
  anchor: number;
}

type MapNode = { items: ReadonlyArray<Pair<unknown, unknown>> } & YamlNode;

/**
 * A parsed YAML document -> plain data, recording the position of every node (by dotted path).
 * Refuses what a desired-state file never needs: custom tags, keys that are not strings,
 * JavaScript-internal keys. Aliases are expanded (the `yaml` package only parses them; scanAliases
 * has checked that the expansion is bounded); `<<` merge keys merge as in YAML 1.1. Duplicate keys
 * are reported; the first one is kept.
 */
export class Walker {
  readonly diagnostics: Diagnostic[] = [];
  /** Set when the tree is not worth validating further (bad aliases, tags, odd keys). */
  fatal = false;
  /** Collections being walked: an alias to one of them would expand forever. */
  private readonly open = new Set<YamlNode>();
  /** A problem inside an anchored value is met once per alias: reported once, where it is written. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly positions: PositionIndex,
    private readonly text: string,
    private readonly doc: Document.Parsed,
    /** From scanAliases, which also made sure that expanding them stays within MAX_ALIAS_VALUES. */
    private readonly targets: ReadonlyMap<Alias, YamlNode>,
  ) {}

  node(node: ParsedNode | YamlNode | null, path: string, keyOffset: number | undefined, depth: number, exp?: Expansion): PlainValue {
    if (node === null) return null;
    const real = node.range?.[0] ?? keyOffset ?? 0;
    const span = exp === undefined ? makeSpan(keyOffset, real, false) : makeSpan(keyOffset, exp.site, false, { alias: exp.alias, anchor: exp.anchor, origin: real });
    this.positions.spans.set(path, span);
    if (depth > MAX_WALK_DEPTH || path.length > MAX_PATH_CHARS) {
      this.fail(path, 'CONFIG_TOO_DEEP', `The document nests too deeply (deeper than ${MAX_WALK_DEPTH} levels or ${MAX_PATH_CHARS} characters of keys)`, 'A desired-state file is five levels deep at most.');
      return null;
    }
    if (isAlias(node)) return this.alias(node, path, keyOffset, depth, exp);
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      const shown = node.tag.replace(/^tag:yaml\.org,2002:/, '!!');
      this.fatal = true;
      this.report(real, path, 'CONFIG_TAG', `The tag ${shown} is not supported`, 'Remove the tag: desired-state files hold plain strings, numbers, booleans, lists and mappings.');
      return null;
    }
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
      if (typeof v === 'number') {
        span.source = node.source ?? String(v);
        return v;
      }
      return String(v);
    }
    if (isSeq(node)) {
      span.collection = true;
      this.open.add(node);
      const out: PlainValue[] = [];
      node.items.forEach((item, i) => {
        out.push(this.node(item as YamlNode | null, childPath(path, i), undefined, depth + 1, exp));
      });
      this.open.delete(node);
      return out;
    }
    if (isMap(node)) {
      span.collection = true;
      this.open.add(node);
      const out = this.map(node, path, depth, exp);
      this.open.delete(node);
      return out;
    }
    this.fail(path, 'CONFIG_SYNTAX', 'Unsupported YAML construct', 'Use plain mappings, lists and scalars.');
    return null;
  }

  /** `*name`: the anchored node, walked again at this path (counted against MAX_ALIAS_VALUES). */
  private alias(node: Alias, path: string, keyOffset: number | undefined, depth: number, exp: Expansion | undefined): PlainValue {
    const resolved = this.resolve(node, path, exp);
    if (resolved === undefined) return null;
    return this.node(resolved.target, path, keyOffset, depth + 1, resolved.exp);
  }

  /** The node an alias stands for and the expansion it opens, or undefined (reported) when it cannot be used. */
  private resolve(node: Alias, path: string, exp: Expansion | undefined): { target: YamlNode; exp: Expansion } | undefined {
    const target = this.targets.get(node);
    const site = node.range?.[0] ?? 0;
    if (target === undefined) {
      const guess = closest(node.source, anchorNames(this.doc));
      this.fatal = true;
      this.report(site, path, 'CONFIG_ALIAS', `The alias *${node.source} names no anchor defined before it`, guess !== undefined ? `Did you mean *${guess}?` : `Put \`&${node.source}\` on the value to repeat, above this line, or fix the name.`);
      return undefined;
    }
    if (this.open.has(target)) {
      this.fatal = true;
      this.report(site, path, 'CONFIG_ALIAS', `The alias *${node.source} is inside the value it names, so it would repeat forever`, 'An alias can only repeat a value written elsewhere: move it out of its anchored value.');
      return undefined;
    }
    return { target, exp: exp ?? { alias: node.source, site, anchor: anchorOffset(this.text, target) } };
  }

  private map(node: MapNode, path: string, depth: number, exp: Expansion | undefined): PlainMap {
    const out = Object.create(null) as PlainMap;
    const seen = new Map<string, number>();
    let merges: Array<Pair<unknown, unknown>> | undefined;
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyReal = keyNode?.range?.[0] ?? this.positions.spans.get(path)?.value ?? 0;
      const keyOffset = exp === undefined ? keyReal : exp.site;
      const merge = isMergeKey(keyNode);
      const key = merge ? '<<' : this.keyOf(keyNode, keyReal, path);
      if (key === undefined) continue;
      // A quoted "<<" is an ordinary key: it does not clash with the merge key.
      const seenKey = merge ? MERGE_SLOT : key;
      const first = seen.get(seenKey);
      if (first !== undefined) {
        this.duplicate(key, keyReal, first, path);
        continue;
      }
      seen.set(seenKey, keyReal);
      if (merge) {
        (merges ??= []).push(pair);
        continue;
      }
      const child = childPath(path, key);
      out[key] = this.node(pair.value as YamlNode | null, child, keyOffset, depth + 1, exp);
      if (pair.value === null) this.positions.spans.set(child, this.nullSpan(keyOffset, keyReal, exp));
    }
    // The mapping's own keys win over merged ones, wherever the `<<` stands (YAML 1.1 merge).
    for (const pair of merges ?? []) this.merge(pair, out, path, depth + 1, exp);
    return out;
  }

  /** `<<: *a`, `<<: {…}` or `<<: [*a, *b]` (earlier mappings win): adds the keys `out` does not have yet. */
  private merge(pair: Pair<unknown, unknown>, out: PlainMap, path: string, depth: number, exp: Expansion | undefined): void {
    const at = childPath(path, '<<');
    if (depth > MAX_WALK_DEPTH) {
      this.fail(at, 'CONFIG_TOO_DEEP', `Merge keys nest deeper than ${MAX_WALK_DEPTH} levels`, 'Merge a mapping that does not itself merge so many others.');
      return;
    }
    const keyAt = (pair.key as YamlNode | null)?.range?.[0] ?? 0;
    const value = this.through(pair.value as YamlNode | null, at, exp, keyAt);
    if (value === undefined) return;
    const sources = isSeq(value.node) ? value.node.items.map((item) => this.through(item as YamlNode | null, at, value.exp, value.written)) : [value];
    for (const source of sources) {
      if (source === undefined) continue;
      if (!isMap(source.node)) {
        this.report(source.written, at, 'CONFIG_MERGE', `A merge key (<<) takes a mapping or a list of mappings; this is ${describe(source.node)}`, 'Write `<<: *name` where `&name` anchors a mapping, or `<<: [*a, *b]`.');
        continue;
      }
      if (this.open.has(source.node)) {
        this.fatal = true;
        this.report(source.node.range?.[0] ?? 0, at, 'CONFIG_ALIAS', 'This mapping merges itself (through `<<`), so it would repeat forever', 'Merge a mapping defined elsewhere, not the one that holds the `<<`.');
        continue;
      }
      this.open.add(source.node);
      this.mergeMap(source.node, out, path, depth, source.exp);
      this.open.delete(source.node);
    }
  }

  private mergeMap(source: MapNode, out: PlainMap, path: string, depth: number, exp: Expansion | undefined): void {
    const own = new Map<string, number>();
    const nested: Array<Pair<unknown, unknown>> = [];
    for (const pair of source.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyReal = keyNode?.range?.[0] ?? source.range?.[0] ?? 0;
      if (isMergeKey(keyNode)) {
        nested.push(pair);
        continue;
      }
      const key = this.keyOf(keyNode, keyReal, path);
      if (key === undefined) continue;
      const first = own.get(key);
      if (first !== undefined) {
        this.duplicate(key, keyReal, first, path);
        continue;
      }
      own.set(key, keyReal);
      if (key in out) continue;
      const child = childPath(path, key);
      const keyOffset = exp === undefined ? keyReal : exp.site;
      out[key] = this.node(pair.value as YamlNode | null, child, keyOffset, depth + 1, exp);
      if (pair.value === null) this.positions.spans.set(child, this.nullSpan(keyOffset, keyReal, exp));
    }
    for (const pair of nested) this.merge(pair, out, path, depth + 1, exp);
  }

  /** A node, or what the alias it is stands for; `written` is where the node or alias is written. */
  private through(
    node: YamlNode | null,
    path: string,
    exp: Expansion | undefined,
    fallback: number,
  ): { node: YamlNode | null; exp: Expansion | undefined; written: number } | undefined {
    const written = node?.range?.[0] ?? fallback;
    if (!isAlias(node)) return { node, exp, written };
    const resolved = this.resolve(node, path, exp);
    return resolved === undefined ? undefined : { node: resolved.target, exp: resolved.exp, written };
  }

  /** A mapping key as a string, or undefined (reported) when it is not a plain string or is forbidden. */
  private keyOf(keyNode: YamlNode | null, keyReal: number, path: string): string | undefined {
    if (!isScalar(keyNode) || keyNode.tag !== undefined || keyNode.value === null || typeof keyNode.value === 'object') {
      this.fatal = true;
      this.report(keyReal, path, 'CONFIG_KEY_TYPE', 'This mapping key is not a plain string', 'Keys are plain names such as `cidr` or `web`.');
      return undefined;
    }
    const key = String(keyNode.value);
    if (key.length > MAX_KEY_CHARS) {
      this.fatal = true;
      this.report(keyReal, path, 'CONFIG_KEY_TOO_LONG', `This mapping key is ${key.length} characters long; desired-state keys are at most 64`, 'Check that this is the file you meant: addresses are at most 64 characters, tag keys 36.');
      return undefined;
    }
    if (FORBIDDEN_KEYS.has(key)) {
      this.fatal = true;
      const hint = isTagsPath(path)
        ? 'Remove it: vpcform refuses this key everywhere, tag keys included (it names a part of JavaScript objects).'
        : 'Remove it: it is never a desired-state key (it names a part of JavaScript objects).';
      this.report(keyReal, childPath(path, key), 'CONFIG_FORBIDDEN_KEY', `The key "${key}" is not allowed`, hint);
      return undefined;
    }
    return key;
  }

  private duplicate(key: string, offset: number, first: number, path: string): void {
    const at = this.positions.locate(first);
    const tags = isTagsPath(path);
    const summary = tags ? `The tag "${key}" is given twice in \`tags\`` : `The key "${key}" appears twice in this mapping`;
    let hint = 'Remove one of them or rename it; only the first is used.';
    if (tags) hint = 'A VPC holds one value per tag key: remove one of them.';
    else if (key === '<<') hint = 'Merge several mappings with one key: `<<: [*a, *b]` (earlier ones win).';
    this.report(offset, childPath(path, key), 'CONFIG_DUPLICATE_KEY', summary, hint, `first defined at line ${at.line}, column ${at.col}`);
  }

  private nullSpan(keyOffset: number, keyReal: number, exp: Expansion | undefined): ReturnType<typeof makeSpan> {
    return exp === undefined ? makeSpan(keyOffset, keyOffset, false) : makeSpan(keyOffset, keyOffset, false, { alias: exp.alias, anchor: exp.anchor, origin: keyReal });
  }

  private fail(path: string, code: ErrorCode, summary: string, hint: string): void {
    this.fatal = true;
    // Nesting too deep is said once: aliases can repeat the deep value many times.
    if (code === 'CONFIG_TOO_DEEP' && this.diagnostics.some((d) => d.code === code)) return;
    this.diagnostics.push(diagAt(this.positions, path, code, summary, { hint }));
  }

  /** A diagnostic at the place it is written (not at an alias's use site), once per place and code. */
  private report(offset: number, path: string, code: ErrorCode, summary: string, hint: string, detail?: string): void {
    const key = `${code}@${offset}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const d = diagAt(this.positions, path, code, summary, { hint, ...(detail !== undefined && { detail }) });
    this.diagnostics.push({ ...d, location: this.positions.locate(offset) });
  }
}

/** `vpcs.<address>.tags`: duplicate and forbidden keys there get tag-specific words. */
function isTagsPath(path: string): boolean {
  return path.startsWith('vpcs.') && path.endsWith('.tags') && path.indexOf('.', 5) === path.length - 5;
}

function describe(node: YamlNode | null): string {
  if (node === null) return 'empty';
  if (isSeq(node)) return 'a list inside the list';
  if (isScalar(node)) return `the value ${JSON.stringify(node.value)}`;
  return 'not a mapping';
}
