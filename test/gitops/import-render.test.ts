import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDRESS_PATTERN } from '../../src/config/schema.js';
import { parse } from 'yaml';
import { assignKeys, slugify } from '../../src/import/addresses.js';
import { renderImportYaml, toImported } from '../../src/import/render-yaml.js';
import type { LiveVpc } from '../../src/model/vpc.js';

const live = (over: Partial<LiveVpc>): LiveVpc => ({ id: 'id', name: 'n', cidr: '10.0.0.0/16', status: 'OK', routes: null, ...over });

describe('import keys', () => {
  it('slugs names into readable keys', () => {
    expect(slugify('Web-Tier.prod')).toBe('web_tier_prod');
    expect(slugify('  vpc 1 ')).toBe('vpc_1');
    expect(slugify('1st')).toBe('vpc_1st');
    expect(slugify('---')).toBe('');
    expect(slugify('x'.repeat(100))).toHaveLength(64);
  });

  it('keeps keys unique, and names blank VPCs after their id', () => {
    const keys = assignKeys([
      { id: 'a', name: 'Web-Tier' },
      { id: 'b', name: 'web.tier' },
      { id: 'c', name: 'web_tier' },
      { id: '0f9e8d7c-1111', name: '' },
    ]);
    expect(keys).toEqual(['web_tier', 'web_tier_2', 'web_tier_3', 'vpc_0f9e8d7c']);
  });

  it('property: any names give unique keys that the schema accepts as addresses', () => {
    const address = new RegExp(ADDRESS_PATTERN);
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.uuid(), name: fc.string({ maxLength: 80 }) }), { maxLength: 40 }), (vpcs) => {
        const keys = assignKeys(vpcs);
        expect(new Set(keys).size).toBe(keys.length);
        for (const key of keys) expect(key).toMatch(address);
      }),
    );
  });
});

describe('import YAML', () => {
  it('writes the $schema comment, the target and every managed field the VPC has', () => {
    const vpcs = toImported([
      live({ id: '99d9', name: 'vpc1', cidr: '192.168.0.0/16', description: 'web: tier', enable_shared_snat: true, routes: [{ destination: '0.0.0.0/0', nexthop: '192.168.0.5' }] }),
      live({ id: 'abcd', name: '', cidr: '' }),
    ], 'otc');
    const text = renderImportYaml(vpcs, {
      target: { cloud: 'otc', region: 'eu-de', project_id: '0123', endpoint: 'http://127.0.0.1:1' },
      schemaRef: '../schemas/vpcform.schema.json',
    });
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/vpcform.schema.json');
    expect(text).toContain('- { destination: 0.0.0.0/0, nexthop: 192.168.0.5 }');
    expect(parse(text)).toEqual({
      version: 1,
      target: { cloud: 'otc', region: 'eu-de', project_id: '0123', endpoint: 'http://127.0.0.1:1' },
      vpcs: {
        vpc1: { id: '99d9', name: 'vpc1', cidr: '192.168.0.0/16', description: 'web: tier', enable_shared_snat: true, routes: [{ destination: '0.0.0.0/0', nexthop: '192.168.0.5' }] },
        vpc_abcd: { id: 'abcd', routes: [] },
      },
    });
  });
});
