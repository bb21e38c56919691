import { describe, expect, it } from 'vitest';
import { checkAcrossFiles, parseDesired, type DesiredState, type ParseResult } from '../../src/config/index.js';
import { findings } from './helpers.js';

const UUID = '99d9d709-8478-4b46-9f3f-2206b1023fd3';
const EPS = '0aad99bc-f5f6-4f78-8404-c598d76b0ed2';

function doc(cloud: string, vpcs: string): string {
  return `version: 1\ntarget: {cloud: ${cloud}, region: eu-de}\nvpcs:\n${vpcs}`;
}

/** `CODE path line:col` of every diagnostic. */
function found(result: ParseResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.path ?? ''} ${d.location?.line}:${d.location?.col}`);
}

describe('ensure', () => {
  it('defaults to present and reads absent', () => {
    const r = parseDesired(doc('otc', `  a: {name: a}\n  b: {name: b, ensure: present}\n  c: {name: c, ensure: absent}\n  d: {id: ${UUID}, ensure: absent}\n`), 'e.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.state?.vpcs.map((v) => v.ensure)).toEqual(['present', 'present', 'absent', 'absent']);
    expect(r.state?.vpcs[3]).toEqual({ address: 'vpcs.d', key: 'd', ensure: 'absent', id: UUID });
  });

  it('refuses other values, with a did-you-mean', () => {
    const r = parseDesired(doc('otc', '  a: {name: a, ensure: absnet}\n  b: {name: b, ensure: true}\n'), 'e.yaml');
    expect(found(r)).toEqual(['CONFIG_ENSURE vpcs.a.ensure 4:24', 'CONFIG_ENSURE vpcs.b.ensure 5:24']);
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['Did you mean `absent`?', 'Use one of: present, absent.']);
  });

  it('an absent entry carries its identity only: every other key is an error at that key', () => {
    const text = doc(
      'huaweicloud',
      `  old:
    ensure: absent
    name: old
    cidr: 10.0.0.0/16
    enterprise_project_id: "0"
    tags: {env: prod}
    routes: []
