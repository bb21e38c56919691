import { describe, expect, it } from 'vitest';
import { parseDesired } from '../../src/config/index.js';
import { baseDoc, findings, type TestDoc } from './helpers.js';
import { stringify } from 'yaml';

describe('a valid document', () => {
  it('has no findings and yields the state', () => {
    const result = parseDesired(stringify(baseDoc()), 'ok.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.state?.vpcs.map((v) => v.address)).toEqual(['vpcs.web', 'vpcs.db']);
    expect(result.state?.target).toEqual({ cloud: 'otc', region: 'eu-de', project_id: '0123456789abcdef0123456789abcdef' });
    expect(result.state?.version).toBe(1);
    expect(result.state?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('keeps absent fields absent (absent = left alone)', () => {
    const result = parseDesired(stringify(baseDoc()), 'ok.yaml');
    const db = result.state?.vpcs[1];
    expect(db).toEqual({ address: 'vpcs.db', key: 'db', ensure: 'present', name: 'vpc-db', cidr: '10.10.0.0/16', enable_shared_snat: false, routes: [] });
    expect(db && 'description' in db).toBe(false);
    expect(db && 'tags' in db).toBe(false);
    expect(db && 'enterprise_project_id' in db).toBe(false);
    expect(db && 'id' in db).toBe(false);
  });
  it('accepts target without project_id, and an http endpoint', () => {
    expect(findings((d) => delete d.target.project_id)).toEqual([]);
    expect(findings((d) => (d.target.endpoint = 'http://127.0.0.1:8080'))).toEqual([]);
    expect(findings((d) => (d.target.endpoint = 'https://vpc.eu-de.otc.t-systems.com/'))).toEqual([]);
  });
  it('accepts an empty vpcs mapping and `$schema`', () => {
    expect(findings((d) => (d.vpcs = {}))).toEqual([]);
    expect(findings((d) => (d.$schema = '../schemas/vpcform.schema.json'))).toEqual([]);
  });
});

describe('structure (schema)', () => {
  it.each([
    ['missing version', (d: TestDoc) => delete d.version, 'CONFIG_MISSING_KEY'],
    ['missing target', (d: TestDoc) => Reflect.deleteProperty(d, 'target'), 'CONFIG_MISSING_KEY'],
    ['missing vpcs', (d: TestDoc) => Reflect.deleteProperty(d, 'vpcs'), 'CONFIG_MISSING_KEY'],
    ['missing region', (d: TestDoc) => delete d.target.region, 'CONFIG_MISSING_KEY target'],
    ['missing cloud', (d: TestDoc) => delete d.target.cloud, 'CONFIG_MISSING_KEY target'],
    ['version 2', (d: TestDoc) => (d.version = 2), 'CONFIG_VERSION version'],
    ['version "1"', (d: TestDoc) => (d.version = '1'), 'CONFIG_VERSION version'],
    ['unknown cloud', (d: TestDoc) => (d.target.cloud = 'aws'), 'CONFIG_CLOUD target.cloud'],
    ['unknown top key', (d: TestDoc) => (d.vpc = {}), 'CONFIG_UNKNOWN_KEY vpc'],
    ['unknown vpc key', (d: TestDoc) => (d.vpcs.web!.labels = {}), 'CONFIG_UNKNOWN_KEY vpcs.web.labels'],
    ['unknown route key', (d: TestDoc) => (d.vpcs.web!.routes![0]!.via = 'x'), 'CONFIG_UNKNOWN_KEY vpcs.web.routes.0.via'],
    ['missing nexthop', (d: TestDoc) => delete d.vpcs.web!.routes![0]!.nexthop, 'CONFIG_MISSING_KEY vpcs.web.routes.0'],
    ['name a number', (d: TestDoc) => Object.assign(d.vpcs.web!, { name: 42 }), 'CONFIG_TYPE vpcs.web.name'],
    ['snat a string', (d: TestDoc) => (d.vpcs.db!.enable_shared_snat = 'yes'), 'CONFIG_TYPE vpcs.db.enable_shared_snat'],
    ['routes a mapping', (d: TestDoc) => Object.assign(d.vpcs.db!, { routes: {} }), 'CONFIG_TYPE vpcs.db.routes'],
    ['vpc empty', (d: TestDoc) => Object.assign(d.vpcs, { db: null }), 'CONFIG_TYPE vpcs.db'],
  ])('%s', (_name, change, expected) => {
    expect(findings(change)).toEqual([expected]);
  });

  it('a document that is a list is refused', () => {
    const r = parseDesired('- a\n- b\n', 'l.yaml');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['CONFIG_TYPE']);
    expect(r.state).toBeUndefined();
  });

  it('suggests the closest key for a misspelling', () => {
    const r = parseDesired('version: 1\ntarget: {cloud: otc, regoin: eu-de}\nvpcs:\n  web: {nmae: a, descripton: b}\n', 't.yaml');
    const hints = r.diagnostics.filter((d) => d.code === 'CONFIG_UNKNOWN_KEY').map((d) => d.hint);
    expect(hints).toEqual(['Did you mean `region`?', 'Did you mean `name`?', 'Did you mean `description`?']);
  });

  it('suggests the cloud for a misspelling', () => {
    const r = parseDesired('version: 1\ntarget: {cloud: huaweicloud2, region: eu-de}\nvpcs: {}\n', 't.yaml');
    expect(r.diagnostics[0]?.hint).toBe('Did you mean `huaweicloud`?');
  });

  it('explains YAML 1.1 booleans and numbers that should be strings', () => {
    const r = parseDesired('version: 1\ntarget: {cloud: otc, region: eu-de, project_id: 01234567890123456789012345678901}\nvpcs:\n  a: {name: x, enable_shared_snat: on}\n', 't.yaml');
    expect(r.diagnostics.map((d) => d.hint)).toEqual([
      'Quote the value so YAML reads it as text: "01234567890123456789012345678901".',
      'Write true or false (YAML 1.2 reads "on" as text).',
    ]);
  });
});

describe('API rules', () => {
  it.each([
    ['name with a space', (d: TestDoc) => (d.vpcs.web!.name = 'vpc web'), 'CONFIG_NAME vpcs.web.name'],
    ['name empty', (d: TestDoc) => (d.vpcs.web!.name = ''), 'CONFIG_NAME vpcs.web.name'],
    ['name 65 chars', (d: TestDoc) => (d.vpcs.web!.name = 'a'.repeat(65)), 'CONFIG_NAME vpcs.web.name'],
    ['name non-ASCII', (d: TestDoc) => (d.vpcs.web!.name = 'vpc-ü'), 'CONFIG_NAME vpcs.web.name'],
    ['description 256 chars', (d: TestDoc) => (d.vpcs.web!.description = 'x'.repeat(256)), 'CONFIG_DESCRIPTION vpcs.web.description'],
    ['description with <', (d: TestDoc) => (d.vpcs.web!.description = 'a <b>'), 'CONFIG_DESCRIPTION vpcs.web.description'],
    ['cidr not a cidr', (d: TestDoc) => (d.vpcs.web!.cidr = '192.168.0.0'), 'CONFIG_CIDR vpcs.web.cidr'],
    ['cidr octet 256', (d: TestDoc) => (d.vpcs.web!.cidr = '192.168.256.0/24'), 'CONFIG_CIDR vpcs.web.cidr'],
    ['cidr leading zero', (d: TestDoc) => (d.vpcs.web!.cidr = '192.168.01.0/24'), 'CONFIG_CIDR vpcs.web.cidr'],
    ['cidr prefix 33', (d: TestDoc) => (d.vpcs.web!.cidr = '192.168.0.0/33'), 'CONFIG_CIDR vpcs.web.cidr'],
    ['cidr host bits', (d: TestDoc) => (d.vpcs.web!.cidr = '192.168.1.0/16'), 'CONFIG_CIDR_ALIGN vpcs.web.cidr'],
    ['cidr public on otc', (d: TestDoc) => ((d.vpcs.web!.cidr = '8.8.0.0/16'), delete d.vpcs.web!.routes), 'CONFIG_CIDR_RANGE vpcs.web.cidr'],
    ['cidr /29', (d: TestDoc) => (d.vpcs.web!.cidr = '192.168.0.0/29'), 'CONFIG_CIDR_RANGE vpcs.web.cidr'],
    ['cidr 172.16/11', (d: TestDoc) => ((d.vpcs.web!.cidr = '172.0.0.0/11'), delete d.vpcs.web!.routes), 'CONFIG_CIDR_RANGE vpcs.web.cidr'],
    ['cidr 192.168/15', (d: TestDoc) => (d.vpcs.web!.cidr = '192.168.0.0/15'), 'CONFIG_CIDR_RANGE vpcs.web.cidr'],
    ['route dest not cidr', (d: TestDoc) => (d.vpcs.web!.routes![0]!.destination = 'default'), 'CONFIG_ROUTE vpcs.web.routes.0.destination'],
    ['route dest ipv6', (d: TestDoc) => (d.vpcs.web!.routes![0]!.destination = '::/0'), 'CONFIG_ROUTE vpcs.web.routes.0.destination'],
    ['route dest host bits', (d: TestDoc) => (d.vpcs.web!.routes![0]!.destination = '10.1.2.3/8'), 'CONFIG_ROUTE vpcs.web.routes.0.destination'],
    ['route twice', (d: TestDoc) => d.vpcs.web!.routes!.push({ destination: '0.0.0.0/0', nexthop: '192.168.0.6' }), 'CONFIG_ROUTE vpcs.web.routes.1.destination'],
    ['201 routes', (d: TestDoc) => (d.vpcs.web!.routes = Array.from({ length: 201 }, (_, i) => ({ destination: `10.${i}.0.0/16`, nexthop: '192.168.0.5' }))), 'CONFIG_ROUTE vpcs.web.routes'],
    ['nexthop not an ip', (d: TestDoc) => (d.vpcs.web!.routes![0]!.nexthop = '192.168.0'), 'CONFIG_NEXTHOP vpcs.web.routes.0.nexthop'],
    ['nexthop outside cidr', (d: TestDoc) => (d.vpcs.web!.routes![0]!.nexthop = '10.0.0.1'), 'CONFIG_NEXTHOP vpcs.web.routes.0.nexthop'],
    ['project id short', (d: TestDoc) => (d.target.project_id = 'abc'), 'CONFIG_PROJECT_ID target.project_id'],
    ['project id upper', (d: TestDoc) => (d.target.project_id = '0123456789ABCDEF0123456789ABCDEF'), 'CONFIG_PROJECT_ID target.project_id'],
    ['id not a uuid', (d: TestDoc) => (d.vpcs.web!.id = 'vpc-1'), 'CONFIG_ID vpcs.web.id'],
    ['region odd', (d: TestDoc) => (d.target.region = 'EU DE'), 'CONFIG_REGION target.region'],
    ['endpoint ftp', (d: TestDoc) => (d.target.endpoint = 'ftp://x'), 'CONFIG_ENDPOINT target.endpoint'],
    ['endpoint with credentials', (d: TestDoc) => (d.target.endpoint = 'https://ak:sk@vpc.example.com'), 'CONFIG_ENDPOINT target.endpoint'],
    ['endpoint not a url', (d: TestDoc) => (d.target.endpoint = 'vpc.example.com'), 'CONFIG_ENDPOINT target.endpoint'],
    ['endpoint with query', (d: TestDoc) => (d.target.endpoint = 'https://vpc.example.com/?a=1'), 'CONFIG_ENDPOINT target.endpoint'],
    ['address with a dot', (d: TestDoc) => (d.vpcs['a.b'] = { name: 'x', routes: [] }), 'CONFIG_ADDRESS vpcs.a.b'],
    ['address starting with a digit', (d: TestDoc) => (d.vpcs['1web'] = { name: 'x', routes: [] }), 'CONFIG_ADDRESS vpcs.1web'],
    ['neither id nor name', (d: TestDoc) => (d.vpcs.db = { cidr: '10.10.0.0/16', routes: [] }), 'CONFIG_IDENTITY vpcs.db'],
    ['duplicate name', (d: TestDoc) => (d.vpcs.db!.name = 'vpc-web'), 'CONFIG_DUPLICATE vpcs.db.name'],
    ['duplicate id', (d: TestDoc) => (d.vpcs.db!.id = '99d9d709-8478-4b46-9f3f-2206b1023fd3'), 'CONFIG_DUPLICATE vpcs.db.id'],
  ])('%s', (_name, change, expected) => {
    expect(findings(change)).toEqual([expected]);
  });

  it('accepts the range boundaries on otc', () => {
    for (const cidr of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '10.255.255.240/28', '172.31.255.240/28', '192.168.255.240/28']) {
      expect(findings((d) => ((d.vpcs.web!.cidr = cidr), delete d.vpcs.web!.routes)), cidr).toEqual([]);
    }
  });

  it('suggests the aligned block', () => {
    const r = parseDesired(stringify({ ...baseDoc(), vpcs: { a: { name: 'a', cidr: '10.1.2.3/16' } } }), 't.yaml');
    expect(r.diagnostics[0]?.hint).toBe('Did you mean 10.1.0.0/16?');
  });

  it('applies the wider huaweicloud ranges', () => {
    const huawei = (cidr: string) => findings((d) => ((d.target.cloud = 'huaweicloud'), (d.vpcs = { a: { name: 'a', cidr, routes: [] } })));
    expect(huawei('20.16.0.0/16')).toEqual([]);
    expect(huawei('10.0.0.0/8')).toEqual([]);
    expect(huawei('8.0.0.0/8')).toEqual([]);
    for (const reserved of ['100.64.0.0/16', '127.0.0.0/8', '169.254.0.0/16', '198.18.0.0/16', '214.0.0.0/8', '215.1.0.0/16', '240.0.0.0/8', '0.0.0.0/8', '96.0.0.0/4'.replace('/4', '/8')]) {
      const out = huawei(reserved);
      if (reserved === '96.0.0.0/8') expect(out).toEqual([]);
      else expect(out, reserved).toEqual(['CONFIG_CIDR_RANGE vpcs.a.cidr']);
    }
    expect(huawei('64.0.0.0/4')).toEqual(['CONFIG_CIDR_RANGE vpcs.a.cidr']);
    expect(huawei('20.0.0.0/29')).toEqual(['CONFIG_CIDR_RANGE vpcs.a.cidr']);
  });

  it('checks the next hop against the cidr only when the cidr is given', () => {
    expect(findings((d) => delete d.vpcs.web!.cidr)).toEqual([]);
  });

  it('reports every problem at once', () => {
    const out = findings((d) => {
      d.vpcs.web!.name = 'a b';
      d.vpcs.web!.cidr = '192.168.0.1/16';
      d.vpcs.db!.description = '<x>';
      d.target.project_id = 'nope';
    });
    expect(out.sort()).toEqual(['CONFIG_CIDR_ALIGN vpcs.web.cidr', 'CONFIG_DESCRIPTION vpcs.db.description', 'CONFIG_NAME vpcs.web.name', 'CONFIG_PROJECT_ID target.project_id']);
  });

  it('never lets a schema finding pass unexplained (every diagnostic has a location)', () => {
    const r = parseDesired('version: 1\ntarget: {cloud: otc, region: eu-de}\nvpcs:\n  a: {name: "", cidr: "x", description: ' + JSON.stringify('<'.repeat(300)) + '}\n', 't.yaml');
    expect(r.diagnostics.every((d) => d.location !== undefined)).toBe(true);
    expect(r.diagnostics.map((d) => d.code)).not.toContain('CONFIG_SCHEMA');
  });
});

describe('source map', () => {
  it('maps dotted paths to lines', () => {
    const text = 'version: 1\ntarget:\n  cloud: otc\n  region: eu-de\n  project_id: 0123456789abcdef0123456789abcdef\nvpcs:\n  web:\n    name: vpc-web\n    cidr: 192.168.0.0/16\n    routes:\n      - { destination: 0.0.0.0/0, nexthop: 192.168.0.5 }\n';
    const map = parseDesired(text, 'f.yaml').state?.sourceMap ?? {};
    expect(map['target.project_id']).toEqual({ file: 'f.yaml', line: 5, col: 15 });
    expect(map['vpcs.web']).toEqual({ file: 'f.yaml', line: 7, col: 3 });
    expect(map['vpcs.web.cidr']).toEqual({ file: 'f.yaml', line: 9, col: 11 });
    expect(map['vpcs.web.routes.0']).toEqual({ file: 'f.yaml', line: 11, col: 9 });
    expect(map['vpcs.web.routes.0.nexthop']).toEqual({ file: 'f.yaml', line: 11, col: 44 });
  });
});
