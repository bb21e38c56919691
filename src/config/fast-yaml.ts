import { FORBIDDEN_KEYS, MAX_KEY_CHARS, childPath, makeSpan, type PlainMap, type PlainValue, type PositionIndex } from './tree.js';

/**
 * A fast reader for the plain YAML that desired-state files are made of: block mappings and
 * sequences indented with spaces, one-line flow collections (`{ destination: …, nexthop: … }`),
 * single-line plain and quoted scalars, comments. It exists for speed only: the `yaml` package takes
 * seconds on a 10,000-VPC file, this takes tens of milliseconds.
 *
 * It produces exactly what yaml-tree.ts produces from the `yaml` package (same values, same node
 * positions; a differential property test holds it to that), and gives up — returns undefined —
 * on anything else: anchors, aliases, tags, block scalars, multi-line scalars, documents markers,
 * directives, tabs, control characters, empty values, duplicate, special or very long keys, numbers
 * other than plain integers. Every file it gives up on goes through the `yaml` package, which also reports
 * every problem; this reader never reports anything.
 */
export function fastYamlToTree(text: string, positions: PositionIndex, recordPositions = true): PlainValue | undefined {
  if (UNSUPPORTED_CHARS.test(text)) return undefined;
  try {
    const reader = new FastReader(text, positions, recordPositions);
    return reader.document();
  } catch (err) {
    if (err instanceof GiveUp) {
      positions.spans.clear();
      return undefined;
    }
    throw err;
  }
}

/** Thrown (and caught above) when the input leaves the supported subset; never escapes this file. */
class GiveUp {}
function giveUp(): never {
  throw new GiveUp();
}

// Tabs, control characters, lone CR, Unicode line separators, a BOM in the middle.
// eslint-disable-next-line no-control-regex
const UNSUPPORTED_CHARS = /[\t\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029\ufeff]|\r(?!\n)/;
const PLAIN_KEY = /[A-Za-z_$][A-Za-z0-9_.$/-]*/y;
const RESERVED_WORDS = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OTHER_NUMBER = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|0o[0-7]+|0x[0-9a-fA-F]+)$/;
/** Characters that cannot start a plain scalar here (YAML indicators and things this reader skips). */
const BAD_FIRST = new Set(['&', '*', '!', '|', '>', '%', '@', '`', ',', '[', ']', '{', '}', '?', ':', '#', "'", '"']);

interface Line {
  start: number;
  /** End of the content (before `\r\n` / `\n`). */
  end: number;
  /** Column of the first non-space character (0-based). */
  indent: number;
}

class FastReader {
  private readonly lines: Line[] = [];
  private li = 0;

