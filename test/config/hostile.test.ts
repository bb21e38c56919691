import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors/index.js';
import { MAX_FILE_BYTES, parseDesired, type ParseResult } from '../../src/config/index.js';

const EXAMPLES = ['examples/vpcs.yaml', 'examples/huaweicloud.yaml'].map((f) => readFileSync(f, 'utf8'));

function codes(result: ParseResult): string[] {
  return result.diagnostics.map((d) => d.code);
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

/** The contract every result keeps, whatever the input. */
function wellFormed(result: ParseResult, text: string): void {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(result.state === undefined).toBe(errors.length > 0);
  const lines = text.split('\n').length;
  for (const d of result.diagnostics) {
    expect(Object.keys(ERROR_CODES)).toContain(d.code);
    expect(d.code).not.toBe('INTERNAL');
    expect(d.summary.length).toBeGreaterThan(0);
    expect(d.hint?.length ?? 0).toBeGreaterThan(0);
    if (d.location) {
      expect(d.location.line).toBeGreaterThanOrEqual(1);
      expect(d.location.line).toBeLessThanOrEqual(lines + 1);
      expect(d.location.col).toBeGreaterThanOrEqual(1);
    }
  }
}

describe('hostile input', () => {
  it('refuses a 50 MB document by its size, quickly', () => {
    const big = 'a'.repeat(50 * 1024 * 1024);
    const { value, ms } = timed(() => parseDesired(big, 'big.yaml'));
    expect(codes(value)).toEqual(['CONFIG_TOO_LARGE']);
    expect(ms).toBeLessThan(200);
    const bytes = new Uint8Array(MAX_FILE_BYTES + 1);
    expect(codes(parseDesired(bytes, 'big.bin'))).toEqual(['CONFIG_TOO_LARGE']);
  });

  it('refuses alias bombs without expanding them', () => {
    // 10^30 values if expanded; 10^9 once past a9. Refused from a measure of the expansion, in milliseconds.
    let text = 'version: 1\ntarget: {cloud: otc, region: eu-de}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 30; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    text += 'vpcs: *a29\n';
    const { value, ms } = timed(() => parseDesired(text, 'bomb.yaml'));
    expect(codes(value)).toEqual(['CONFIG_ALIAS']);
    expect(value.diagnostics[0]?.summary).toContain('more than 100,000 values');
    // a1..a3 expand to 12,330 values; each *a3 adds 11,111: the 8th in a4 passes the limit. It is shown, with its anchor.
    expect(value.diagnostics[0]?.location).toEqual({ file: 'bomb.yaml', line: 7, col: 45 });
    expect(value.diagnostics[0]?.path).toBe('a4.7');
    expect(value.diagnostics[0]?.detail).toBe('The count passes 100,000 at *a3 (anchor &a3 at line 6, column 5). Nothing was expanded.');
    expect(ms).toBeLessThan(1000);
  });

  it('refuses merge-key bombs and merges that loop', () => {
    let text = 'version: 1\ntarget: {cloud: otc, region: eu-de}\nm0: &m0 {a: x, b: x}\n';
    for (let i = 1; i < 40; i++) text += `m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}], k${i}: x}\n`;
    text += 'vpcs: {}\n';
    const { value, ms } = timed(() => parseDesired(text, 'merge-bomb.yaml'));
    expect(codes(value)).toEqual(['CONFIG_ALIAS']);
    expect(ms).toBeLessThan(1000);
    const loop = parseDesired('version: 1\ntarget: {cloud: otc, region: eu-de}\nvpcs:\n  v0: &v\n    <<: *v\n    name: x\n', 'loop.yaml');
    expect(codes(loop)).toEqual(['CONFIG_ALIAS']);
    expect(loop.diagnostics[0]?.location).toEqual({ file: 'loop.yaml', line: 5, col: 9 });
    const self = parseDesired('version: 1\ntarget: {cloud: otc, region: eu-de}\nvpcs: &v {a: {name: a}, b: *v}\n', 'self.yaml');
    expect(codes(self)).toEqual(['CONFIG_ALIAS']);
  });

  it('accepts plain aliases, and keeps deep alias chains bounded', () => {
    const plain = parseDesired('version: 1\ntarget: {cloud: otc, region: eu-de}\nvpcs:\n  a: {name: a, cidr: &c 10.0.0.0/16}\n  b: {name: b, cidr: *c}\n', 'plain.yaml');
    expect(plain.diagnostics).toEqual([]);
    expect(plain.state?.vpcs.map((v) => v.cidr)).toEqual(['10.0.0.0/16', '10.0.0.0/16']);
    // 300 anchors, each a list holding the one before: few values (45,000), but nested 300 deep.
    let chain = 'version: 1\ntarget: {cloud: otc, region: eu-de}\nc0: &c0 x\n';
    for (let i = 1; i < 300; i++) chain += `c${i}: &c${i} [*c${i - 1}]\n`;
    const { value, ms } = timed(() => parseDesired(`${chain}vpcs: {}\n`, 'chain.yaml'));
    expect(codes(value)).toEqual(['CONFIG_TOO_DEEP']);
    expect(ms).toBeLessThan(2000);
  });

  it('reads a long run of spaces inside a value in linear time', () => {
    for (const value of [`x${' '.repeat(400_000)}x`, `[x${' '.repeat(400_000)}x]`]) {
      const { value: result, ms } = timed(() => parseDesired(`version: 1\nnote: ${value}\n`, 'spaces.yaml'));
      expect(codes(result)).not.toContain('INTERNAL');
      expect(ms).toBeLessThan(1000);
    }
  });

  it('never pollutes prototypes', () => {
    const r = parseDesired('version: 1\ntarget: {cloud: otc, region: eu-de, __proto__: {polluted: true}}\nvpcs: {constructor: {prototype: {polluted: true}}}\n', 'p.yaml');
    expect(codes(r)).toEqual(['CONFIG_FORBIDDEN_KEY', 'CONFIG_FORBIDDEN_KEY']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it.each([
    ['flow sequences', '['.repeat(10000) + ']'.repeat(10000)],
    ['flow mappings', '{a: '.repeat(10000) + '1' + '}'.repeat(10000)],
    ['block sequences', '- '.repeat(10000) + 'x\n'],
    ['block mappings', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n'],
  ])('survives 10,000-deep %s', (_name, text) => {
    const { value, ms } = timed(() => parseDesired(text, 'deep.yaml'));
    expect(codes(value)).toEqual(['CONFIG_TOO_DEEP']);
    expect(ms).toBeLessThan(2000);
  });

  it('accepts moderately nested brackets inside quotes', () => {
    const r = parseDesired(`version: 1\ntarget: {cloud: otc, region: eu-de}\nvpcs:\n  a: {name: a, description: "${'['.repeat(100)}"}\n`, 'q.yaml');
    expect(r.diagnostics).toEqual([]);
  });

  it('refuses NUL bytes and invalid UTF-8', () => {
    expect(codes(parseDesired('version: 1\u0000', 'n.yaml'))).toEqual(['CONFIG_BINARY']);
    expect(codes(parseDesired(new Uint8Array([0xc3, 0x28, 0x0a]), 'u.yaml'))).toEqual(['CONFIG_BINARY']);
  });

  it('accepts a BOM and CRLF line endings with right line numbers', () => {
    const text = `\ufeff${EXAMPLES[0]}`.replace(/\n/g, '\r\n');
    const r = parseDesired(new TextEncoder().encode(text), 'win.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.state?.sourceMap['vpcs.web.cidr']).toEqual(parseDesired(EXAMPLES[0] ?? '', 'win.yaml').state?.sourceMap['vpcs.web.cidr']);
    const versionLine = (EXAMPLES[0] ?? '').split('\n').findIndex((l) => l.startsWith('version:')) + 1;
    expect(versionLine).toBeGreaterThan(1);
    expect(r.state?.sourceMap['version']?.line).toBe(versionLine);
  });

  it('accepts a JSON document', () => {
    const json = JSON.stringify({ version: 1, target: { cloud: 'otc', region: 'eu-de' }, vpcs: { a: { name: 'a', cidr: '10.0.0.0/16' } } }, null, '\t');
    const r = parseDesired(json, 'a.json');
    expect(r.diagnostics).toEqual([]);
    expect(r.state?.vpcs[0]?.cidr).toBe('10.0.0.0/16');
  });

  it('explains multi-document files, empty files and syntax errors', () => {
    expect(codes(parseDesired('a: 1\n---\nb: 2\n', 'm.yaml'))).toEqual(['CONFIG_MULTI_DOCUMENT']);
    expect(codes(parseDesired('', 'e.yaml'))).toEqual(['CONFIG_EMPTY']);
    expect(codes(parseDesired('   \n# only a comment\n', 'e.yaml'))).toEqual(['CONFIG_EMPTY']);
    expect(codes(parseDesired('a: [1, 2\n', 's.yaml'))).toContain('CONFIG_SYNTAX');
    expect(codes(parseDesired('a:\n\tb: 1\n', 't.yaml'))).toEqual(['CONFIG_SYNTAX']);
  });

  it('caps the number of syntax diagnostics', () => {
    const r = parseDesired('a: "\n'.repeat(2000) + ']]]]\n'.repeat(500), 'junk.yaml');
    expect(r.diagnostics.length).toBeLessThanOrEqual(51);
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});

describe('parseDesired never throws (properties)', () => {
  it('on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        wellFormed(parseDesired(text, 'any.yaml'), text);
      }),
      { numRuns: 300 },
    );
  });

  it('on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = parseDesired(bytes, 'any.bin');
        expect(r.diagnostics.every((d) => d.code !== 'INTERNAL')).toBe(true);
        if (r.state === undefined) expect(r.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('on any mutation of the examples', () => {
    const yamlish = fc.constantFrom(':', ' ', '\n', '-', '[', ']', '{', '}', '"', "'", '#', '&a', '*a', '!t', '\t', '---\n', '__proto__', '0', '/', '.', 'x');
    const mutation = fc.record({
      example: fc.nat({ max: EXAMPLES.length - 1 }),
      edits: fc.array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 5 }), insert: fc.oneof(yamlish, fc.string({ maxLength: 4 })) }), { minLength: 1, maxLength: 6 }),
    });
    fc.assert(
      fc.property(mutation, ({ example, edits }) => {
        let text = EXAMPLES[example] ?? '';
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }
        wellFormed(parseDesired(text, 'mutated.yaml'), text);
      }),
      { numRuns: 400 },
    );
  });
});
