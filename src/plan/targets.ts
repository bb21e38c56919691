import type { DesiredVpc } from '../config/types.js';
import type { Refreshed, Resolution } from '../model/live-state.js';
import type { LiveVpc } from '../model/vpc.js';
import { decideIntents } from './intent.js';
import type { Plan } from './types.js';

/**
 * The untargeted entries a targeted plan cannot leave out, each with the targeted address that needs
 * it (Terraform plans the dependencies of its targets too):
 * - a targeted create by name that **waits for** the entry: it deletes, or renames away, the VPC that
 *   holds the name. Alone, the create would find that VPC by its name and update it instead;
 * - an entry that resolves to the **same live VPC** as a targeted one: the whole file refuses both
 *   (`CONFIG_DUPLICATE`); alone, one of them would be changed with the conflict unseen.
 *
 * Pure, from what refresh read for `selected` (the targets and the entries already added). Only an
 * entry naming a VPC they found — by its `id`, or without `id` by its name — can be either, so no
 * other entry needs a read. An entry that a targeted change frees a name for is not added: it waits
 * for the target, not the other way round.
 */
export function targetDependencies(all: readonly DesiredVpc[], selected: ReadonlySet<string>, refreshed: Refreshed): Map<string, string> {
  const resolutions = new Map<string, Resolution>(refreshed.vpcs.map((r) => [r.address, r.resolution]));
  const found = new Map<string, LiveVpc>();
  for (const r of refreshed.vpcs) if (selected.has(r.address) && r.resolution.status === 'found') found.set(r.resolution.live.id, r.resolution.live);
  const inferred = new Map<string, Resolution>();
  for (const desired of all) {
    if (selected.has(desired.address)) continue;
    const resolution = sameVpcAs(desired, found, refreshed.projectVpcs);
    if (resolution !== undefined) inferred.set(desired.address, resolution);
  }
  const needed = new Map<string, string>();
  if (inferred.size === 0) return needed;

  const entries = all.filter((d) => selected.has(d.address) || inferred.has(d.address));
  const intents = decideIntents(entries, new Map([...resolutions, ...inferred]));
  const managers = new Map<string, string[]>();
  entries.forEach((desired, i) => {
    const intent = intents[i];
    if (intent === undefined) return;
    if (intent.kind === 'create' && selected.has(desired.address)) {
      for (const address of intent.waitsFor) if (inferred.has(address) && !needed.has(address)) needed.set(address, desired.address);
    }
    if (intent.kind === 'manage' || intent.kind === 'delete') managers.set(intent.live.id, [...(managers.get(intent.live.id) ?? []), desired.address]);
  });
  for (const addresses of managers.values()) {
    const target = addresses.find((a) => selected.has(a));
    if (target === undefined) continue;
    for (const address of addresses) if (inferred.has(address) && !needed.has(address)) needed.set(address, target);
  }
  return needed;
}

/**
 * How an untargeted entry would resolve, when it names a VPC the selected entries found; else
 * undefined. By name, the project listing (when read) decides between one match and several.
 */
function sameVpcAs(desired: DesiredVpc, found: ReadonlyMap<string, LiveVpc>, projectVpcs: readonly LiveVpc[] | undefined): Resolution | undefined {
  if (desired.id !== undefined) {
    const live = found.get(desired.id);
    return live === undefined ? undefined : { status: 'found', live };
  }
  if (desired.name === undefined) return undefined;
  const named = (projectVpcs ?? [...found.values()]).filter((v) => v.name === desired.name);
  const live = named.length === 1 ? found.get((named[0] as LiveVpc).id) : undefined;
  return live === undefined ? undefined : { status: 'found', live };
}

/** The plan with the addresses it was made for, placed after `desired` (the file is read in reviews). */
export function withTargets(plan: Plan, targets: readonly string[]): Plan {
  const { summary, changes, ...head } = plan;
  return { ...head, targets: [...targets], summary, changes };
}
