import type { Diagnostic, ErrorCode, Severity, SourceLocation } from '../errors/index.js';

/**
 * The document as plain data, before validation. Mappings are null-prototype objects, so keys such
 * as `__proto__` can never reach a prototype (they are refused anyway).
 */
export type PlainValue = string | number | boolean | null | PlainMap | PlainValue[];
export interface PlainMap {
  [key: string]: PlainValue;
}

/**
 * The longest mapping key either reader accepts. The longest real keys are addresses (64); a far
 * longer key is refused at once, because every node below it carries it in its dotted path, and
 * aliases can repeat such a node many times.
 */
export const MAX_KEY_CHARS = 256;

/** Keys that name parts of JavaScript objects: refused wherever they appear. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isPlainMap(value: PlainValue | undefined): value is PlainMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a node sits: offsets of its key (for mapping entries) and value; the source text of a non-string scalar. */
export interface NodeSpan {
  key: number | undefined;
  value: number;
  source: string | undefined;
  /** A mapping or list: the source map points at its key rather than its first line. */
  collection: boolean;
  /** Set when the node was reached through an alias: then `key` and `value` are the alias's use site. */
  via: AliasOrigin | undefined;
}

/**
 * How an aliased node came to its path: the alias written at the use site (`*routes`), where its
 * anchor is, and where the node itself is written (inside the anchored value).
 */
export interface AliasOrigin {
  alias: string;
  anchor: number;
  origin: number;
}

/** Every span has the same shape (one hidden class: there are ~10 per VPC). */
export function makeSpan(key: number | undefined, value: number, collection: boolean, via?: AliasOrigin): NodeSpan {
  return { key, value, source: undefined, collection, via };
}

/**
 * Node positions by dotted path (`vpcs.web.cidr`, `` for the root), plus the offset -> line:col
 * conversion of the file. Diagnostics use it to point at the right YAML node. (A key that itself
 * holds a dot is refused by the rules; its position is still found, by the exact string.)
 */
export class PositionIndex {
  readonly spans = new Map<string, NodeSpan>();
  /** Fills `spans` on first need, when the document was first read without positions. */
  private filler: (() => void) | undefined;

  constructor(
    readonly file: string,
    private readonly lineStarts: readonly number[],
  ) {}

  /**
   * Positions are often never needed (a valid file whose source map nobody reads), so a reader may
   * skip them and leave a way to record them later; every lookup below calls `ensure` first.
   */
  fillLater(filler: () => void): void {
    this.filler = filler;
  }

  ensure(): void {
    const filler = this.filler;
    this.filler = undefined;
    filler?.();
  }

  locate(offset: number): SourceLocation {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, col: offset - (this.lineStarts[lo] ?? 0) + 1 };
  }

  /**
   * `locate` for offsets that mostly increase (spans in document order): walks forward from the
   * last line instead of searching, and searches only when an offset goes backwards.
   */
  cursor(): (offset: number) => SourceLocation {
    this.ensure();
    let line = 0;
    const starts = this.lineStarts;
    return (offset) => {
      if (offset < (starts[line] ?? 0)) return this.locate(offset);
      while (line + 1 < starts.length && (starts[line + 1] ?? 0) <= offset) line++;
      return { file: this.file, line: line + 1, col: offset - (starts[line] ?? 0) + 1 };
    };
  }

  /** The value's position (`value`), or the key's (`key`, falling back to the value). */
  at(path: string, which: 'key' | 'value' = 'value'): SourceLocation {
    this.ensure();
    const span = this.nearest(path);
    if (span === undefined) return { file: this.file, line: 1, col: 1 };
    return this.locate(which === 'key' && span.key !== undefined ? span.key : span.value);
  }

  /**
   * For a node that came through an alias (its position is the alias's use site): where the alias's
   * anchor is and where the value itself is written. Undefined for nodes written at their path.
   */
  aliasNote(path: string): string | undefined {
    this.ensure();
    const via = this.nearest(path)?.via;
    if (via === undefined) return undefined;
    const anchor = this.locate(via.anchor);
    const origin = this.locate(via.origin);
    return `This value comes through the alias *${via.alias} (anchor &${via.alias} at line ${anchor.line}, column ${anchor.col}); it is written at line ${origin.line}, column ${origin.col}.`;
  }

  source(path: string): string | undefined {
    this.ensure();
    return this.spans.get(path)?.source;
  }

  private nearest(path: string): NodeSpan | undefined {
    let p = path;
    for (;;) {
      const span = this.spans.get(p);
      if (span !== undefined || p === '') return span;
      const dot = p.lastIndexOf('.');
      p = dot < 0 ? '' : p.slice(0, dot);
    }
  }
}

/** `vpcs` + `web` -> `vpcs.web`: the dotted paths shown to people and used in source maps. */
export function childPath(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

/** ajv's JSON pointers -> dotted paths: `/vpcs/web/routes/0` -> `vpcs.web.routes.0`. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i >= 0) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** Builds an error diagnostic at a node. */
export function diagAt(
  positions: PositionIndex,
  path: string,
  code: ErrorCode,
  summary: string,
  extra: { hint?: string; detail?: string; which?: 'key' | 'value'; severity?: Severity } = {},
): Diagnostic {
  const d: Diagnostic = {
    code,
    severity: extra.severity ?? 'error',
    summary,
    location: positions.at(path, extra.which ?? 'value'),
  };
  if (path !== '') d.path = path;
  const note = positions.aliasNote(path);
  const detail = extra.detail !== undefined && note !== undefined ? `${extra.detail}\n${note}` : (extra.detail ?? note);
  if (detail !== undefined) d.detail = detail;
  if (extra.hint !== undefined) d.hint = extra.hint;
  return d;
}
