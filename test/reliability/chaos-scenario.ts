import type { FaultConfig, FaultKind, SeedVpc } from '../../src/emulator/index.js';
import type { ScriptedFault } from '../../src/emulator/types.js';
import { prng, vpcIdFor, type DesiredFields } from './helpers.js';

/** One seeded chaos run: the live VPCs, the desired ones, and the faults met while applying. */
export interface ChaosScenario {
  seed: number;
  live: SeedVpc[];
  /** Address key -> desired fields: updates by `id`, creates by `name`, deletes `ensure: absent`. */
  desired: Record<string, DesiredFields>;
  /** The keys of `desired` that create a VPC, and those that delete one. */
  lifecycle: ChaosLifecycle;
  createDelayMs: number;
  deleteDelayMs: number;
  /** Ids of VPCs that are live but not in the file: they must never receive a PUT. */
  bystanders: string[];
  faults: Partial<FaultConfig>;
  /** VPC ids that will stay PENDING_UPDATE / turn ERROR after their update. */
  stuck: string[];
  broken: string[];
  parallelism: number;
}

const KINDS: readonly FaultKind[] = ['500', '502', '503', '504', 'reset', '429'];

/**
 * Builds the scenario of `seed`: 16..30 VPCs to update, 3..6 to create and 3..6 to delete (see
 * lifecycleScenario), 3 bystanders, random faults. Deterministic.
 */
export function chaosScenario(seed: number): ChaosScenario {
  const rnd = prng(seed);
  const pick = (p: number) => rnd() < p;
  const count = 16 + Math.floor(rnd() * 15);
  const live: SeedVpc[] = [];
  const desired: Record<string, DesiredFields> = {};
  for (let i = 0; i < count; i++) {
    const id = vpcIdFor(i);
    const cidr = `10.${i}.0.0/16`;
    live.push({ id, name: `vpc-${i}`, cidr, description: `old ${i}`, enable_shared_snat: false, routes: null });
    const want: DesiredFields = { id };
    if (pick(0.15)) {
      want.name = `vpc-${i}`; // already as desired: a no-op
    } else {
      if (pick(0.6)) want.name = `app-${seed}-${i}`;
      if (pick(0.6)) want.description = `managed by chaos seed ${seed}`;
      if (pick(0.3)) want.routes = [{ destination: '0.0.0.0/0', nexthop: `10.${i}.0.${1 + Math.floor(rnd() * 200)}` }];
      if (pick(0.2)) want.cidr = `10.${i}.0.0/${pick(0.5) ? 17 : 15}`.replace(/^10\.(\d+)\.0\.0\/15$/, (_m, n: string) => `10.${Number(n) & ~1}.0.0/15`);
      if (pick(0.2)) want.enable_shared_snat = true;
      if (want.name === undefined && want.cidr === undefined) want.name = `app-${seed}-${i}`;
    }
    desired[`v${i}`] = want;
  }
  // /15 blocks may overlap a neighbour's /16: harmless (the API allows overlapping VPCs), but keep
  // the next hops inside the new cidr so the file stays valid.
  for (const want of Object.values(desired)) {
    if (want.routes && want.cidr && !inside(want.routes[0]!.nexthop, want.cidr)) delete want.routes;
  }
  const bystanders = [0, 1, 2].map((k) => vpcIdFor(900 + k));
  bystanders.forEach((id, k) => live.push({ id, name: `bystander-${k}`, cidr: `172.16.${k}.0/24`, description: 'not managed' }));

  // Only a VPC that gets a PUT can get stuck or fail after it.
  const managed = Object.values(desired)
    .filter((d) => Object.keys(d).length > 2 || d.name !== `vpc-${Number(d.id!.slice(0, 8))}`)
    .map((d) => d.id!);
  const stuck = pick(0.6) ? [managed[Math.floor(rnd() * managed.length)]!] : [];
  const broken = pick(0.6) ? [managed[Math.floor(rnd() * managed.length)]!].filter((id) => !stuck.includes(id)) : [];
  const kinds = KINDS.filter(() => pick(0.6));
  const faults: Partial<FaultConfig> = {
    seed,
    latency_ms: Math.floor(rnd() * 15),
    fault_rate: Math.round((0.05 + rnd() * 0.25) * 100) / 100,
    kinds: kinds.length > 0 ? kinds : ['500', 'reset'],
    rate_limit_rps: pick(0.3) ? 60 : 0,
    vpc_status: Object.fromEntries([...stuck.map((id) => [id, 'stuck']), ...broken.map((id) => [id, 'error'])]),
  };
  const parallelism = 1 + Math.floor(rnd() * 12);
  const cycle = lifecycleScenario(seed, live, desired);
  faults.after_write_share = cycle.afterWriteShare;
  faults.next = cycle.scripted;
  faults.create_status = Object.fromEntries([...cycle.stuckCreates.map((n) => [n, 'stuck']), ...cycle.brokenCreates.map((n) => [n, 'error'])]);
  faults.delete_status = Object.fromEntries([...cycle.stuckDeletes.map((id) => [id, 'stuck']), ...cycle.brokenDeletes.map((id) => [id, 'error'])]);
  return { seed, live, desired, lifecycle: cycle, createDelayMs: cycle.createDelayMs, deleteDelayMs: cycle.deleteDelayMs, bystanders, faults, stuck, broken, parallelism };
}

