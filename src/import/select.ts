import type { CallOptions, CloudClient } from '../cloud/types.js';
import type { LiveVpc } from '../model/vpc.js';
import { VpcformError, isVpcformError } from '../errors/index.js';

export interface ImportSelection {
  /** VPC ids to import. */
  ids?: readonly string[];
  /** VPC names to import (every VPC of that name). */
  names?: readonly string[];
}

/**
 * The live VPCs to import: all of the project's (every enterprise project), or those selected by
 * id or name, in the listing's order. Every selector must match something: a typo fails loudly
 * instead of writing a file that silently lacks a VPC.
 */
export async function selectLiveVpcs(client: CloudClient, selection: ImportSelection, call: CallOptions = {}): Promise<LiveVpc[]> {
  const ids = unique(selection.ids ?? []);
  const names = unique(selection.names ?? []);
  const all = await client.listVpcs({ ...call });
  if (ids.length === 0 && names.length === 0) {
    if (all.length === 0) {
      throw new VpcformError('IMPORT_NOTHING', {
        summary: `Project ${client.projectId} has no VPCs to import`,
        hint: 'Check the project id and the endpoint (HW_PROJECT_ID, --project-id, --endpoint).',
      });
    }
    return all;
  }

  const byId = new Map(all.map((v) => [v.id, v]));
  // The listing may miss a VPC of an enterprise project the credentials cannot list; a GET may still see it.
  for (const id of ids) {
    if (byId.has(id)) continue;
    try {
      byId.set(id, await client.getVpc(id, { ...call }));
    } catch (err) {
      if (!(isVpcformError(err) && err.code === 'CLOUD_NOT_FOUND')) throw err;
    }
  }
  const missingIds = ids.filter((id) => !byId.has(id));
  const listedNames = new Set(all.map((v) => v.name));
  const missingNames = names.filter((n) => !listedNames.has(n));
  if (missingIds.length > 0 || missingNames.length > 0) {
    const what = [...missingIds.map((id) => `id ${id}`), ...missingNames.map((n) => `name ${JSON.stringify(n)}`)];
    throw new VpcformError('IMPORT_NOT_FOUND', {
      summary: `No VPC with ${what.join(', ')} in project ${client.projectId}`,
      detail: `The project has ${all.length} VPC(s)${all.length > 0 ? `: ${all.slice(0, 20).map((v) => v.name || v.id).join(', ')}${all.length > 20 ? ', …' : ''}` : ''}.`,
      hint: 'Run `vpcform import` without --id/--name to see every VPC, or check the project id and endpoint.',
    });
  }

  const wantedIds = new Set(ids);
  const wantedNames = new Set(names);
  const picked: LiveVpc[] = [];
  const seen = new Set<string>();
  const candidates = [...all, ...[...byId.values()].filter((v) => !all.includes(v))];
  for (const vpc of candidates) {
    if (seen.has(vpc.id)) continue;
    if (wantedIds.has(vpc.id) || wantedNames.has(vpc.name)) {
      picked.push(vpc);
      seen.add(vpc.id);
    }
  }
  return picked;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}
