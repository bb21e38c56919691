import type { CloudClient } from '../cloud/types.js';
import type { LiveSubnet, LiveVpc } from '../model/vpc.js';
import type { DesiredState, DesiredVpc } from '../config/types.js';
import { isVpcformError } from '../errors/index.js';
import { diffVpc } from '../diff/diff-vpc.js';
import { MANAGED_FIELDS } from '../model/fields.js';
import type { Refreshed, RefreshedVpc, Resolution, VpcQuota } from '../model/live-state.js';
import { decideIntents, type Intent } from '../plan/intent.js';
import { planTagRead, readTags } from './tags.js';

export type RefreshStep = 'list_vpcs' | 'get_vpc' | 'list_subnets' | 'quota' | 'tags';

export interface RefreshProgress {
  step: RefreshStep;
  /** Calls of this step finished so far, and planned. */
  done: number;
  total: number;
}

export interface RefreshOptions {
  signal?: AbortSignal;
  onProgress?: (progress: RefreshProgress) => void;
  /**
   * At most this many VPCs wanted by id are read with one GET each; above it, one listing (2000 per
   * page) is cheaper. The same bound picks per-VPC subnet listings over one project-wide listing.
   */
  fewCalls?: number;
  /**
   * Read what only the plan's preflight needs (default true): subnets of VPCs whose cidr or routes
   * change or that are deleted, and the quota when something is created. Drift reports leave them out.
   */
  preflightReads?: boolean;
}

export const DEFAULT_FEW_CALLS = 3;

/**
 * Reads what a plan needs from the cloud with as few calls as the API allows: the live VPCs (one
 * paged listing, or a GET each when only a few are wanted by id), the project's VPCs when a name
 * changes (for the duplicate-name check), and the subnets of VPCs whose cidr or routes change (for
 * the VPC.0117 and nexthop checks).
 */
export async function refresh(client: CloudClient, state: DesiredState, options: RefreshOptions = {}): Promise<Refreshed> {
  const few = options.fewCalls ?? DEFAULT_FEW_CALLS;
  const call = { signal: options.signal };
  const progress = options.onProgress ?? (() => undefined);
  const wantedById = state.vpcs.filter((v) => v.id !== undefined);
  const wantedByName = state.vpcs.filter((v) => v.id === undefined);

  let projectVpcs: LiveVpc[] | undefined;
  const byId = new Map<string, LiveVpc>();

  const listProject = async (): Promise<LiveVpc[]> => {
    progress({ step: 'list_vpcs', done: 0, total: 1 });
    const all = await client.listVpcs({ ...call });
    progress({ step: 'list_vpcs', done: 1, total: 1 });
    for (const vpc of all) byId.set(vpc.id, vpc);
    return all;
  };

  if (wantedByName.length === 0 && wantedById.length <= few) {
    await getEach(client, wantedById.map((v) => v.id as string), byId, call, progress);
  } else {
    projectVpcs = await listProject();
    // A VPC the listing does not show (an enterprise project the listing filter misses) may still
    // answer a GET; only worth trying when few are missing.
    const missing = wantedById.map((v) => v.id as string).filter((id) => !byId.has(id));
    if (missing.length > 0 && missing.length <= few) await getEach(client, missing, byId, call, progress);
  }

  const byName = projectVpcs ? indexByName(projectVpcs) : new Map<string, LiveVpc[]>();
  const vpcs: RefreshedVpc[] = state.vpcs.map((desired) => ({ address: desired.address, resolution: resolve(desired, byId, byName) }));

  if (projectVpcs === undefined && vpcs.some((r, i) => renames(state.vpcs[i], r.resolution))) {
    projectVpcs = await listProject();
  }

  const intents = decideIntents(state.vpcs, new Map(vpcs.map((v) => [v.address, v.resolution])));
  // Tags are values, not preflight: read them whenever an entry manages them, and only then.
  const tagged = intents.flatMap((intent, i) => (intent.kind === 'manage' && state.vpcs[i]?.tags !== undefined ? [intent.live] : []));
  const tagsRead = readTagsWithProgress(client, tagged, projectVpcs?.length, call, progress);
  if (options.preflightReads === false) {
    await tagsRead;
    return { vpcs, ...(projectVpcs !== undefined && { projectVpcs }) };
  }
  const [quota] = await Promise.all([
    intents.some((i) => i.kind === 'create') ? readQuota(client, call, progress) : undefined,
    readSubnets(client, state.vpcs, intents, few, call, progress),
    tagsRead,
  ]);
  return { vpcs, ...(projectVpcs !== undefined && { projectVpcs }), ...(quota !== undefined && { quota }) };
}