export interface ChaosLifecycle {
  /** Keys of entries that create a VPC (by name; none exists at the start). */
  creates: string[];
  /** Key of an `ensure: absent` entry -> the id of the VPC it deletes (undefined: there is none). */
  deletes: Record<string, string | undefined>;
  /** Create key -> the delete key whose VPC holds the name it takes (a replacement). */
  replaces: Record<string, string>;
  /** Names that stay CREATING / turn ERROR after their POST (`create_status`). */
  stuckCreates: string[];
  brokenCreates: string[];
  /** Ids that stay PENDING_DELETE / turn ERROR after their DELETE (`delete_status`). */
  stuckDeletes: string[];
  brokenDeletes: string[];
  afterWriteShare: number;
  /**
   * Faults every seed meets whatever its random draws: a POST and a DELETE whose answers are lost after
   * the write was carried out, and a POST refused with 429 before it.
   */
  scripted: ScriptedFault[];
  createDelayMs: number;
  deleteDelayMs: number;
}

const POST_ROUTE = 'POST /v1/{project_id}/vpcs';
const DELETE_ROUTE = 'DELETE /v1/{project_id}/vpcs/{vpc_id}';
const LOST_ANSWER: readonly FaultKind[] = ['500', '502', '503', '504', 'reset'];

/**
 * Adds to a seed's file 3..6 VPCs to create (with description, routes, shared SNAT as follow-up), 3..6
 * live VPCs to delete (by id or by name), 1..2 of them replaced by a create of the same name (the old
 * cidr or a new one), and an absent entry whose VPC does not exist. Drawn from its own PRNG so the
 * updates of a seed stay what they were before creates and deletes joined.
 */