`,
    );
    const r = parseDesired(text, 'a.yaml');
    expect(found(r)).toEqual([
      'CONFIG_ABSENT_FIELD vpcs.old.cidr 7:5',
      'CONFIG_ABSENT_FIELD vpcs.old.enterprise_project_id 8:5',
      'CONFIG_ABSENT_FIELD vpcs.old.tags 9:5',
      'CONFIG_ABSENT_FIELD vpcs.old.routes 10:5',
    ]);
    expect(r.diagnostics[0]?.summary).toBe('`cidr` is set on an entry marked `ensure: absent`');
    expect(r.diagnostics[0]?.hint).toBe('An absent entry names only the VPC to delete (`id` and/or `name`): remove `cidr`, or set `ensure: present` to keep the VPC and manage it.');
    // The schema says the same (for editors); the rules explain it, so no generic CONFIG_SCHEMA finding.
    expect(r.diagnostics.map((d) => d.code)).not.toContain('CONFIG_SCHEMA');
    // An unknown key is reported once, as unknown (with its did-you-mean).
    const typo = parseDesired(doc('otc', '  old: {ensure: absent, nmae: old}\n'), 'a.yaml');
    expect(typo.diagnostics.map((d) => `${d.code} ${d.path} ${d.hint}`)).toEqual(['CONFIG_IDENTITY vpcs.old Add the id (`id: <uuid>`) or the name (`name: ...`) of the VPC to delete.', 'CONFIG_UNKNOWN_KEY vpcs.old.nmae Did you mean `name`?']);
    // The values of such keys are not checked: the fix is to remove them.
    expect(found(parseDesired(doc('otc', '  old: {ensure: absent, name: old, cidr: 8.8.8.8/33}\n'), 'a.yaml'))).toEqual(['CONFIG_ABSENT_FIELD vpcs.old.cidr 4:36']);
  });

  it('an absent entry still needs an id or a name, and they are still checked', () => {
    const r = parseDesired(doc('otc', '  old: {ensure: absent}\n  odd: {ensure: absent, id: nope, name: "a b"}\n'), 'a.yaml');
    expect(found(r)).toEqual(['CONFIG_IDENTITY vpcs.old 4:3', 'CONFIG_ID vpcs.odd.id 5:29', 'CONFIG_NAME vpcs.odd.name 5:41']);
    expect(r.diagnostics[0]?.hint).toBe('Add the id (`id: <uuid>`) or the name (`name: ...`) of the VPC to delete.');
  });
});

describe('ids and names of absent entries', () => {
  it('a name marked absent may be created again by a present entry (a replace)', () => {
    expect(findings((d) => (d.vpcs['old'] = { ensure: 'absent', name: 'vpc-web' }))).toEqual([]);
  });

  it('two absent entries with one name, or one id kept and deleted, are duplicates', () => {
    expect(findings((d) => Object.assign(d.vpcs, { x: { ensure: 'absent', name: 'gone' }, y: { ensure: 'absent', name: 'gone' } }))).toEqual(['CONFIG_DUPLICATE vpcs.y.name']);
    expect(findings((d) => (d.vpcs['x'] = { ensure: 'absent', id: UUID }))).toEqual(['CONFIG_DUPLICATE vpcs.x.id']);
    expect(findings((d) => (d.vpcs['x'] = { ensure: 'absent', id: UUID.toUpperCase() }))).toEqual(['CONFIG_ID vpcs.x.id', 'CONFIG_DUPLICATE vpcs.x.id']);
  });

  it('the same holds across the files of one target', () => {
    const load = (...texts: string[]): string[] => {
      const states = texts.map((t, i) => parseDesired(t, `f${i}.yaml`).state).filter((s): s is DesiredState => s !== undefined);
      expect(states).toHaveLength(texts.length);
      return checkAcrossFiles(states).map((d) => `${d.code} ${d.location?.file} ${d.path}`);
    };
    expect(load(doc('otc', '  a: {name: web}\n'), doc('otc', '  b: {name: web, ensure: absent}\n'))).toEqual([]);
    expect(load(doc('otc', '  a: {name: web, ensure: absent}\n'), doc('otc', '  b: {name: web, ensure: absent}\n'))).toEqual(['CONFIG_DUPLICATE f1.yaml vpcs.b.name']);
    expect(load(doc('otc', `  a: {id: ${UUID}}\n`), doc('otc', `  b: {id: ${UUID}, ensure: absent}\n`))).toEqual(['CONFIG_DUPLICATE f1.yaml vpcs.b.id']);
  });
});

describe('enterprise_project_id', () => {
  it('huaweicloud: "0" or a UUID, kept in the state', () => {
    const r = parseDesired(doc('huaweicloud', `  a: {name: a, enterprise_project_id: "0"}\n  b: {name: b, enterprise_project_id: ${EPS}}\n`), 'p.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.state?.vpcs.map((v) => v.enterprise_project_id)).toEqual(['0', EPS]);
  });

  it('refuses anything else, at the value', () => {
    const r = parseDesired(
      doc('huaweicloud', `  a: {name: a, enterprise_project_id: ${EPS.toUpperCase()}}\n  b: {name: b, enterprise_project_id: default}\n  c: {name: c, enterprise_project_id: ${EPS}0}\n  d: {name: d, enterprise_project_id: 0}\n`),
      'p.yaml',
    );
    expect(found(r)).toEqual([
      'CONFIG_ENTERPRISE_PROJECT vpcs.a.enterprise_project_id 4:39',
      'CONFIG_ENTERPRISE_PROJECT vpcs.b.enterprise_project_id 5:39',
      'CONFIG_ENTERPRISE_PROJECT vpcs.c.enterprise_project_id 6:39',
      'CONFIG_TYPE vpcs.d.enterprise_project_id 7:39',
    ]);
    expect(r.diagnostics[0]?.hint).toBe(`Write it in lowercase: ${EPS}`);
    expect(r.diagnostics[3]?.hint).toBe('Quote the value so YAML reads it as text: "0".');
  });

  it('otc: a warning at the key, and the file stays valid', () => {
    const r = parseDesired(doc('otc', '  a:\n    name: a\n    enterprise_project_id: "0"\n'), 'p.yaml');
    expect(found(r)).toEqual(['CONFIG_UNSUPPORTED_FIELD vpcs.a.enterprise_project_id 6:5']);
    expect(r.diagnostics[0]?.severity).toBe('warning');
    expect(r.state?.vpcs[0]?.enterprise_project_id).toBe('0');
  });
});
