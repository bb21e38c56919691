import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toWire, wireJson } from '../../src/emulator/store.js';
import type { VpcRecord } from '../../src/emulator/types.js';

const route = fc.record({ destination: fc.string(), nexthop: fc.string() });
const record: fc.Arbitrary<VpcRecord> = fc.record({
  id: fc.uuid(),
  name: fc.string(),
  description: fc.string({ unit: 'binary' }),
  cidr: fc.string(),
  status: fc.constantFrom('OK', 'PENDING_UPDATE', 'ERROR', 'CREATING'),
  routes: fc.option(fc.array(route), { nil: null }),
  enable_shared_snat: fc.boolean(),
  enterprise_project_id: fc.string(),
  tenant_id: fc.string(),
  created_at: fc.string(),
  updated_at: fc.string(),
});

describe('the cached VPC JSON', () => {
  it('is byte for byte JSON.stringify of the wire object', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(wireJson(r)).toBe(JSON.stringify(toWire(r)));
      }),
    );
  });
});
