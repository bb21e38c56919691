import { describe, expect, it } from 'vitest';
import { parseDesired, type ParseResult } from '../../src/config/index.js';

function doc(cloud: string, tags: string): string {
  return `version: 1\ntarget: {cloud: ${cloud}, region: eu-de}\nvpcs:\n  web:\n    name: web\n    tags:\n${tags}`;
}

/** `CODE path line:col` of every diagnostic. */
function found(result: ParseResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.path ?? ''} ${d.location?.line}:${d.location?.col}`);
}

function tagLines(entries: Array<[string, string]>): string {
  return entries.map(([k, v]) => `      ${k}: ${v}\n`).join('');
}

describe('tags: the exact set', () => {
  it('present = the set, as strings, in a prototype-free object', () => {
    const r = parseDesired(doc('otc', tagLines([['env', 'prod'], ['cost-center', '"4711"'], ['owner@team', 'net_ops'], ['empty', '""']])), 't.yaml');
    expect(r.diagnostics).toEqual([]);
    const tags = r.state?.vpcs[0]?.tags;
    expect(tags).toEqual({ env: 'prod', 'cost-center': '4711', 'owner@team': 'net_ops', empty: '' });
    expect(Object.getPrototypeOf(tags)).toBeNull();
  });

  it('`{}` = no tags; no `tags` key = tags left alone', () => {
    const none = parseDesired('version: 1\ntarget: {cloud: otc, region: eu-de}\nvpcs:\n  web: {name: web, tags: {}}\n', 't.yaml');
    expect(none.state?.vpcs[0]?.tags).toEqual({});
    const alone = parseDesired('version: 1\ntarget: {cloud: otc, region: eu-de}\nvpcs:\n  web: {name: web}\n', 't.yaml');
    expect(alone.state?.vpcs[0] && 'tags' in alone.state.vpcs[0]).toBe(false);
  });

  it('tags may be shared through an alias and a merge key', () => {
    const r = parseDesired('version: 1\ntarget: {cloud: otc, region: eu-de}\nvpcs:\n  a: {name: a, tags: &common {team: net, env: dev}}\n  b: {name: b, tags: {<<: *common, env: prod}}\n', 't.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.state?.vpcs[1]?.tags).toEqual({ env: 'prod', team: 'net' });
  });
});

describe('tag limits (reference §3.3)', () => {
  it('at most 10 tags, reported at `tags`', () => {
    const ten = Array.from({ length: 10 }, (_, i): [string, string] => [`k${i}`, 'v']);
    expect(parseDesired(doc('otc', tagLines(ten)), 't.yaml').diagnostics).toEqual([]);
    const r = parseDesired(doc('otc', tagLines([...ten, ['k10', 'v']])), 't.yaml');
    expect(found(r)).toEqual(['CONFIG_VPC_TAG vpcs.web.tags 6:5']);
    expect(r.diagnostics[0]?.summary).toBe('11 tags; a VPC holds at most 10');
  });

  it('key 1-36 characters, value 0-43, each at its own position', () => {
    const ok = parseDesired(doc('otc', tagLines([['k'.repeat(36), 'v'.repeat(43)], ['e', '""']])), 't.yaml');
    expect(ok.diagnostics).toEqual([]);
    const r = parseDesired(doc('otc', tagLines([['k'.repeat(37), 'v'], ['long', 'v'.repeat(44)], ['""', 'empty-key']])), 't.yaml');
    expect(found(r)).toEqual([`CONFIG_VPC_TAG vpcs.web.tags.${'k'.repeat(37)} 7:7`, 'CONFIG_VPC_TAG vpcs.web.tags.long 8:13', 'CONFIG_VPC_TAG vpcs.web.tags. 9:7']);
    expect(r.diagnostics.map((d) => d.summary)).toEqual([
      `The tag key "${'k'.repeat(37)}" is 37 characters long; the limit is 36`,
      'The value of tag "long" is 44 characters long; the limit is 43',
      'The tag key "" is empty',
    ]);
    expect(r.diagnostics.map((d) => d.code)).not.toContain('CONFIG_SCHEMA');
  });

  it('otc: letters, digits, `_ - @`; no `.`, no Chinese', () => {
    expect(parseDesired(doc('otc', tagLines([['a_b-c@d', 'A_b-C@1']])), 't.yaml').diagnostics).toEqual([]);
    const r = parseDesired(doc('otc', tagLines([['version', 'v1.2'], ['环境', 'prod'], ['team', 'net ops']])), 't.yaml');
    expect(found(r)).toEqual(['CONFIG_VPC_TAG vpcs.web.tags.version 7:16', 'CONFIG_VPC_TAG vpcs.web.tags.环境 8:7', 'CONFIG_VPC_TAG vpcs.web.tags.team 9:13']);
    expect(r.diagnostics[0]?.summary).toBe('The value of tag "version" contains characters the cloud refuses: "."');
    expect(r.diagnostics[0]?.hint).toBe('On otc, tag values use letters, digits, `_`, `-` and `@` only (no `.`: that is Huawei Cloud\'s). For example "v1-2".');
  });

  it('huaweicloud: keys letters, digits, `_ -`, Chinese; values also `.`; no `@`', () => {
    expect(parseDesired(doc('huaweicloud', tagLines([['环境', '生产'], ['version', 'v1.2'], ['a_b-c', 'x']])), 't.yaml').diagnostics).toEqual([]);
    const r = parseDesired(doc('huaweicloud', tagLines([['owner@team', 'x'], ['a.b', 'x'], ['team', 'net@ops']])), 't.yaml');
    expect(found(r)).toEqual(['CONFIG_VPC_TAG vpcs.web.tags.owner@team 7:7', 'CONFIG_VPC_TAG vpcs.web.tags.a.b 8:7', 'CONFIG_VPC_TAG vpcs.web.tags.team 9:13']);
    expect(r.diagnostics[0]?.hint).toBe('On huaweicloud, tag keys use letters, digits, `_`, `-` and Chinese characters only. For example "owner-team".');
  });

  it('a value that YAML reads as a number, boolean or null is refused with a hint, never turned into text', () => {
    const r = parseDesired(doc('otc', tagLines([['build', '1.10'], ['public', 'true'], ['note', ''], ['list', '[a]']])), 't.yaml');
    expect(found(r)).toEqual(['CONFIG_TYPE vpcs.web.tags.build 7:14', 'CONFIG_TYPE vpcs.web.tags.public 8:15', 'CONFIG_TYPE vpcs.web.tags.note 9:13', 'CONFIG_TYPE vpcs.web.tags.list 10:13']);
    expect(r.diagnostics.map((d) => d.hint)).toEqual([
      'Quote the value so YAML reads it as text: "1.10".',
      'Quote the value so YAML reads it as text: "true".',
      'Write "" for an empty tag value (or remove the tag, which removes it from the VPC).',
      'Write a string here.',
    ]);
  });

  it('a tag key given twice is a clear error', () => {
    const r = parseDesired(doc('otc', tagLines([['env', 'prod'], ['env', 'dev']])), 't.yaml');
    expect(found(r)).toEqual(['CONFIG_DUPLICATE_KEY vpcs.web.tags.env 8:7']);
    expect(r.diagnostics[0]?.summary).toBe('The tag "env" is given twice in `tags`');
    expect(r.diagnostics[0]?.detail).toBe('first defined at line 7, column 7');
  });

  it('`__proto__`, `constructor` and `prototype` as tag keys are refused and pollute nothing', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const r = parseDesired(doc('otc', tagLines([[key, 'polluted']])), 't.yaml');
      expect(found(r)).toEqual([`CONFIG_FORBIDDEN_KEY vpcs.web.tags.${key} 7:7`]);
      expect(r.diagnostics[0]?.hint).toContain('tag keys included');
    }
    const json = parseDesired('{"version": 1, "target": {"cloud": "otc", "region": "eu-de"}, "vpcs": {"web": {"name": "web", "tags": {"__proto__": {"polluted": "x"}}}}}', 't.json');
    expect(json.diagnostics.map((d) => d.code)).toEqual(['CONFIG_FORBIDDEN_KEY']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
