import { describe, expect, it } from 'vitest';
import { parseDesired, type ParseResult } from '../../src/config/index.js';

const HEAD = 'version: 1\ntarget: {cloud: otc, region: eu-de}\n';

/** `CODE path line:col` of every diagnostic. */
function found(result: ParseResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.path ?? ''} ${d.location?.line}:${d.location?.col}`);
}

describe('anchors and aliases', () => {
  it('an aliased value equals the value written out', () => {
    const shared = parseDesired(
      `${HEAD}vpcs:
  web:
    name: web
    cidr: 192.168.0.0/16
    routes: &routes
      - { destination: 0.0.0.0/0, nexthop: 192.168.0.5 }
      - { destination: 10.0.0.0/8, nexthop: 192.168.0.6 }
  db:
    name: db
    cidr: 192.168.0.0/16
    routes: *routes
`,
      'shared.yaml',
    );
    const written = parseDesired(
      `${HEAD}vpcs:
  web:
    name: web
    cidr: 192.168.0.0/16
    routes:
      - { destination: 0.0.0.0/0, nexthop: 192.168.0.5 }
      - { destination: 10.0.0.0/8, nexthop: 192.168.0.6 }
  db:
    name: db
    cidr: 192.168.0.0/16
    routes:
      - { destination: 0.0.0.0/0, nexthop: 192.168.0.5 }
      - { destination: 10.0.0.0/8, nexthop: 192.168.0.6 }
`,
      'written.yaml',
    );
    expect(shared.diagnostics).toEqual([]);
    expect(shared.state?.vpcs).toEqual(written.state?.vpcs);
    // Two entries, two separate route lists: changing one never changes the other.
    expect(shared.state?.vpcs[0]?.routes).not.toBe(shared.state?.vpcs[1]?.routes);
  });

  it('places an aliased node at the alias, and says where its anchor and the value are', () => {
    const text = `${HEAD}vpcs:
  web:
    name: web
    cidr: 192.168.0.0/16
    routes: &routes
      - { destination: 0.0.0.0/0, nexthop: 192.168.0.5 }
  db:
    name: db
    cidr: 10.0.0.0/16
    routes: *routes
`;
    const r = parseDesired(text, 'a.yaml');
    // 192.168.0.5 is fine for web, outside db's cidr: reported once, for db, at `*routes` (line 12).
    expect(found(r)).toEqual(['CONFIG_NEXTHOP vpcs.db.routes.0.nexthop 12:13']);
    expect(r.diagnostics[0]?.detail).toBe('This value comes through the alias *routes (anchor &routes at line 7, column 13); it is written at line 8, column 44.');
    const ok = parseDesired(text.replace('10.0.0.0/16', '192.168.0.0/16'), 'a.yaml');
    expect(ok.state?.sourceMap['vpcs.db.routes']).toEqual({ file: 'a.yaml', line: 12, col: 5 });
    expect(ok.state?.sourceMap['vpcs.db.routes.0.nexthop']).toEqual({ file: 'a.yaml', line: 12, col: 13 });
    expect(ok.state?.sourceMap['vpcs.web.routes.0.nexthop']).toEqual({ file: 'a.yaml', line: 8, col: 44 });
  });

  it('resolves an alias to the latest anchor of its name before it', () => {
    const r = parseDesired(`${HEAD}vpcs:\n  a: {name: &n first}\n  b: {name: &n second}\n  c: {name: c, description: *n}\n`, 'r.yaml');
    expect(r.state?.vpcs[2]?.description).toBe('second');
  });

  it('refuses an alias without an anchor before it, with a did-you-mean', () => {
    const r = parseDesired(`${HEAD}vpcs:\n  a: {name: a, cidr: &cidr 10.0.0.0/16}\n  b: {name: b, cidr: *cdir}\n  c: {name: c, cidr: *later}\n  d: {name: d, cidr: &later 10.1.0.0/16}\n`, 'u.yaml');
    expect(found(r)).toEqual(['CONFIG_ALIAS vpcs.b.cidr 5:22', 'CONFIG_ALIAS vpcs.c.cidr 6:22']);
    expect(r.diagnostics[0]?.hint).toBe('Did you mean *cidr?');
    expect(r.diagnostics[1]?.summary).toBe('The alias *later names no anchor defined before it');
  });

  it('reports a problem inside an anchored value once, where it is written', () => {
    const r = parseDesired(`${HEAD}x: &x {__proto__: 1}\nvpcs:\n  a: {name: a, description: *x}\n  b: {name: b, description: *x}\n`, 'p.yaml');
    expect(found(r)).toEqual(['CONFIG_FORBIDDEN_KEY x.__proto__ 3:8']);
  });

  it('the fast reader leaves files with anchors to the yaml package', () => {
    const r = parseDesired(`${HEAD}vpcs:\n  a: &a {name: a}\n`, 'f.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.state?.vpcs[0]?.name).toBe('a');
  });
});

describe('merge keys (<<)', () => {
  const DEFAULTS = `${HEAD}vpcs:
  web: &defaults
    name: web
    cidr: 192.168.0.0/16
    description: shared
    enable_shared_snat: false
