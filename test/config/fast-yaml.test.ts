import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastYamlToTree } from '../../src/config/fast-yaml.js';
import { PositionIndex, lineStartsOf } from '../../src/config/tree.js';
import { yamlPackageToTree } from '../../src/config/yaml-tree.js';

/**
 * The fast reader must agree with the `yaml` package on every input it accepts: same values, same
 * node positions, and the package must find nothing wrong there. Inputs it declines are fine.
 */
function agree(text: string): 'fast' | 'declined' {
  const fastPositions = new PositionIndex('f.yaml', lineStartsOf(text));
  const fast = fastYamlToTree(text, fastPositions);
  if (fast === undefined) {
    expect(fastPositions.spans.size).toBe(0);
    return 'declined';
  }
  const valuesOnly = new PositionIndex('f.yaml', lineStartsOf(text));
  expect(JSON.stringify(fastYamlToTree(text, valuesOnly, false))).toBe(JSON.stringify(fast));
  expect(valuesOnly.spans.size).toBe(0);
  const slowPositions = new PositionIndex('f.yaml', lineStartsOf(text));
  const slow = yamlPackageToTree(text, slowPositions);
  expect(slow.diagnostics).toEqual([]);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.value));
  expect(Object.fromEntries(fastPositions.spans)).toEqual(Object.fromEntries(slowPositions.spans));
  return 'fast';
}

const EXAMPLES = ['examples/vpcs.yaml', 'examples/huaweicloud.yaml'].map((f) => readFileSync(f, 'utf8'));

// Mostly ordinary scalars, and some that stress resolution: numbers, booleans, nulls, look-alikes,
// quotes, URLs, comments, indicators the fast reader must decline.
const ordinaryScalar = fc.constantFrom('vpc-web', '192.168.0.0/16', '0.0.0.0/0', '1', '7', '-5', '+7', '007', 'true', 'False', 'a b', "'q'", '"dq"', '[a, b]', '{ destination: 0.0.0.0/0, nexthop: 192.168.0.5 }', 'x # comment', 'http://127.0.0.1:8080', 'a,b');
const trickyScalar = fc.constantFrom(
  '1.5', '1e3', '.inf', '0x1f', '0o17', 'TRUE', 'yes', 'no', 'null', '~', '', 'a: b', 'a:b', 'a #c', 'a#b', "'it''s'", '"a\\"b"', '"x" y', '-', '- x', '? x',
  '&a x', '*a', '!t x', '|', '>', '%x', '@x', '`x', '[]', '{}', '{a: 1, b: [x, y]}', '[a,]', '{a: 1,}', '{"a":1}', '{a: }', '[a, [b, {c: d}]]', 'tail  ', 'ü', '<b>', 'a]b', '__proto__',
);
const scalarText = fc.oneof({ arbitrary: ordinaryScalar, weight: 6 }, { arbitrary: trickyScalar, weight: 1 });
const keyText = fc.oneof(
  { arbitrary: fc.constantFrom('name', 'cidr', 'id', 'vpcs', 'web', 'routes', 'a.b', '$schema', 'x/y', '"quoted"', "'single'"), weight: 8 },
  { arbitrary: fc.constantFrom('null', 'true', '1st', '__proto__', 'constructor', 'k k', '-k', '?k', 'name'), weight: 1 },
);

interface Tree {
  kind: 'map' | 'seq' | 'scalar';
  entries?: Array<[string, Tree]>;
  items?: Tree[];
  text?: string;
}
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarText.map((text) => ({ kind: 'scalar' as const, text })),
    fc.array(fc.tuple(keyText, tie('node')), { minLength: 1, maxLength: 4 }).map((entries) => ({ kind: 'map' as const, entries })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items) => ({ kind: 'seq' as const, items })),
  ),
})).node;

interface Style {
  indent: number;
  seqAtKeyIndent: boolean;
  comments: boolean;
  crlf: boolean;
  spaces: number;
}

function render(node: Tree, style: Style): string {
  const lines: string[] = [];
  const pad = (n: number) => ' '.repeat(n);
  const emit = (n: Tree, indent: number, prefix: string) => {
    if (n.kind === 'scalar') {
      lines.push(`${prefix}${n.text}`.trimEnd() === prefix.trimEnd() ? prefix.trimEnd() : `${prefix}${n.text}`);
      return;
    }
    if (n.kind === 'map') {
      (n.entries ?? []).forEach(([k, v], i) => {
        const head = i === 0 && prefix !== '' ? prefix : pad(indent);
        if (v.kind === 'scalar') lines.push(`${head}${k}:${pad(style.spaces)}${v.text}${style.comments ? ' # note' : ''}`);
        else {
          lines.push(`${head}${k}:`);
          if (style.comments) lines.push(`${pad(indent)}# a comment line`);
          const childIndent = v.kind === 'seq' && style.seqAtKeyIndent ? indent : indent + style.indent;
          emit(v, childIndent, '');
        }
      });
      return;
    }
    for (const item of n.items ?? []) {
      const head = `${pad(indent)}-${pad(style.spaces)}`;
      if (item.kind === 'map') emit(item, indent + 1 + style.spaces, head);
      else if (item.kind === 'scalar') lines.push(`${head}${item.text}`);
      else {
        lines.push(`${pad(indent)}-`);
        emit(item, indent + style.indent, '');
      }
    }
  };
  emit(node, 0, '');
  return lines.join(style.crlf ? '\r\n' : '\n') + (style.crlf ? '\r\n' : '\n');
}

const style: fc.Arbitrary<Style> = fc.record({
  indent: fc.integer({ min: 1, max: 4 }),
  seqAtKeyIndent: fc.boolean(),
  comments: fc.boolean(),
  crlf: fc.boolean(),
  spaces: fc.integer({ min: 1, max: 2 }),
});

describe('fast YAML reader', () => {
  it('reads the examples and the benchmark shape itself', async () => {
    for (const text of EXAMPLES) expect(agree(text)).toBe('fast');
    const { generateDesired } = await import('../../bench/generate-desired.mjs');
    expect(agree(generateDesired(50))).toBe('fast');
  });

  it('agrees with the yaml package on generated documents', () => {
    let fast = 0;
    fc.assert(
      fc.property(tree, style, (t, s) => {
        if (agree(render(t, s)) === 'fast') fast++;
      }),
      { numRuns: 800 },
    );
    expect(fast).toBeGreaterThan(100); // the generator does reach the fast path
  });

  it('agrees with the yaml package on mutations of the examples', () => {
    const piece = fc.constantFrom(' ', '  ', '\n', '- ', ': ', ':', '#', ' #', '"', "'", '{', '}', '[', ']', ',', '1', 'x', '\r\n', '---', '&a ', '*a', '!t ', '?', '|');
    fc.assert(
      fc.property(
        fc.nat({ max: EXAMPLES.length - 1 }),
        fc.array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: piece }), { minLength: 1, maxLength: 3 }),
        (which, edits) => {
          let text = EXAMPLES[which] ?? '';
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          }
          agree(text);
        },
      ),
      { numRuns: 600 },
    );
  });
});
