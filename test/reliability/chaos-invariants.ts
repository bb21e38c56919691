/**
 * What must hold after a chaos apply, read from the emulator's own state and request log: every claim
 * of the summary is true, every failure is explained, and no entry of the file ever yields two VPCs.
 */
import { expect } from 'vitest';
import type { RequestLogEntry, RunningEmulator, VpcRecord } from '../../src/emulator/index.js';
import type { ChaosLifecycle } from './chaos-scenario.js';
import { appliedDeletes, appliedPostIds, DELETE_ROUTE, PUT_ROUTE, type DesiredFields } from './helpers.js';
import { mismatchedFields } from './vpc-match.js';

export interface Outcome {
  address: string;
  id?: string;
  result: string;
  failure?: { code: string; message: string };
}

type JsonLine = Record<string, unknown> & { type?: string };

/** One apply process as the invariants see it. */
export interface ApplyView {
  lines: JsonLine[];
  outcomes: Outcome[];
  /** The part of the emulator's request log this run produced (the whole log when runs overlap). */
  log: RequestLogEntry[];
  /** False when another apply ran at the same time: the log is then not this run's alone. */
  alone: boolean;
}

/** What the file asks for, in the terms the invariants need. */
export interface FileView {
  desired: Record<string, DesiredFields>;
  lifecycle: Pick<ChaosLifecycle, 'creates' | 'deletes'>;
}

export type EntryKind = 'create' | 'delete' | 'update';

export function kindOf(file: FileView, key: string): EntryKind {
  if (file.lifecycle.creates.includes(key)) return 'create';
  if (key in file.lifecycle.deletes) return 'delete';
  return 'update';
}

/** The results an action of the plan may end in: anything else is a claim the plan does not allow. */
const RESULTS_BY_ACTION: Record<string, readonly string[]> = {
  create: ['created', 'failed'],
  update: ['updated', 'failed'],
  // A delete whose VPC went before our first DELETE landed (another apply) is `unchanged`.
  delete: ['deleted', 'unchanged', 'failed'],
  'no-op': ['unchanged'],
  error: ['failed'],
};

export const SUCCEEDED: ReadonlySet<string> = new Set(['created', 'updated', 'deleted', 'unchanged']);

/** The plan's action per address, from the `{"type":"plan"}` line that `apply --json` prints first. */
export function plannedActions(lines: JsonLine[]): Map<string, string> {
  const plan = lines.find((l) => l.type === 'plan')?.['plan'] as { changes?: Array<{ address: string; action: string }> } | undefined;
  return new Map((plan?.changes ?? []).map((c) => [c.address, c.action]));
}

function vpcNamed(emu: RunningEmulator, name: string): VpcRecord | undefined {
  return emu.vpcs().find((v) => v.name === name);
}

/**
 * Every outcome of one run is allowed by its planned action and true to the emulator's state:
 * `created` names a VPC that exists, is OK and has every declared field, made by exactly one POST;
 * `deleted` names a VPC that GET no longer finds; `updated` VPCs are OK with the declared fields;
 * `unchanged` ones have the declared fields and got no write from this run; `failed` has a code (never INTERNAL), a
 * message and a `change_failed` event naming the VPC.
 */