function lifecycleScenario(seed: number, live: SeedVpc[], desired: Record<string, DesiredFields>): ChaosLifecycle {
  const rnd = prng(seed ^ 0x5eed1e);
  const pick = (p: number) => rnd() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const out: ChaosLifecycle = {
    creates: [],
    deletes: {},
    replaces: {},
    stuckCreates: [],
    brokenCreates: [],
    stuckDeletes: [],
    brokenDeletes: [],
    afterWriteShare: Math.round((0.3 + rnd() * 0.5) * 100) / 100,
    scripted: [],
    createDelayMs: int(30, 200),
    deleteDelayMs: pick(0.5) ? 0 : int(20, 200),
  };
  const deleteCount = int(3, 6);
  for (let k = 0; k < deleteCount; k++) {
    const id = vpcIdFor(500 + k);
    const name = `retired-${k}`;
    live.push({ id, name, cidr: `10.${100 + k}.0.0/16`, description: `to delete ${k}` });
    const key = `d${k}`;
    // The first one or two are replaced: their entry names the id, as the name goes to the new VPC.
    const replaced = k < 2 && (k === 0 || pick(0.5));
    desired[key] = replaced || pick(0.6) ? { id, ensure: 'absent' } : { name, ensure: 'absent' };
    out.deletes[key] = id;
    if (replaced) {
      const createKey = `r${k}`;
      const cidr = pick(0.4) ? `10.${100 + k}.0.0/16` : `10.${140 + k}.0.0/16`;
      desired[createKey] = { name, cidr, description: `replaces ${id.slice(0, 8)}` };
      out.creates.push(createKey);
      out.replaces[createKey] = key;
    }
  }
  desired['gone'] = { name: `never-existed-${seed}`, ensure: 'absent' };
  out.deletes['gone'] = undefined;
  const createCount = int(3, 6);
  for (let j = 0; j < createCount; j++) {
    const third = 160 + j;
    const want: DesiredFields = { name: `made-${seed}-${j}`, cidr: `10.${third}.0.0/16` };
    if (pick(0.6)) want.description = `created by chaos seed ${seed}`;
    if (pick(0.3)) want.routes = [{ destination: '0.0.0.0/0', nexthop: `10.${third}.0.${int(1, 200)}` }];
    if (pick(0.2)) want.enable_shared_snat = true;
    desired[`c${j}`] = want;
    out.creates.push(`c${j}`);
  }
  const nameOf = (key: string) => desired[key]!.name!;
  const createKeys = out.creates;
  if (pick(0.5)) out.stuckCreates.push(nameOf(createKeys[int(0, createKeys.length - 1)]!));
  if (pick(0.5)) out.brokenCreates = [nameOf(createKeys[int(0, createKeys.length - 1)]!)].filter((n) => !out.stuckCreates.includes(n));
  const deleteIds = Object.values(out.deletes).filter((id): id is string => id !== undefined);
  if (pick(0.5)) out.stuckDeletes.push(deleteIds[int(0, deleteIds.length - 1)]!);
  if (pick(0.4)) out.brokenDeletes = [deleteIds[int(0, deleteIds.length - 1)]!].filter((id) => !out.stuckDeletes.includes(id));
  const lost = () => LOST_ANSWER[int(0, LOST_ANSWER.length - 1)]!;
  out.scripted.push(
    { route: POST_ROUTE, vpc: nameOf(createKeys[createKeys.length - 1]!), fault: lost(), after: true },
    { route: POST_ROUTE, vpc: nameOf(createKeys[int(0, createKeys.length - 2)]!), fault: '429' },
    { route: DELETE_ROUTE, vpc: vpcIdFor(500 + int(0, deleteCount - 1)), fault: lost(), after: true },
  );
  return out;
}

function inside(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const toInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
  return ((toInt(ip) & mask) >>> 0) === ((toInt(base!) & mask) >>> 0);
}

/** Every case a scenario can contain, named; the CI seeds together must meet them all. */
export const CHAOS_CASES = [
  'update stuck',
  'update turns ERROR',
  'create stuck',
  'create turns ERROR',
  'delete stuck',
  'delete turns ERROR',
  'replacement, same cidr',
  'replacement, new cidr',
  'delete by name',
  'PENDING_DELETE window',
  'create with follow-up update',
  'resets',
  '429s',
  'rate limit',
] as const;

/** The cases of CHAOS_CASES that `scenario` contains. */
export function casesOf(scenario: ChaosScenario): Set<(typeof CHAOS_CASES)[number]> {
  const { desired, lifecycle, faults } = scenario;
  const oldCidr = (deleteKey: string) => scenario.live.find((v) => v.id === lifecycle.deletes[deleteKey])?.cidr;
  const replacements = Object.entries(lifecycle.replaces).map(([createKey, deleteKey]) => desired[createKey]!.cidr === oldCidr(deleteKey));
  const has: Array<[(typeof CHAOS_CASES)[number], boolean]> = [
    ['update stuck', scenario.stuck.length > 0],
    ['update turns ERROR', scenario.broken.length > 0],
    ['create stuck', lifecycle.stuckCreates.length > 0],
    ['create turns ERROR', lifecycle.brokenCreates.length > 0],
    ['delete stuck', lifecycle.stuckDeletes.length > 0],
    ['delete turns ERROR', lifecycle.brokenDeletes.length > 0],
    ['replacement, same cidr', replacements.includes(true)],
    ['replacement, new cidr', replacements.includes(false)],
    ['delete by name', Object.entries(lifecycle.deletes).some(([key, id]) => id !== undefined && desired[key]!.name !== undefined)],
    ['PENDING_DELETE window', scenario.deleteDelayMs > 0],
    ['create with follow-up update', lifecycle.creates.some((key) => desired[key]!.routes !== undefined || desired[key]!.enable_shared_snat !== undefined)],
    ['resets', faults.kinds?.includes('reset') === true],
    ['429s', faults.kinds?.includes('429') === true],
    ['rate limit', (faults.rate_limit_rps ?? 0) > 0],
  ];
  return new Set(has.filter(([, yes]) => yes).map(([name]) => name));
}
