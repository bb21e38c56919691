import { describe, expect, it } from 'vitest';
import { call, PROJECT, withEmulator } from './helpers.js';

const COUNT = 100_000;

describe('scale', () => {
  it('holds 100,000 VPCs and pages them by marker in insertion order', async () => {
    const vpcs = Array.from({ length: COUNT }, (_, i) => ({ name: `vpc-${i}`, cidr: `10.${(i >> 8) & 255}.${i & 255}.0/24` }));
    await withEmulator({ seed: { project_id: PROJECT, vpcs } }, async (emu) => {
      const ids = emu.vpcs().map((v) => v.id);
      expect(ids).toHaveLength(COUNT);
      const base = `/v1/${PROJECT}/vpcs?limit=2000`;
      const first = await call(emu, 'GET', base);
      expect(first.json.vpcs).toHaveLength(2000);
      expect(first.json.vpcs[0].name).toBe('vpc-0');
      const deep = await call(emu, 'GET', `${base}&marker=${ids[97_999]}`);
      expect(deep.json.vpcs.map((v: { name: string }) => v.name)).toEqual(Array.from({ length: 2000 }, (_, i) => `vpc-${98_000 + i}`));
      const tail = await call(emu, 'GET', `${base}&marker=${ids[COUNT - 3]}`);
      expect(tail.json.vpcs).toHaveLength(2);
      // A generous bound: the machine is shared; bench/emulator-list.mjs reports the real figures.
      const started = performance.now();
      await call(emu, 'GET', `${base}&marker=${ids[50_000]}`);
      expect(performance.now() - started).toBeLessThan(2000);
    });
  }, 60_000);
});
