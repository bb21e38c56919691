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

export interface TestRoute {
  [key: string]: unknown;
}
export interface TestVpc {
  routes?: TestRoute[];
  [key: string]: unknown;
}
/** The document shape tests mutate: loose on purpose, since tests write wrong types into it. */
export interface TestDoc {
  target: Record<string, unknown>;
  vpcs: Record<string, TestVpc>;
  [key: string]: unknown;
}

/** Parses `doc` (after `change`) and returns `code path` strings of every diagnostic. */
export function findings(change: (doc: TestDoc) => void): string[] {
  const doc = baseDoc() as unknown as TestDoc;
  change(doc);
  const result = parseDesired(stringify(doc), 'test.yaml');
  return result.diagnostics.map((d) => `${d.code} ${d.path ?? ''}`.trim());
}