`;

  it('merges a mapping; the mapping\'s own keys win, before or after the <<', () => {
    const r = parseDesired(`${DEFAULTS}  db:\n    name: db\n    <<: *defaults\n    description: own\n`, 'm.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.state?.vpcs[1]).toEqual({ address: 'vpcs.db', key: 'db', ensure: 'present', name: 'db', cidr: '192.168.0.0/16', description: 'own', enable_shared_snat: false });
  });

  it('merges a list of mappings, earlier ones first, and mappings that merge others', () => {
    const text = `${HEAD}base: &base {cidr: 10.0.0.0/16, description: base}
snat: &snat {enable_shared_snat: true, description: snat}
both: &both {<<: [*snat, *base], description: both}
vpcs:
  a: {name: a, <<: [*snat, *base]}
  b: {name: b, <<: *both}
  c: {name: c, <<: {description: inline}}
`;
    const r = parseDesired(text, 'l.yaml');
    // `base`, `snat` and `both` are unknown top-level keys; the VPCs themselves are fine.
    expect(r.diagnostics.map((d) => `${d.code} ${d.path}`)).toEqual(['CONFIG_UNKNOWN_KEY base', 'CONFIG_UNKNOWN_KEY snat', 'CONFIG_UNKNOWN_KEY both']);
    const withHolder = parseDesired(
      `${HEAD}vpcs:
  base: &base {name: base, cidr: 10.0.0.0/16, description: base}
  snat: &snat {name: snat, enable_shared_snat: true, description: snat}
  a: {<<: [*snat, *base], name: a}
  b: {<<: {<<: *base, description: nested}, name: b}
`,
      'h.yaml',
    );
    expect(withHolder.diagnostics).toEqual([]);
    const [, , a, b] = withHolder.state?.vpcs ?? [];
    expect(a).toEqual({ address: 'vpcs.a', key: 'a', ensure: 'present', name: 'a', enable_shared_snat: true, description: 'snat', cidr: '10.0.0.0/16' });
    expect(b).toEqual({ address: 'vpcs.b', key: 'b', ensure: 'present', name: 'b', cidr: '10.0.0.0/16', description: 'nested' });
  });

  it('reports an unknown key that arrives through a merge, at the alias, with a did-you-mean', () => {
    const text = `${HEAD}vpcs:
  web: &defaults
    name: web
    descripton: shared
  db:
    <<: *defaults
    name: db
`;
    const r = parseDesired(text, 'u.yaml');
    expect(found(r)).toEqual(['CONFIG_UNKNOWN_KEY vpcs.web.descripton 6:5', 'CONFIG_UNKNOWN_KEY vpcs.db.descripton 8:9']);
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['Did you mean `description`?', 'Did you mean `description`?']);
    expect(r.diagnostics[1]?.detail).toBe('This value comes through the alias *defaults (anchor &defaults at line 4, column 8); it is written at line 6, column 17.');
  });

  it('refuses a merge of something other than mappings, and two merge keys in one mapping', () => {
    const r = parseDesired(`${HEAD}vpcs:\n  a: {name: a, cidr: &c 10.0.0.0/16}\n  b: {name: b, <<: *c}\n  c: {name: c, <<: [{cidr: 10.0.0.0/16}, [x]]}\n`, 'b.yaml');
    expect(found(r)).toEqual(['CONFIG_MERGE vpcs.b.<< 5:20', 'CONFIG_MERGE vpcs.c.<< 6:42']);
    const twice = parseDesired(`${HEAD}vpcs:\n  b:\n    name: b\n    <<: {cidr: 10.0.0.0/16}\n    <<: {description: x}\n`, 't.yaml');
    expect(found(twice)).toEqual(['CONFIG_DUPLICATE_KEY vpcs.b.<< 7:5']);
    expect(twice.diagnostics[0]?.hint).toBe('Merge several mappings with one key: `<<: [*a, *b]` (earlier ones win).');
  });

  it('a quoted "<<" is an ordinary key', () => {
    const r = parseDesired(`${HEAD}vpcs:\n  a: &a {name: a}\n  b: {"<<": *a, name: b}\n`, 'q.yaml');
    expect(found(r)).toEqual(['CONFIG_UNKNOWN_KEY vpcs.b.<< 5:7']);
  });
});
