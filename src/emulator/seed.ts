import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { VpcformError } from '../errors/index.js';
import { containsCidr, overlaps, parseIpv4 } from '../config/ipv4.js';
import { firstHost, parseCidr } from './cidr.js';
import { apiTimestamp } from './store.js';
import { checkSeedTags, seedTags } from './tag-rules.js';
import { parseQuotas } from './handlers/quotas.js';
import { DELETE_BLOCKER_NAMES, type DeleteBlocker, type EmulatorSeed, type Quotas, type SeedCredential, type SeedUser, type SubnetRecord, type VpcRecord } from './types.js';
import {
  checkDescription,
  checkName,
  checkRoutes,
  checkSharedSnat,
  checkVpcCidr,
  copyRoutes,
  isEnterpriseProjectId,
  isPlainObject,
  isUuid,
} from './validate.js';

export const DEFAULT_PROJECT_ID = '0123456789abcdef0123456789abcdef';
const PROJECT_ID_PATTERN = /^[0-9a-f]{32}$/;
const SEED_STATUSES = ['OK', 'CREATING', 'PENDING_UPDATE', 'PENDING_DELETE', 'ERROR', 'DOWN'];
const VPC_KEYS = new Set(['id', 'name', 'cidr', 'description', 'enable_shared_snat', 'routes', 'status', 'enterprise_project_id', 'blockers', 'tags']);

/** Resources and identities built from a seed. */
export interface SeededWorld {
  projectId: string;
  projectName: string;
  vpcs: VpcRecord[];
  subnets: SubnetRecord[];
  credentials: SeedCredential[];
  users: SeedUser[];
  /** The seed's `quotas` (the defaults fill the rest). */
  quotas: Partial<Quotas>;
}

/** Reads a YAML or JSON seed file (JSON is YAML). */
export async function readSeedFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new VpcformError('EMULATOR_SEED', {
      summary: `Cannot read the seed file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unknown error'}`,
      hint: 'Check the --seed path.',
      cause: err,
    });
  }
  try {
    return parseYaml(text) as unknown;
  } catch (err) {
    throw new VpcformError('EMULATOR_SEED', {
      summary: `The seed file ${path} is not valid YAML or JSON`,
      detail: err instanceof Error ? err.message : undefined,
      hint: 'Fix the syntax; examples/emulator-seed.yaml shows the format.',
      cause: err,
    });
  }
}