export function assertClaimsTrue(emu: RunningEmulator, file: FileView, run: ApplyView, context: string): void {
  const actions = plannedActions(run.lines);
  const failedEvents = new Map(run.lines.filter((l) => l.type === 'change_failed').map((l) => [l['address'] as string, l]));
  const runDeletes = appliedDeletes(run.log);
  const writesTo = new Set(run.log.filter((r) => (r.route === PUT_ROUTE || r.route === DELETE_ROUTE) && r.applied === true).map((r) => r.vpc_id));
  const postedIds = appliedPostIds(emu.requestLog());
  const runPosted = new Set(appliedPostIds(run.log));
  for (const outcome of run.outcomes) {
    const key = outcome.address.slice('vpcs.'.length);
    const want = file.desired[key]!;
    const kind = kindOf(file, key);
    const why = `${outcome.address} (${kind}, planned ${actions.get(outcome.address)}) ${outcome.result} ${outcome.id ?? ''} ${JSON.stringify(outcome.failure ?? {})}\n${context}`;
    const action = actions.get(outcome.address);
    expect(action, `${why}: not in the plan`).toBeDefined();
    expect(RESULTS_BY_ACTION[action!], why).toContain(outcome.result);

    if (outcome.result === 'failed') {
      expect(outcome.failure?.code, why).toMatch(/^[A-Z_]+$/);
      expect(outcome.failure?.code, why).not.toBe('INTERNAL');
      expect(outcome.failure?.message.length, why).toBeGreaterThan(0);
      const event = failedEvents.get(outcome.address);
      expect(event, `${why}: no change_failed event`).toBeDefined();
      expect(event?.['id'], `${why}: the change_failed event names another VPC`).toBe(outcome.id);
      continue;
    }
    if (kind === 'delete') {
      const id = file.lifecycle.deletes[key];
      if (outcome.result === 'deleted') {
        expect(outcome.id, why).toBe(id);
        expect(emu.vpc(id!), `${why}: reported deleted but GET still finds it`).toBeUndefined();
        expect(appliedDeletes(emu.requestLog()).has(id!), `${why}: reported deleted, but no DELETE was carried out`).toBe(true);
      } else {
        // unchanged: nothing to delete, and nothing deleted by this run.
        if (id !== undefined) expect(emu.vpc(id), `${why}: reported unchanged but the VPC is there`).toBeUndefined();
        if (run.alone && id !== undefined) expect(runDeletes.has(id), `${why}: this run's DELETE was carried out`).toBe(false);
      }
      continue;
    }
    const record = kind === 'update' ? emu.vpc(want.id!) : outcome.id !== undefined ? emu.vpc(outcome.id) : vpcNamed(emu, want.name!);
    expect(record, `${why}: the VPC does not exist`).toBeDefined();
    expect(mismatchedFields(record!, want), `${why}: reported ${outcome.result} but differs`).toEqual([]);
    // `unchanged` claims the fields, not the status: a VPC stuck in PENDING_UPDATE whose fields match is a no-op.
    if (outcome.result !== 'unchanged') expect(record!.status, `${why}: reported ${outcome.result} but not OK`).toBe('OK');
    if (outcome.result === 'created') {
      expect(outcome.id, `${why}: a created VPC without its id`).toBeDefined();
      const madeByPosts = postedIds.filter((id) => emu.vpc(id)?.name === want.name);
      expect(madeByPosts, `${why}: not made by exactly one POST`).toEqual([outcome.id]);
    }
    if (outcome.result === 'unchanged' && run.alone) {
      expect(writesTo.has(record!.id), `${why}: unchanged, but this run wrote to it`).toBe(false);
      expect(runPosted.has(record!.id), `${why}: unchanged, but this run made it`).toBe(false);
    }
  }
}

/**
 * Never two VPCs of a name the file declares, and never two POSTs that made a VPC of one name; every
 * VPC a POST made is one the file creates; only VPCs marked absent ever get a DELETE.
 */
export function assertNoDuplicates(emu: RunningEmulator, file: FileView, context: string): void {
  const declared = new Set(Object.values(file.desired).filter((d) => d.ensure !== 'absent' && d.name !== undefined).map((d) => d.name!));
  const byName = new Map<string, number>();
  for (const v of emu.vpcs()) byName.set(v.name, (byName.get(v.name) ?? 0) + 1);
  for (const name of declared) expect(byName.get(name) ?? 0, `two VPCs named ${name}\n${context}`).toBeLessThanOrEqual(1);

  const createNames = new Set(file.lifecycle.creates.map((k) => file.desired[k]!.name!));
  const postsByName = new Map<string, string[]>();
  for (const id of appliedPostIds(emu.requestLog())) {
    const name = emu.vpc(id)?.name;
    expect(name, `a POST made ${id}, which is gone\n${context}`).toBeDefined();
    expect(createNames.has(name!), `a POST made ${id} named ${name}, which the file does not create\n${context}`).toBe(true);
    postsByName.set(name!, [...(postsByName.get(name!) ?? []), id]);
  }
  for (const [name, ids] of postsByName) expect(ids, `more than one POST made a VPC named ${name}\n${context}`).toHaveLength(1);

  const deletable = new Set(Object.values(file.lifecycle.deletes).filter((id): id is string => id !== undefined));
  const deleted = emu.requestLog().filter((r) => r.route === DELETE_ROUTE && r.vpc_id !== undefined && !deletable.has(r.vpc_id));
  expect(deleted.map((r) => r.vpc_id), `DELETE sent to a VPC the file does not mark absent\n${context}`).toEqual([]);
  const putToDeleted = emu.requestLog().filter((r) => r.route === PUT_ROUTE && r.vpc_id !== undefined && deletable.has(r.vpc_id));
  expect(putToDeleted.map((r) => r.vpc_id), `PUT sent to a VPC the file marks absent\n${context}`).toEqual([]);
}
