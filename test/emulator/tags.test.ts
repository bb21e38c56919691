import { describe, expect, it } from 'vitest';
import { call, PROJECT, vpcPath, withEmulator } from './helpers.js';
import { A, B, C, LENGTH_MESSAGE, actionPath, pick, tagAction, tagError, tagSeed, tagsOn, tagsPath } from './tag-helpers.js';

const t = (key: string, value: string) => ({ key, value });
const ten = (prefix: string) => Array.from({ length: 10 }, (_, i) => t(`${prefix}${i}`, 'v'));

describe('batch create and delete (POST …/{vpc_id}/tags/action)', () => {
  it('creates with 204 and no body, overwrites existing keys, and is idempotent', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      const created = await tagAction(emu, A, 'create', [t('env', 'staging'), t('owner', 'ops')]);
      expect(created.status).toBe(204);
      expect(created.text).toBe('');
      expect(await tagsOn(emu, A)).toEqual({ env: 'staging', owner: 'ops', team: 'net' });
      expect((await tagAction(emu, A, 'create', [t('env', 'staging'), t('owner', 'ops')])).status).toBe(204);
      expect(await tagsOn(emu, A)).toEqual({ env: 'staging', owner: 'ops', team: 'net' });
    });
  });

  it('lists a VPC tags as [{key, value}] sorted by key, [] when it has none', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      await tagAction(emu, A, 'create', [t('b', '2'), t('a', '1')]);
      expect((await call(emu, 'GET', tagsPath(A))).json).toEqual({ tags: [t('a', '1'), t('b', '2'), t('env', 'prod'), t('team', 'net')] });
      expect(pick(await call(emu, 'GET', tagsPath(C)))).toEqual({ status: 200, json: { tags: [] } });
    });
  });

  it('refuses duplicate keys in one create, and an action other than create or delete', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect(pick(await tagAction(emu, C, 'create', [t('k', '1'), t('k', '2')]))).toEqual(tagError(400, 'Tag key is repeated.'));
      for (const action of ['update', 'Create', '', undefined]) {
        expect(pick(await tagAction(emu, C, action as string, [t('k', '1')]))).toEqual(tagError(400, 'action is invalid.'));
      }
      expect(await tagsOn(emu, C)).toEqual({});
    });
  });

  it('answers a malformed body with 500 VPC.1801 and a missing tags list with 400', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      for (const body of ['{"action":', '[]', '"create"', '{"action":"create","tags":"env"}', '{"action":"create","tags":[{"key":1,"value":"x"}]}']) {
        expect(pick(await call(emu, 'POST', actionPath(C), body))).toEqual(tagError(500, 'Invalid input.'));
      }
      expect(pick(await call(emu, 'POST', actionPath(C), { action: 'create' }))).toEqual(tagError(400, 'Tag can not be null.'));
      expect(pick(await tagAction(emu, C, 'create', [null]))).toEqual(tagError(400, 'Tag can not be null.'));
    });
  });

  it('deletes: missing tags are no error; a tag sent with a value goes only when the value matches; without one, by key', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect((await tagAction(emu, A, 'delete', [t('nope', 'x'), t('env', 'other')])).status).toBe(204);
      expect(await tagsOn(emu, A)).toEqual({ env: 'prod', team: 'net' });
      expect((await tagAction(emu, A, 'delete', [t('env', 'prod'), { key: 'team' }])).status).toBe(204);
      expect(await tagsOn(emu, A)).toEqual({});
      expect((await tagAction(emu, A, 'delete', [t('env', 'prod')])).status).toBe(204);
    });
  });

  it('does not check the charset on delete, but the key must not be blank', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect((await tagAction(emu, A, 'delete', [t('has.dot and space', 'x')])).status).toBe(204);
      expect(pick(await tagAction(emu, A, 'delete', [t('', 'x')]))).toEqual(tagError(400, LENGTH_MESSAGE));
      expect(pick(await tagAction(emu, A, 'delete', [{ value: 'x' }]))).toEqual(tagError(400, LENGTH_MESSAGE));
    });
  });
});

