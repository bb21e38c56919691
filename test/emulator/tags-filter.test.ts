import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, withEmulator } from './helpers.js';
import { A, B, C, FILTER_PATH, LENGTH_MESSAGE, PROJECT_TAGS_PATH, pick, tagAction, tagError, tagSeed } from './tag-helpers.js';

const filter = (emu: RunningEmulator, body: unknown) => call(emu, 'POST', FILTER_PATH, body);
const ids = (answer: { json: { resources: Array<{ resource_id: string }> } }) => answer.json.resources.map((r) => r.resource_id);

describe('filter and count (POST /v2.0/{project_id}/vpcs/resource_instances/action)', () => {
  it('answers resources with id, name, null detail and sorted tags, plus total_count', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      const answer = await filter(emu, { action: 'filter', tags: [{ key: 'env', values: ['prod'] }] });
      expect(pick(answer)).toEqual({
        status: 200,
        json: {
          resources: [{ resource_id: A, resource_name: 'vpc-a', resource_detail: null, tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'net' }] }],
          total_count: 1,
        },
      });
    });
  });

  it('ORs the values of a key, ANDs the keys, and an empty values list means any value', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect(ids(await filter(emu, { action: 'filter', tags: [{ key: 'env', values: ['prod', 'dev'] }] }))).toEqual([A, B]);
      expect(ids(await filter(emu, { action: 'filter', tags: [{ key: 'env', values: [] }] }))).toEqual([A, B]);
      expect(ids(await filter(emu, { action: 'filter', tags: [{ key: 'env', values: [] }, { key: 'team', values: ['net'] }] }))).toEqual([A]);
      expect(ids(await filter(emu, { action: 'filter', tags: [{ key: 'env', values: ['dev'] }, { key: 'team', values: [] }] }))).toEqual([]);
      expect(ids(await filter(emu, { action: 'filter', tags: [{ key: 'nope', values: [] }] }))).toEqual([]);
    });
  });

  it('tags: [] matches every VPC (tags [] included); a request without tags is refused', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      const all = await filter(emu, { action: 'filter', tags: [] });
      expect(ids(all)).toEqual([A, B, C]);
      expect(all.json.resources[2]).toEqual({ resource_id: C, resource_name: 'vpc-c', resource_detail: null, tags: [] });
      const invalid = tagError(400, 'ResourceInstancesReq is null or invalid.');
      expect(pick(await filter(emu, { action: 'filter' }))).toEqual(invalid);
      expect(pick(await filter(emu, { action: 'count', tags: null }))).toEqual(invalid);
    });
  });

  it('matches resource_name exactly', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      const byName = (value: string) => filter(emu, { action: 'filter', tags: [], matches: [{ key: 'resource_name', value }] });
      expect(ids(await byName('vpc-b'))).toEqual([B]);
      expect(ids(await byName('vpc'))).toEqual([]);
      expect(ids(await filter(emu, { action: 'filter', tags: [{ key: 'env', values: ['prod'] }], matches: [{ key: 'resource_name', value: 'vpc-b' }] }))).toEqual([]);
    });
  });

  it('counts with {"total_count": N} and ignores limit and offset there', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect(pick(await filter(emu, { action: 'count', tags: [{ key: 'env', values: [] }] }))).toEqual({ status: 200, json: { total_count: 2 } });
      expect((await filter(emu, { action: 'count', tags: [], limit: 'nonsense', offset: -5 })).json).toEqual({ total_count: 3 });
    });
  });

  it('pages with limit and offset, as integers or as numeric strings, in list order, total_count unchanged', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      const page = (limit: unknown, offset: unknown) => filter(emu, { action: 'filter', tags: [], limit, offset });
      expect(ids(await page(2, 0))).toEqual([A, B]);
      expect(ids(await page('2', '2'))).toEqual([C]);
      expect(ids(await page(1000, 1))).toEqual([B, C]);
      const beyond = await page(10, 3);
      expect(beyond.json).toEqual({ resources: [], total_count: 3 });
      expect((await page(1, 1)).json.total_count).toBe(3);
    });
  });

  it('refuses a bad limit or offset with the documented messages', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      for (const limit of [0, 1001, -1, 'abc', 1.5, '10.0', true]) {
        expect(pick(await filter(emu, { action: 'filter', tags: [], limit }))).toEqual(tagError(400, 'Limit in resourceInstancesReq is invalid.'));
      }
      for (const offset of [-1, '-1', 'x', 0.5]) {
        expect(pick(await filter(emu, { action: 'filter', tags: [], offset }))).toEqual(tagError(400, 'Offset in resourceInstancesReq is invalid.'));
      }
    });
  });

  it('refuses bad tags and matches with the documented VPC.1801 messages', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      const cases: Array<[unknown, string]> = [
        [{ action: 'list', tags: [] }, 'action is invalid.'],
        [{ action: 'filter', tags: [{ key: 'env', values: ['a', 'a'] }] }, 'Value of tags in resourceInstancesReq is duplicate.'],
        [{ action: 'filter', tags: [{ key: 'env', values: [] }, { key: 'env', values: ['x'] }] }, 'Tag key is repeated.'],
        [{ action: 'filter', tags: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, values: [] })) }, 'number of tags exceeds max num of 10.'],
        [{ action: 'filter', tags: [{ key: 'env', values: Array.from({ length: 11 }, (_, i) => `v${i}`) }] }, 'number of tags exceeds max num of 10.'],
        [{ action: 'filter', tags: [{ key: '', values: [] }] }, LENGTH_MESSAGE],
        [{ action: 'filter', tags: [{ key: 'env', values: ['v'.repeat(44)] }] }, LENGTH_MESSAGE],
        [{ action: 'filter', tags: [null] }, 'Tag can not be null.'],
        [{ action: 'filter', tags: [{ key: 'env' }] }, 'Tag value can not be null.'],
        [{ action: 'filter', tags: [], matches: [] }, 'The number of Matches in resourceInstancesReq is 0.'],
        [{ action: 'filter', tags: [], matches: [null] }, 'The list of matches contains null.'],
        [{ action: 'filter', tags: [], matches: [{ key: 'resource_id', value: A }] }, 'The key of matches is invalid.'],
        [{ action: 'filter', tags: [], matches: [{ key: 'resource_name' }] }, 'The value of Matches in resourceInstancesReq is null.'],
        [{ action: 'filter', tags: [], matches: [{ key: 'resource_name', value: 'n'.repeat(256) }] }, "The value's length of Matches in resourceInstancesReq is more than 255."],
      ];
      for (const [body, message] of cases) expect(pick(await filter(emu, body)), JSON.stringify(body).slice(0, 80)).toEqual(tagError(400, message));
      expect(pick(await call(emu, 'POST', FILTER_PATH, '{"action":"filter",'))).toEqual(tagError(500, 'Invalid input.'));
    });
  });

  it('sees tag writes at once', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      await tagAction(emu, C, 'create', [{ key: 'env', value: 'prod' }]);
      await tagAction(emu, A, 'delete', [{ key: 'env' }]);
      expect(ids(await filter(emu, { action: 'filter', tags: [{ key: 'env', values: ['prod'] }] }))).toEqual([C]);
    });
  });
});

describe('project tags (GET /v2.0/{project_id}/vpcs/tags)', () => {
  it('lists each key once with its distinct values, keys and values sorted', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      await tagAction(emu, C, 'create', [{ key: 'env', value: 'prod' }, { key: 'app', value: 'web' }]);
      expect(pick(await call(emu, 'GET', PROJECT_TAGS_PATH))).toEqual({
        status: 200,
        json: { tags: [{ key: 'app', values: ['web'] }, { key: 'env', values: ['dev', 'prod'] }, { key: 'team', values: ['net'] }] },
      });
    });
  });

  it('answers {"tags": []} for a project without tags', async () => {
    await withEmulator({ seed: { vpcs: [] } }, async (emu) => {
      expect((await call(emu, 'GET', PROJECT_TAGS_PATH)).json).toEqual({ tags: [] });
    });
  });
});