async function readTagsWithProgress(
  client: CloudClient,
  wanted: LiveVpc[],
  projectSize: number | undefined,
  call: { signal: AbortSignal | undefined },
  progress: (p: RefreshProgress) => void,
): Promise<void> {
  if (wanted.length === 0) return;
  const total = planTagRead(wanted.length, projectSize).calls;
  let done = 0;
  progress({ step: 'tags', done, total });
  await readTags(client, wanted, projectSize, { ...call }, () => progress({ step: 'tags', done: (done += 1), total }));
}

/** One call, only when the plan creates: the quota preflight (VPC.0114) needs it. */
async function readQuota(client: CloudClient, call: { signal: AbortSignal | undefined }, progress: (p: RefreshProgress) => void): Promise<VpcQuota> {
  progress({ step: 'quota', done: 0, total: 1 });
  const quota = await client.getVpcQuota({ ...call });
  progress({ step: 'quota', done: 1, total: 1 });
  return quota;
}

async function getEach(
  client: CloudClient,
  ids: string[],
  into: Map<string, LiveVpc>,
  call: { signal: AbortSignal | undefined },
  progress: (p: RefreshProgress) => void,
): Promise<void> {
  let done = 0;
  progress({ step: 'get_vpc', done, total: ids.length });
  await Promise.all(
    ids.map(async (id) => {
      try {
        into.set(id, await client.getVpc(id, { ...call }));
      } catch (err) {
        if (!(isVpcformError(err) && err.code === 'CLOUD_NOT_FOUND')) throw err;
      }
      done += 1;
      progress({ step: 'get_vpc', done, total: ids.length });
    }),
  );
}

function indexByName(vpcs: readonly LiveVpc[]): Map<string, LiveVpc[]> {
  const out = new Map<string, LiveVpc[]>();
  for (const vpc of vpcs) {
    const list = out.get(vpc.name);
    if (list) list.push(vpc);
    else out.set(vpc.name, [vpc]);
  }
  return out;
}

function resolve(desired: DesiredVpc, byId: Map<string, LiveVpc>, byName: Map<string, LiveVpc[]>): Resolution {
  if (desired.id !== undefined) {
    const live = byId.get(desired.id);
    return live ? { status: 'found', live } : { status: 'not_found', by: 'id', value: desired.id };
  }
  if (desired.name === undefined) return { status: 'no_identity' };
  const matches = byName.get(desired.name) ?? [];
  if (matches.length === 1) return { status: 'found', live: matches[0] as LiveVpc };
  if (matches.length === 0) return { status: 'not_found', by: 'name', value: desired.name };
  return { status: 'ambiguous', name: desired.name, ids: matches.map((m) => m.id).sort() };
}

function renames(desired: DesiredVpc | undefined, resolution: Resolution): boolean {
  return (
    desired !== undefined &&
    resolution.status === 'found' &&
    desired.name !== undefined &&
    desired.name !== '' &&
    desired.name !== resolution.live.name
  );
}

/** Fields whose change is checked against the VPC's subnets (the field table says which). */
const SUBNET_CHECKED = new Set<string>(MANAGED_FIELDS.filter((f) => f.checkedAgainstSubnets).map((f) => f.field));

/**
 * Subnets of the VPCs that need them: an update whose cidr or routes change (VPC.0117, nexthops) and
 * a VPC to delete (VPC.0104 names them). A few VPCs: one filtered listing each; more: one project-wide.
 */
async function readSubnets(
  client: CloudClient,
  desired: readonly DesiredVpc[],
  intents: readonly Intent[],
  few: number,
  call: { signal: AbortSignal | undefined },
  progress: (p: RefreshProgress) => void,
): Promise<void> {
  const needing: Array<Extract<Resolution, { status: 'found' }>> = [];
  intents.forEach((intent, i) => {
    const want = desired[i];
    if (want === undefined) return;
    if (intent.kind === 'delete') needing.push(intent.resolution);
    else if (intent.kind === 'manage' && diffVpc(want, intent.live).some((c) => SUBNET_CHECKED.has(c.path))) needing.push(intent.resolution);
  });
  if (needing.length === 0) return;
  if (needing.length <= few) {
    let done = 0;
    progress({ step: 'list_subnets', done, total: needing.length });
    await Promise.all(
      needing.map(async (r) => {
        r.subnets = await client.listSubnets({ ...call, vpcId: r.live.id });
        done += 1;
        progress({ step: 'list_subnets', done, total: needing.length });
      }),
    );
    return;
  }
  progress({ step: 'list_subnets', done: 0, total: 1 });
  const all = await client.listSubnets({ ...call });
  progress({ step: 'list_subnets', done: 1, total: 1 });
  const byVpc = new Map<string, LiveSubnet[]>();
  for (const s of all) {
    const list = byVpc.get(s.vpc_id);
    if (list) list.push(s);
    else byVpc.set(s.vpc_id, [s]);
  }
  for (const r of needing) r.subnets = byVpc.get(r.live.id) ?? [];
}