/** Checks a seed and builds its records; every problem is reported at once. */
export function buildWorld(input: unknown, now: number, source = 'seed'): SeededWorld {
  const problems: string[] = [];
  const seed: EmulatorSeed = input === null || input === undefined ? {} : (input as EmulatorSeed);
  if (!isPlainObject(seed)) fail(source, ['the seed must be a mapping']);
  const known = ['project_id', 'project_name', 'credentials', 'users', 'vpcs', 'subnets', 'quotas'];
  for (const key of Object.keys(seed)) if (!known.includes(key)) problems.push(`unknown key "${key}"`);

  const projectId: unknown = seed.project_id ?? DEFAULT_PROJECT_ID;
  if (typeof projectId !== 'string' || !PROJECT_ID_PATTERN.test(projectId)) fail(source, ['project_id must be 32 lower-case hex digits']);
  const projectName: unknown = seed.project_name ?? 'eu-de';
  if (typeof projectName !== 'string') fail(source, ['project_name must be a string']);

  const credentials = listOf<SeedCredential>(seed.credentials, 'credentials', problems).filter((c, i) => {
    const okShape = isPlainObject(c) && typeof c.access_key === 'string' && c.access_key !== '' && typeof c.secret_key === 'string' && c.secret_key !== '';
    if (!okShape) problems.push(`credentials[${i}] needs access_key and secret_key strings`);
    return okShape;
  });
  const users = listOf<SeedUser>(seed.users, 'users', problems).filter((u, i) => {
    const okShape = isPlainObject(u) && typeof u.name === 'string' && typeof u.password === 'string' && typeof u.domain === 'string';
    if (!okShape) problems.push(`users[${i}] needs name, password and domain strings`);
    return okShape;
  });

  let quotas: Partial<Quotas> = {};
  if (seed.quotas !== undefined) {
    const parsed = parseQuotas(seed.quotas, 'quotas');
    if ('problems' in parsed) problems.push(...parsed.problems);
    else quotas = parsed.quotas;
  }

  const stamp = apiTimestamp(now);
  const vpcs: VpcRecord[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  listOf<Record<string, unknown>>(seed.vpcs, 'vpcs', problems).forEach((v, i) => {
    const at = `vpcs[${i}]`;
    if (!isPlainObject(v)) return void problems.push(`${at} must be a mapping`);
    for (const key in v) if (!VPC_KEYS.has(key)) problems.push(`${at}: unknown key "${key}"`);
    const id = v['id'] ?? randomUUID();
    if (typeof id !== 'string' || !isUuid(id)) problems.push(`${at}.id must be a UUID`);
    else if (ids.has(id)) problems.push(`${at}.id ${id} is used twice`);
    const reasons = [
      checkName(v['name']),
      v['name'] === '' ? 'name must not be blank' : undefined,
      checkVpcCidr(v['cidr']),
      v['description'] === undefined ? undefined : checkDescription(v['description']),
      v['enable_shared_snat'] === undefined ? undefined : checkSharedSnat(v['enable_shared_snat']),
      v['routes'] === undefined ? undefined : checkRoutes(v['routes'], true),
      v['status'] === undefined || SEED_STATUSES.includes(v['status'] as string) ? undefined : `status must be one of ${SEED_STATUSES.join(', ')}`,
      v['enterprise_project_id'] === undefined || (typeof v['enterprise_project_id'] === 'string' && isEnterpriseProjectId(v['enterprise_project_id']))
        ? undefined
        : 'enterprise_project_id must be "0" or a UUID',
      checkBlockers(v['blockers']),
      checkSeedTags(v['tags']),
    ].filter((r): r is string => r !== undefined);
    for (const r of reasons) problems.push(`${at}: ${r}`);
    if (typeof v['name'] === 'string' && names.has(v['name'])) problems.push(`${at}: name ${v['name']} is used twice`);
    if (reasons.length > 0 || typeof id !== 'string') return;
    ids.add(id);
    names.add(v['name'] as string);
    const routes = v['routes'] === undefined ? [] : v['routes'] === null ? null : copyRoutes(v['routes'] as VpcRecord['routes'] & object);
    vpcs.push({
      id,
      name: v['name'] as string,
      description: (v['description'] as string | undefined) ?? '',
      cidr: v['cidr'] as string,
      status: (v['status'] as string | undefined) ?? 'OK',
      routes,
      enable_shared_snat: (v['enable_shared_snat'] as boolean | undefined) ?? false,
      enterprise_project_id: (v['enterprise_project_id'] as string | undefined) ?? '0',
      tenant_id: projectId,
      created_at: stamp,
      updated_at: stamp,
      ...(Array.isArray(v['blockers']) && v['blockers'].length > 0 && { blockers: [...new Set(v['blockers'] as DeleteBlocker[])] }),
      ...withSeedTags(v['tags']),
    });
  });

  const vpcById = new Map(vpcs.map((v) => [v.id, v]));
  const subnets: SubnetRecord[] = [];
  listOf<Record<string, unknown>>(seed.subnets, 'subnets', problems).forEach((s, i) => {
    const at = `subnets[${i}]`;
    if (!isPlainObject(s)) return void problems.push(`${at} must be a mapping`);
    for (const key of Object.keys(s)) if (!['id', 'vpc_id', 'name', 'cidr', 'gateway_ip'].includes(key)) problems.push(`${at}: unknown key "${key}"`);
    const vpc = typeof s['vpc_id'] === 'string' ? vpcById.get(s['vpc_id']) : undefined;
    const cidr = typeof s['cidr'] === 'string' ? parseCidr(s['cidr']) : undefined;
    const id = s['id'] ?? randomUUID();
    if (!vpc) return void problems.push(`${at}.vpc_id must be the id of a VPC in the seed`);
    if (typeof s['name'] !== 'string' || checkName(s['name'])) return void problems.push(`${at}.name is invalid`);
    if (typeof id !== 'string' || !isUuid(id)) return void problems.push(`${at}.id must be a UUID`);
    if (!cidr) return void problems.push(`${at}.cidr is not a valid IPv4 network`);
    const vpcCidr = parseCidr(vpc.cidr)!;
    if (!containsCidr(vpcCidr, cidr)) return void problems.push(`${at}.cidr ${s['cidr'] as string} is not inside the VPC's ${vpc.cidr}`);
    const clash = subnets.find((o) => o.vpc_id === vpc.id && overlaps(parseCidr(o.cidr)!, cidr));
    if (clash) return void problems.push(`${at}.cidr overlaps subnet ${clash.name}`);
    const gateway: unknown = s['gateway_ip'] ?? firstHost(cidr);
    if (typeof gateway !== 'string' || parseIpv4(gateway) === undefined) return void problems.push(`${at}.gateway_ip is not an IPv4 address`);
    subnets.push(subnetRecord(id, s['name'] as string, s['cidr'] as string, gateway, vpc.id));
  });

  if (problems.length > 0) fail(source, problems);
  return { projectId, projectName, vpcs, subnets, credentials, users, quotas };
}

function withSeedTags(value: unknown): { tags?: Record<string, string> } {
  const tags = seedTags(value);
  return tags ? { tags } : {};
}

/** `blockers`: a list of the resources that make a DELETE answer 409 (handlers/vpc-lifecycle.ts). */
function checkBlockers(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) && value.every((b) => DELETE_BLOCKER_NAMES.includes(b as DeleteBlocker))
    ? undefined
    : `blockers must be a list of ${DELETE_BLOCKER_NAMES.join(', ')}`;
}

export function subnetRecord(id: string, name: string, cidr: string, gatewayIp: string, vpcId: string): SubnetRecord {
  return { id, name, cidr, gateway_ip: gatewayIp, vpc_id: vpcId, status: 'ACTIVE', dhcp_enable: true, availability_zone: 'eu-de-01' };
}

function listOf<T>(value: unknown, key: string, problems: string[]): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${key} must be a list`);
    return [];
  }
  return value as T[];
}

function fail(source: string, problems: string[]): never {
  const shown = problems.slice(0, 20);
  const more = problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : '';
  throw new VpcformError('EMULATOR_SEED', {
    summary: `The emulator ${source} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
    detail: shown.map((p) => `- ${p}`).join('\n') + more,
    hint: 'Fix the seed; docs/emulator.md describes its format and examples/emulator-seed.yaml shows one.',
  });
}