  constructor(
    private readonly text: string,
    private readonly positions: PositionIndex,
    /** Without positions the reader only builds values (paths are not even formed): the fast first pass. */
    private readonly record: boolean,
  ) {
    let start = 0;
    while (start <= text.length) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = text.length;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let i = start;
      while (i < end && text.charCodeAt(i) === 32) i++;
      if (i < end && text[i] !== '#') {
        if (i === start && (text.startsWith('---', i) || text.startsWith('...', i) || text[i] === '%')) giveUp();
        this.lines.push({ start, end, indent: i - start });
      }
      start = nl + 1;
    }
  }

  document(): PlainValue | undefined {
    const first = this.lines[0];
    if (first === undefined || first.indent !== 0) return undefined;
    const value = this.block(0, '', undefined);
    if (this.li !== this.lines.length) giveUp();
    return value;
  }

  private line(): Line | undefined {
    return this.lines[this.li];
  }

  private isSeqItem(line: Line): boolean {
    const at = line.start + line.indent;
    return this.text[at] === '-' && (at + 1 === line.end || this.text[at + 1] === ' ');
  }

  /** A block node starting at the current line (already known to be indented at least `minIndent`). */
  private block(minIndent: number, path: string, keyOffset: number | undefined): PlainValue {
    const line = this.line() ?? giveUp();
    if (line.indent < minIndent) giveUp();
    if (this.isSeqItem(line)) return this.sequence(line.indent, path, keyOffset);
    return this.mapping(line.indent, line.start + line.indent, path, keyOffset);
  }

  private span(path: string, keyOffset: number | undefined, value: number, collection: boolean): void {
    if (!this.record) return;
    this.positions.spans.set(path, makeSpan(keyOffset, value, collection));
  }

  private mapping(col: number, firstOffset: number, path: string, keyOffset: number | undefined): PlainMap {
    this.span(path, keyOffset, firstOffset, true);
    const out = Object.create(null) as PlainMap;
    let offset = firstOffset;
    for (let first = true; ; first = false) {
      if (!first) {
        const l = this.line();
        if (l === undefined || l.indent < col) break;
        if (l.indent > col || this.isSeqItem(l)) giveUp();
        offset = l.start + l.indent;
      }
      const lineEnd = (this.line() ?? giveUp()).end;
      const { key, end } = this.key(offset, lineEnd);
      if (this.text[end] !== ':' || (end + 1 < lineEnd && this.text[end + 1] !== ' ')) giveUp();
      if (FORBIDDEN_KEYS.has(key) || key in out) giveUp();
      const child = this.child(path, key);
      const p = this.skipSpaces(end + 1, lineEnd);
      if (p === lineEnd || this.text[p] === '#') {
        this.li++;
        const next = this.line() ?? giveUp();
        if (next.indent > col) out[key] = this.block(col + 1, child, offset);
        else if (next.indent === col && this.isSeqItem(next)) out[key] = this.sequence(col, child, offset);
        else giveUp();
      } else {
        out[key] = this.inline(p, lineEnd, child, offset);
        this.li++;
        const next = this.line();
        if (next !== undefined && next.indent > col) giveUp();
      }
    }
    return out;
  }

  private sequence(col: number, path: string, keyOffset: number | undefined): PlainValue[] {
    const first = this.line() ?? giveUp();
    this.span(path, keyOffset, first.start + first.indent, true);
    const out: PlainValue[] = [];
    for (;;) {
      const l = this.line();
      if (l === undefined || l.indent < col || (l.indent === col && !this.isSeqItem(l))) break;
      if (l.indent > col) giveUp();
      const itemPath = this.child(path, out.length);
      const p = this.skipSpaces(l.start + l.indent + 1, l.end);
      if (p === l.end || this.text[p] === '#') giveUp();
      if (this.text[p] === '-' && (p + 1 === l.end || this.text[p + 1] === ' ')) giveUp();
      if (this.startsMapEntry(p, l.end)) {
        out.push(this.mapping(p - l.start, p, itemPath, undefined));
      } else {
        out.push(this.inline(p, l.end, itemPath, undefined));
        this.li++;
        const next = this.line();
        if (next !== undefined && next.indent > col) giveUp();
      }
    }
    return out;
  }

  private startsMapEntry(p: number, lineEnd: number): boolean {
    const c = this.text[p];
    if (c === '{' || c === '[') return false;
    try {
      const { end } = this.key(p, lineEnd);
      return this.text[end] === ':' && (end + 1 === lineEnd || this.text[end + 1] === ' ');
    } catch (err) {
      if (err instanceof GiveUp) return false;
      throw err;
    }
  }

  /** A mapping key: a plain identifier-like word, or a quoted string without escapes. */
  private key(p: number, lineEnd: number): { key: string; end: number } {
    const c = this.text[p];
    if (c === '"' || c === "'") {
      const q = this.quoted(p, lineEnd);
      if (q.value.length > MAX_KEY_CHARS) giveUp();
      return { key: q.value, end: q.end };
    }
    PLAIN_KEY.lastIndex = p;
    const m = PLAIN_KEY.exec(this.text);
    if (m === null || p + m[0].length > lineEnd) giveUp();
    const key = m[0];
    if (RESERVED_WORDS.test(key) || key.length > MAX_KEY_CHARS) giveUp();
    return { key, end: p + key.length };
  }

  /** A value on the rest of a block line: flow collection, quoted or plain scalar, then only a comment. */
  private inline(p: number, lineEnd: number, path: string, keyOffset: number | undefined): PlainValue {
    let value: PlainValue;
    let end: number;
    const c = this.text[p];
    if (c === '[' || c === '{') {
      ({ value, end } = this.flow(p, lineEnd, path, keyOffset));
    } else if (c === '"' || c === "'") {
      const q = this.quoted(p, lineEnd);
      this.span(path, keyOffset, p, false);
      ({ value, end } = q);
    } else {
      const stop = this.find(' #', p, lineEnd);
      const raw = this.text.slice(p, this.trimSpacesBefore(stop < 0 ? lineEnd : stop, p));
      value = this.plain(raw, path, keyOffset, p, false);
      end = p + raw.length;
    }
    const rest = this.skipSpaces(end, lineEnd);
    if (rest !== lineEnd && !(this.text[rest] === '#' && rest > end)) giveUp();
    return value;
  }

  private plain(raw: string, path: string, keyOffset: number | undefined, at: number, inFlow: boolean): PlainValue {
    const first = raw[0];
    if (raw === '' || first === undefined || BAD_FIRST.has(first)) giveUp();
    if (first === '-' && (raw.length === 1 || raw[1] === ' ')) giveUp();
    if (raw.includes(': ') || raw.endsWith(':') || raw.includes(' #') || (inFlow && raw.includes('#'))) giveUp();
    if (RESERVED_WORDS.test(raw)) {
      if (/^(?:[Tt]rue|TRUE)$/.test(raw)) return this.scalar(true, path, keyOffset, at);
      if (/^(?:[Ff]alse|FALSE)$/.test(raw)) return this.scalar(false, path, keyOffset, at);
      giveUp();
    }
    if (INT.test(raw)) {
      this.span(path, keyOffset, at, false);
      const span = this.record ? this.positions.spans.get(path) : undefined;
      if (span !== undefined) span.source = raw;
      return parseInt(raw, 10);
    }
    if (OTHER_NUMBER.test(raw)) giveUp();
    return this.scalar(raw, path, keyOffset, at);
  }

  private scalar<T extends PlainValue>(value: T, path: string, keyOffset: number | undefined, at: number): T {
    this.span(path, keyOffset, at, false);
    return value;
  }

  private quoted(p: number, lineEnd: number): { value: string; end: number } {
    const q = this.text[p];
    if (q === '"') {
      const close = this.find('"', p + 1, lineEnd);
      if (close < 0) giveUp();
      const value = this.text.slice(p + 1, close);
      if (value.includes('\\')) giveUp();
      return { value, end: close + 1 };
    }
    let value = '';
    let i = p + 1;
    for (;;) {
      const close = this.find("'", i, lineEnd);
      if (close < 0) giveUp();
      value += this.text.slice(i, close);
      if (this.text[close + 1] === "'") {
        value += "'";
        i = close + 2;
      } else {
        return { value, end: close + 1 };
      }
    }
  }

  /** A flow collection that opens and closes on this line. */
  private flow(p: number, lineEnd: number, path: string, keyOffset: number | undefined): { value: PlainValue; end: number } {
    this.span(path, keyOffset, p, true);
    const isMap = this.text[p] === '{';
    const close = isMap ? '}' : ']';
    const out: PlainValue[] = [];
    const map = Object.create(null) as PlainMap;
    let i = this.skipSpaces(p + 1, lineEnd);
    if (this.text[i] === close) return { value: isMap ? map : out, end: i + 1 };
    for (;;) {
      if (isMap) {
        const keyAt = i;
        const { key, end } = this.key(i, lineEnd);
        if (this.text[end] !== ':' || this.text[end + 1] !== ' ') giveUp();
        if (FORBIDDEN_KEYS.has(key) || key in map) giveUp();
        const v = this.flowValue(this.skipSpaces(end + 1, lineEnd), lineEnd, this.child(path, key), keyAt);
        map[key] = v.value;
        i = v.end;
      } else {
        const v = this.flowValue(i, lineEnd, this.child(path, out.length), undefined);
        out.push(v.value);
        i = v.end;
      }
      i = this.skipSpaces(i, lineEnd);
      if (this.text[i] === close) return { value: isMap ? map : out, end: i + 1 };
      if (this.text[i] !== ',') giveUp();
      i = this.skipSpaces(i + 1, lineEnd);
      if (this.text[i] === close || i >= lineEnd) giveUp();
    }
  }

  private flowValue(p: number, lineEnd: number, path: string, keyOffset: number | undefined): { value: PlainValue; end: number } {
    const c = this.text[p];
    if (p >= lineEnd) giveUp();
    if (c === '[' || c === '{') return this.flow(p, lineEnd, path, keyOffset);
    if (c === '"' || c === "'") {
      const q = this.quoted(p, lineEnd);
      this.span(path, keyOffset, p, false);
      return q;
    }
    let stop = p;
    while (stop < lineEnd && !',[]{}'.includes(this.text[stop] ?? ',')) stop++;
    const raw = this.text.slice(p, this.trimSpacesBefore(stop, p));
    return { value: this.plain(raw, path, keyOffset, p, true), end: p + raw.length };
  }

  /** `indexOf` bounded by the end of the line (an unbounded search would make the reader quadratic). */
  private find(needle: string, from: number, lineEnd: number): number {
    for (let i = from; i + needle.length <= lineEnd; i++) if (this.text.startsWith(needle, i)) return i;
    return -1;
  }

  private child(path: string, key: string | number): string {
    return this.record ? childPath(path, key) : '';
  }

  /** Where trailing spaces before `end` start (a `/ +$/` replace is quadratic on a long run of inner spaces). */
  private trimSpacesBefore(end: number, start: number): number {
    while (end > start && this.text.charCodeAt(end - 1) === 32) end--;
    return end;
  }

  private skipSpaces(i: number, lineEnd: number): number {
    while (i < lineEnd && this.text.charCodeAt(i) === 32) i++;
    return i;
  }
}
