import { stringify } from 'yaml';
import { parseDesired } from '../../src/config/index.js';

/** A valid document as data; tests change one thing and look at what is reported. */
export function baseDoc(): Record<string, unknown> {
  return {
    version: 1,
    target: { cloud: 'otc', region: 'eu-de', project_id: '0123456789abcdef0123456789abcdef' },
    vpcs: {
      web: {
        id: '99d9d709-8478-4b46-9f3f-2206b1023fd3',
        name: 'vpc-web',
        cidr: '192.168.0.0/16',
        description: 'web tier',
        routes: [{ destination: '0.0.0.0/0', nexthop: '192.168.0.5' }],
      },
      db: { name: 'vpc-db', cidr: '10.10.0.0/16', enable_shared_snat: false, routes: [] },
    },
  };
}

/** Parses `doc` (after `change`) and returns `code path` strings of every diagnostic. */
export function findings(change: (doc: Record<string, any>) => void): string[] {
  const doc = baseDoc() as Record<string, any>;
  change(doc);
  const result = parseDesired(stringify(doc), 'test.yaml');
  return result.diagnostics.map((d) => `${d.code} ${d.path ?? ''}`.trim());
}
