import type { CallOptions, CloudClient } from '../cloud/types.js';
import type { LiveVpc } from '../model/vpc.js';

/** The most VPCs one `resource_instances` filter page returns (lifecycle-tags §3.4). */
export const TAG_PAGE_SIZE = 1000;

export interface TagReadPlan {
  /** `get`: one `GET …/vpcs/{id}/tags` per VPC; `filter`: the filter pages (every VPC with its tags). */
  how: 'get' | 'filter';
  calls: number;
}

/**
 * Which read of the tags of `wanted` VPCs costs fewer calls: a GET each, or the filter's pages over the
 * whole project (`projectSize` VPCs, when known; a project that was not listed is assumed large).
 */
export function planTagRead(wanted: number, projectSize: number | undefined): TagReadPlan {
  const pages = projectSize === undefined ? Infinity : Math.max(1, Math.ceil(projectSize / TAG_PAGE_SIZE));
  return wanted <= pages ? { how: 'get', calls: wanted } : { how: 'filter', calls: pages };
}

/**
 * Sets `tags` on each of `wanted` (live VPCs whose desired entry manages tags) with the fewest calls:
 * a GET each when there are no more of them than filter pages, else the filter over every VPC (`tags: []`
 * matches all; a VPC the filter does not return has no tags). A project of several pages is asked for
 * its tag keys first (one call): when it has none, every VPC has none and no page is read.
 */
export async function readTags(client: CloudClient, wanted: readonly LiveVpc[], projectSize: number | undefined, call: CallOptions, onCall: () => void): Promise<void> {
  if (wanted.length === 0) return;
  const plan = planTagRead(wanted.length, projectSize);
  if (plan.how === 'get') {
    await Promise.all(
      wanted.map(async (vpc) => {
        vpc.tags = await client.getVpcTags(vpc.id, call);
        onCall();
      }),
    );
    return;
  }
  if (plan.calls > 2) {
    const keys = await client.listProjectTags(call);
    onCall();
    if (keys.length === 0) {
      for (const vpc of wanted) vpc.tags = Object.create(null) as Record<string, string>;
      return;
    }
  }
  const tagged = await client.filterVpcsByTags({ tags: [], limit: TAG_PAGE_SIZE }, call);
  onCall();
  const byId = new Map(tagged.map((t) => [t.resource_id, t.tags]));
  for (const vpc of wanted) vpc.tags = byId.get(vpc.id) ?? (Object.create(null) as Record<string, string>);
}