describe('limits (the strictest documented reading, SPEC.md "Tags")', () => {
  it('keys of 1-36 and values of 0-43 characters', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect((await tagAction(emu, C, 'create', [t('k'.repeat(36), 'v'.repeat(43)), t('empty', '')])).status).toBe(204);
      for (const bad of [t('k'.repeat(37), 'v'), t('k', 'v'.repeat(44)), t('', 'v')]) {
        expect(pick(await tagAction(emu, C, 'create', [bad]))).toEqual(tagError(400, LENGTH_MESSAGE));
      }
      expect(await tagsOn(emu, C)).toEqual({ ['k'.repeat(36)]: 'v'.repeat(43), empty: '' });
    });
  });

  it('only letters, digits, _ and - in keys and values', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect((await tagAction(emu, C, 'create', [t('Az09_-', 'Az09_-')])).status).toBe(204);
      for (const bad of [t('a.b', 'v'), t('k', 'a.b'), t('a@b', 'v'), t('k', 'a b'), t('ключ', 'v')]) {
        const answer = await tagAction(emu, C, 'create', [bad]);
        expect(answer.status).toBe(400);
        expect(answer.json.code).toBe('VPC.1801');
      }
      expect(await tagsOn(emu, C)).toEqual({ 'Az09_-': 'Az09_-' });
    });
  });

  it('a value must be sent on create (an empty string is a value)', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect(pick(await tagAction(emu, C, 'create', [{ key: 'k' }]))).toEqual(tagError(400, 'Tag value can not be null.'));
      expect(pick(await tagAction(emu, C, 'create', [{ key: 'k', value: null }]))).toEqual(tagError(400, 'Tag value can not be null.'));
    });
  });

  it('at most 10 tags per VPC, counting the existing ones; overwriting does not count twice', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      const tooMany = tagError(400, 'number of tags exceeds max num of 10.');
      expect(pick(await tagAction(emu, C, 'create', [...ten('k'), t('k10', 'v')]))).toEqual(tooMany);
      expect((await tagAction(emu, C, 'create', ten('k'))).status).toBe(204);
      expect(pick(await tagAction(emu, C, 'create', [t('one-more', 'v')]))).toEqual(tooMany);
      expect((await tagAction(emu, C, 'create', [t('k3', 'changed')])).status).toBe(204);
      expect(Object.keys(await tagsOn(emu, C))).toHaveLength(10);
      expect(pick(await call(emu, 'POST', tagsPath(C), { tag: t('eleventh', 'v') }))).toEqual(tooMany);
    });
  });
});

describe('single tag add and delete', () => {
  it('POST …/tags adds with 204 and overwrites an existing key', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      const added = await call(emu, 'POST', tagsPath(A), { tag: t('env', 'qa') });
      expect(added.status).toBe(204);
      expect(added.text).toBe('');
      expect(await tagsOn(emu, A)).toEqual({ env: 'qa', team: 'net' });
      expect(pick(await call(emu, 'POST', tagsPath(A), {}))).toEqual(tagError(400, 'Tag can not be null.'));
      expect(pick(await call(emu, 'POST', tagsPath(A), 'not json'))).toEqual(tagError(500, 'Invalid input.'));
    });
  });

  it('DELETE …/tags/{key} answers 204, then 404 once the key is gone', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      const gone = await call(emu, 'DELETE', `${tagsPath(A)}/team`);
      expect(gone.status).toBe(204);
      expect(gone.text).toBe('');
      expect(await tagsOn(emu, A)).toEqual({ env: 'prod' });
      const missing = await call(emu, 'DELETE', `${tagsPath(A)}/team`);
      expect(missing.status).toBe(404);
      expect(missing.json.code).toBe('VPC.1801');
    });
  });

  it('keys that are also names of Object.prototype members behave as plain keys', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect((await tagAction(emu, C, 'create', [t('__proto__', 'p'), t('constructor', 'c'), t('toString', 's')])).status).toBe(204);
      expect(await tagsOn(emu, C)).toEqual(Object.fromEntries([['__proto__', 'p'], ['constructor', 'c'], ['toString', 's']]));
      expect((await call(emu, 'DELETE', `${tagsPath(C)}/hasOwnProperty`)).status).toBe(404);
      expect((await call(emu, 'DELETE', `${tagsPath(C)}/__proto__`)).status).toBe(204);
    });
  });
});

describe('which VPC', () => {
  it('a well-formed unknown id is 404 VPC.0003; a malformed one 400 "resource id is invalid."', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      const unknown = '44444444-4444-4444-8444-444444444444';
      for (const answer of [
        await call(emu, 'GET', tagsPath(unknown)),
        await tagAction(emu, unknown, 'create', [t('k', 'v')]),
        await call(emu, 'POST', tagsPath(unknown), { tag: t('k', 'v') }),
        await call(emu, 'DELETE', `${tagsPath(unknown)}/k`),
      ]) {
        expect(pick(answer)).toEqual({ status: 404, json: { code: 'VPC.0003', message: 'VPC does not exist.' } });
      }
      expect(pick(await call(emu, 'GET', tagsPath('not-a-uuid')))).toEqual(tagError(400, 'resource id is invalid.'));
    });
  });

  it('tags go with their VPC', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect((await call(emu, 'DELETE', vpcPath(A))).status).toBe(204);
      expect((await call(emu, 'GET', tagsPath(A))).status).toBe(404);
      expect((await call(emu, 'GET', `/v2.0/${PROJECT}/vpcs/tags`)).json).toEqual({ tags: [{ key: 'env', values: ['dev'] }] });
      expect(emu.vpc(B)?.tags).toEqual({ env: 'dev' });
    });
  });

  it('a project other than the emulator one is 400 VPC.0007, as on every route', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      const answer = await call(emu, 'GET', tagsPath(A, 'ffffffffffffffffffffffffffffffff'));
      expect(pick(answer)).toEqual({ status: 400, json: { code: 'VPC.0007', message: 'urlTenantId is not equal tokenTenantId' } });
    });
  });

  it('v1 answers never show tags', async () => {
    await withEmulator({ seed: tagSeed() }, async (emu) => {
      expect((await call(emu, 'GET', vpcPath(A))).json.vpc).not.toHaveProperty('tags');
      expect((await call(emu, 'GET', `/v1/${PROJECT}/vpcs`)).text).not.toContain('"tags"');
    });
  });
});
