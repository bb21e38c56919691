import type { EmulatorSeed, RunningEmulator } from '../../src/emulator/index.js';
import { call, PROJECT, type Answer } from './helpers.js';

/** Three VPCs: two tagged, one bare; insertion order A, B, C. */
export const A = '11111111-1111-4111-8111-111111111111';
export const B = '22222222-2222-4222-8222-222222222222';
export const C = '33333333-3333-4333-8333-333333333333';

export const tagSeed = (): EmulatorSeed => ({
  project_id: PROJECT,
  vpcs: [
    { id: A, name: 'vpc-a', cidr: '10.1.0.0/16', tags: { env: 'prod', team: 'net' } },
    { id: B, name: 'vpc-b', cidr: '10.2.0.0/16', tags: { env: 'dev' } },
    { id: C, name: 'vpc-c', cidr: '10.3.0.0/16' },
  ],
});

export const tagsPath = (id: string, project = PROJECT) => `/v2.0/${project}/vpcs/${id}/tags`;
export const actionPath = (id: string) => `${tagsPath(id)}/action`;
export const FILTER_PATH = `/v2.0/${PROJECT}/vpcs/resource_instances/action`;
export const PROJECT_TAGS_PATH = `/v2.0/${PROJECT}/vpcs/tags`;

export const tagAction = (emu: RunningEmulator, id: string, action: string, tags: unknown): Promise<Answer> =>
  call(emu, 'POST', actionPath(id), { action, tags });

export async function tagsOn(emu: RunningEmulator, id: string): Promise<Record<string, string>> {
  const answer = await call(emu, 'GET', tagsPath(id));
  if (answer.status !== 200) throw new Error(`GET tags answered ${answer.status}: ${answer.text}`);
  return Object.fromEntries((answer.json.tags as Array<{ key: string; value: string }>).map((t) => [t.key, t.value]));
}

/** A VPC.1801 answer with this status and message. */
export const tagError = (status: number, message: string) => ({ status, json: { code: 'VPC.1801', message } });

export const pick = (answer: Answer) => ({ status: answer.status, json: answer.json });

export const LENGTH_MESSAGE = 'Tag length is invalid. The key length must be in range [1,36] and value in range [0,43]';
