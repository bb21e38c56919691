import type { FaultConfig, FaultKind, SeedVpc } from '../../src/emulator/index.js';
import { prng, vpcIdFor, type DesiredFields } from './helpers.js';

/** One seeded chaos run: the live VPCs, the desired ones, and the faults met while applying. */
export interface ChaosScenario {
  seed: number;
  live: SeedVpc[];
  /** Address key -> desired fields (with `id`). */
  desired: Record<string, DesiredFields>;
  /** Ids of VPCs that are live but not in the file: they must never receive a PUT. */
  bystanders: string[];
  faults: Partial<FaultConfig>;
  /** VPC ids that will stay PENDING_UPDATE / turn ERROR after their update. */
  stuck: string[];
  broken: string[];
  parallelism: number;
}

const KINDS: readonly FaultKind[] = ['500', '502', '503', '504', 'reset', '429'];

/** Builds the scenario of `seed`: 24..40 managed VPCs, 3 bystanders, random faults. Deterministic. */
export function chaosScenario(seed: number): ChaosScenario {
  const rnd = prng(seed);
  const pick = (p: number) => rnd() < p;
  const count = 24 + Math.floor(rnd() * 17);
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
  return { seed, live, desired, bystanders, faults, stuck, broken, parallelism: 1 + Math.floor(rnd() * 12) };
}

function inside(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const toInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
  return ((toInt(ip) & mask) >>> 0) === ((toInt(base!) & mask) >>> 0);
}
