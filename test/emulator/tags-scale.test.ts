import { describe, expect, it } from 'vitest';
import { call, PROJECT, withEmulator } from './helpers.js';
import { FILTER_PATH } from './tag-helpers.js';

const COUNT = 100_000;

/** Every VPC carries `shard` = i mod 10; every 7th also `seven: yes`. */
function seed() {
  const vpcs = Array.from({ length: COUNT }, (_, i) => ({
    name: `vpc-${i}`,
    cidr: `10.${(i >> 8) & 255}.${i & 255}.0/24`,
    tags: { shard: String(i % 10), ...(i % 7 === 0 && { seven: 'yes' }) },
  }));
  return { project_id: PROJECT, vpcs };
}

describe('tag filter at scale', () => {
  it('pages 1000 of 100,000 VPCs by tag, deep into the result, with the right total', async () => {
    await withEmulator({ seed: seed() }, async (emu) => {
      const deep = await call(emu, 'POST', FILTER_PATH, { action: 'filter', tags: [{ key: 'shard', values: ['3'] }], offset: 5000, limit: 1000 });
      expect(deep.status).toBe(200);
      expect(deep.json.total_count).toBe(10_000);
      const names = (deep.json.resources as Array<{ resource_name: string }>).map((r) => r.resource_name);
      expect(names).toEqual(Array.from({ length: 1000 }, (_, k) => `vpc-${(5000 + k) * 10 + 3}`));

      // shard 3 AND seven: i = 3 (mod 10) and 0 (mod 7), i.e. i = 63 (mod 70).
      const both = await call(emu, 'POST', FILTER_PATH, { action: 'count', tags: [{ key: 'shard', values: ['3'] }, { key: 'seven', values: [] }] });
      expect(both.json.total_count).toBe(Math.ceil((COUNT - 63) / 70));

      const all = await call(emu, 'POST', FILTER_PATH, { action: 'filter', tags: [], offset: COUNT - 10 });
      expect(all.json.total_count).toBe(COUNT);
      expect(all.json.resources).toHaveLength(10);

      const project = await call(emu, 'GET', `/v2.0/${PROJECT}/vpcs/tags`);
      expect(project.json.tags).toEqual([
        { key: 'seven', values: ['yes'] },
        { key: 'shard', values: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
      ]);
    });
  }, 120_000);
});
