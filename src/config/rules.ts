import { assertNever, type Diagnostic } from '../errors/index.js';
import { checkVpcCidr } from './cidr-policy.js';
import { IdentityIndex, checkAbsentEntry, checkEnterpriseProject, ensureOf } from './lifecycle-rules.js';
import { aligned, containsIp, formatCidr, isAligned, parseCidr, parseIpv4 } from './ipv4.js';
import {
  ADDRESS_PATTERN,
  DESCRIPTION_MAX,
  ENDPOINT_PATTERN,
  MAX_ROUTES,
  NAME_PATTERN,
  PROJECT_ID_PATTERN,
  REGION_PATTERN,
  UUID_PATTERN,
} from './schema.js';
import { checkTags } from './tag-rules.js';
import { childPath, diagAt, isPlainMap, type PlainMap, type PlainValue, type PositionIndex } from './tree.js';
import type { CloudKind } from './types.js';

const NAME_RE = new RegExp(NAME_PATTERN);
const UUID_RE = new RegExp(UUID_PATTERN);
const PROJECT_ID_RE = new RegExp(PROJECT_ID_PATTERN);
const ADDRESS_RE = new RegExp(ADDRESS_PATTERN);
const REGION_RE = new RegExp(REGION_PATTERN);
const ENDPOINT_RE = new RegExp(ENDPOINT_PATTERN);

/**
 * The API's own rules (reference §1.2) on one document, beyond what the schema says structurally.
 * Each check looks only at values of the right type: type errors are the schema's to report.
 */
export function checkRules(root: PlainValue, positions: PositionIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!isPlainMap(root)) return out;
  const cloud = checkTarget(root['target'], positions, out);
  const vpcs = root['vpcs'];
  if (!isPlainMap(vpcs)) return out;
  const identities = new IdentityIndex(positions, out);
  for (const key of Object.keys(vpcs)) {
    const path = childPath('vpcs', key);
    if (!ADDRESS_RE.test(key)) {
      out.push(
        diagAt(positions, path, 'CONFIG_ADDRESS', `The address \`${key}\` is not a valid key`, {
          which: 'key',
          hint: 'Addresses are 1-64 letters, digits, `_` or `-`, starting with a letter or `_` (they appear as vpcs.<key> in plans).',
        }),
      );
    }
    const vpc = vpcs[key];
    if (!isPlainMap(vpc)) continue;
    checkVpc(vpc, path, cloud, positions, out);
    identities.note(vpc, path);
  }
  return out;
}

function checkTarget(target: PlainValue | undefined, positions: PositionIndex, out: Diagnostic[]): CloudKind | undefined {
  if (!isPlainMap(target)) return undefined;
  const { cloud, region, project_id: projectId, endpoint } = target;
  if (typeof region === 'string' && !REGION_RE.test(region)) {
    out.push(
      diagAt(positions, 'target.region', 'CONFIG_REGION', `"${region}" is not a region id`, {
        hint: 'Region ids look like eu-de, eu-nl, cn-north-4 or ap-southeast-1 (lowercase).',
      }),
    );
  }
  if (typeof projectId === 'string' && !PROJECT_ID_RE.test(projectId)) {
    const lower = projectId.toLowerCase();
    out.push(
      diagAt(positions, 'target.project_id', 'CONFIG_PROJECT_ID', `"${projectId}" is not a project id (32 hex digits)`, {
        hint: PROJECT_ID_RE.test(lower)
          ? `Write it in lowercase: ${lower}`
          : 'Copy the project id from the console (My Credentials > Projects), or remove it and set HW_PROJECT_ID / OS_PROJECT_ID.',
      }),
    );
  }
  if (typeof endpoint === 'string') checkEndpoint(endpoint, positions, out);
  return cloud === 'otc' || cloud === 'huaweicloud' ? cloud : undefined;
}

function checkEndpoint(endpoint: string, positions: PositionIndex, out: Diagnostic[]): void {
  let problem: string | undefined;
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    problem = 'it is not a URL';
  }
  if (url !== undefined) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') problem = `the scheme ${url.protocol} is not http or https`;
    else if (url.username !== '' || url.password !== '') problem = 'it carries credentials';
    else if (url.search !== '' || url.hash !== '') problem = 'it has a query or fragment';
    else if (!ENDPOINT_RE.test(endpoint)) problem = 'it is not a plain http(s)://host[:port][/path] URL';
  }
  if (problem === undefined) return;
  out.push(
    diagAt(positions, 'target.endpoint', 'CONFIG_ENDPOINT', `The endpoint is invalid: ${problem}`, {
      hint:
        problem === 'it carries credentials'
          ? 'Credentials never go in this file: set HW_ACCESS_KEY / HW_SECRET_KEY (or OS_*) in the environment.'
          : 'Write a URL such as https://vpc.eu-de.otc.t-systems.com or http://127.0.0.1:8080, or remove the key to derive it from cloud and region.',
    }),
  );
}

function checkVpc(vpc: PlainMap, path: string, cloud: CloudKind | undefined, positions: PositionIndex, out: Diagnostic[]): void {
  const { id, name, cidr, description, routes } = vpc;
  const absent = ensureOf(vpc) === 'absent';
  if (!('id' in vpc) && !('name' in vpc)) {
    out.push(
      diagAt(positions, path, 'CONFIG_IDENTITY', 'This VPC has neither `id` nor `name`, so it cannot be found', {
        which: 'key',
        hint: absent ? 'Add the id (`id: <uuid>`) or the name (`name: ...`) of the VPC to delete.' : 'Add the VPC id (`id: <uuid>`) or its name (`name: ...`).',
      }),
    );
  }
  if (typeof id === 'string' && !UUID_RE.test(id)) {
    const lower = id.toLowerCase();
    out.push(
      diagAt(positions, `${path}.id`, 'CONFIG_ID', `"${id}" is not a VPC id (a UUID)`, {
        hint: UUID_RE.test(lower) ? `Write it in lowercase: ${lower}` : 'VPC ids look like 99d9d709-8478-4b46-9f3f-2206b1023fd3; copy it from the console, or remove `id` to find the VPC by name.',
      }),
    );
  }
  if (typeof name === 'string') checkName(name, `${path}.name`, positions, out);
  if (absent) {
    // Nothing else is managed on a VPC to delete: its other keys are refused, not checked.
    checkAbsentEntry(vpc, path, positions, out);
    return;
  }
  if (typeof description === 'string') checkDescription(description, `${path}.description`, positions, out);
  let vpcCidr;
  if (typeof cidr === 'string') {
    vpcCidr = checkCidr(cidr, `${path}.cidr`, cloud, positions, out);
  }
  if (Array.isArray(routes)) checkRoutes(routes, `${path}.routes`, vpcCidr, positions, out);
  if (cloud === 'huaweicloud' && 'enable_shared_snat' in vpc) {
    // Reference §1.2/§1.3: Huawei's current update API and SDK models no longer carry the field
    // (OTC still documents it), so a real cloud may ignore it or leave it out of GET responses.
    out.push(
      diagAt(positions, `${path}.enable_shared_snat`, 'CONFIG_UNSUPPORTED_FIELD', 'Huawei Cloud no longer documents `enable_shared_snat` for VPC updates', {
        which: 'key',
        severity: 'warning',
        detail: 'Open Telekom Cloud documents it; Huawei Cloud\'s current API and SDKs do not. If the cloud ignores it, apply reports "did not converge".',
        hint: 'Remove `enable_shared_snat` from this VPC unless your region still accepts it.',
      }),
    );
  }
  checkEnterpriseProject(vpc, path, cloud, positions, out);
  checkTags(vpc['tags'], `${path}.tags`, cloud, positions, out);
}

function checkName(name: string, path: string, positions: PositionIndex, out: Diagnostic[]): void {
  if (NAME_RE.test(name)) return;
  let summary: string;
  let hint = 'Use 1-64 letters, digits, `_`, `-` or `.`.';
  if (name.length === 0) summary = 'The name is empty';
  else if (name.length > 64) summary = `The name is ${name.length} characters long; the limit is 64`;
  else {
    const bad = [...new Set(name.replace(/[A-Za-z0-9_.-]/g, ''))].map((c) => JSON.stringify(c)).join(', ');
    summary = `The name "${name}" contains characters the API refuses: ${bad}`;
    const fixed = name.replace(/[^A-Za-z0-9_.-]/g, '-');
    hint = `Use letters, digits, \`_\`, \`-\` or \`.\` only, e.g. "${fixed}".`;
  }
  out.push(diagAt(positions, path, 'CONFIG_NAME', summary, { hint }));
}

function checkDescription(text: string, path: string, positions: PositionIndex, out: Diagnostic[]): void {
  if (text.length > DESCRIPTION_MAX) {
    out.push(
      diagAt(positions, path, 'CONFIG_DESCRIPTION', `The description is ${text.length} characters long; the limit is ${DESCRIPTION_MAX}`, {
        hint: `Shorten it to ${DESCRIPTION_MAX} characters or fewer.`,
      }),
    );
  }
  if (/[<>]/.test(text)) {
    out.push(
      diagAt(positions, path, 'CONFIG_DESCRIPTION', 'The description contains `<` or `>`, which the API refuses', {
        hint: 'Remove the angle brackets (write "less than" / "greater than", or use other punctuation).',
      }),
    );
  }
}

function checkCidr(
  text: string,
  path: string,
  cloud: CloudKind | undefined,
  positions: PositionIndex,
  out: Diagnostic[],
): ReturnType<typeof parseCidr> {
  const finding = checkVpcCidr(text, cloud);
  if (finding === undefined) return parseCidr(text);
  switch (finding.kind) {
    case 'syntax':
      out.push(
        diagAt(positions, path, 'CONFIG_CIDR', `"${text}" is not an IPv4 CIDR block`, {
          hint: 'Write an address and a prefix length, e.g. 192.168.0.0/16.',
        }),
      );
      return undefined;
    case 'align':
      out.push(
        diagAt(positions, path, 'CONFIG_CIDR_ALIGN', `"${text}" has host bits set`, {
          hint: `Did you mean ${finding.suggestion}?`,
        }),
      );
      return undefined;
    case 'range':
      out.push(diagAt(positions, path, 'CONFIG_CIDR_RANGE', `"${text}" is not allowed: ${finding.reason}`, { hint: finding.allowed }));
      return parseCidr(text);
    default:
      return assertNever(finding, 'CIDR finding');
  }
}

function checkRoutes(
  routes: PlainValue[],
  path: string,
  vpcCidr: ReturnType<typeof parseCidr>,
  positions: PositionIndex,
  out: Diagnostic[],
): void {
  if (routes.length > MAX_ROUTES) {
    out.push(
      diagAt(positions, path, 'CONFIG_ROUTE', `${routes.length} routes; a VPC route table holds at most ${MAX_ROUTES}`, {
        hint: 'Merge routes into wider destinations or remove some.',
      }),
    );
  }
  const seen = new Map<string, number>();
  routes.forEach((route, i) => {
    if (!isPlainMap(route)) return;
    const at = childPath(path, i);
    const { destination, nexthop } = route;
    if (typeof destination === 'string') {
      const dest = parseCidr(destination);
      if (dest === undefined) {
        const ipv6 = destination.includes(':');
        out.push(
          diagAt(positions, `${at}.destination`, 'CONFIG_ROUTE', `"${destination}" is not an IPv4 CIDR block`, {
            hint: ipv6 ? 'vpcform manages IPv4 routes only.' : 'Write a block such as 0.0.0.0/0 or 10.20.0.0/16.',
          }),
        );
      } else if (!isAligned(dest)) {
        out.push(
          diagAt(positions, `${at}.destination`, 'CONFIG_ROUTE', `The destination "${destination}" has host bits set`, {
            hint: `Did you mean ${formatCidr(aligned(dest))}?`,
          }),
        );
      } else {
        const first = seen.get(destination);
        if (first !== undefined) {
          out.push(
            diagAt(positions, `${at}.destination`, 'CONFIG_ROUTE', `The destination ${destination} is routed twice (also routes.${first})`, {
              hint: 'A route table holds one route per destination: keep one of them.',
            }),
          );
        } else seen.set(destination, i);
      }
    }
    if (typeof nexthop === 'string') {
      const ip = parseIpv4(nexthop);
      if (ip === undefined) {
        out.push(
          diagAt(positions, `${at}.nexthop`, 'CONFIG_NEXTHOP', `"${nexthop}" is not an IPv4 address`, {
            hint: "Write the IPv4 address of the next hop, inside the VPC's cidr (e.g. 192.168.0.5).",
          }),
        );
      } else if (vpcCidr !== undefined && !containsIp(vpcCidr, ip)) {
        out.push(
          diagAt(positions, `${at}.nexthop`, 'CONFIG_NEXTHOP', `The next hop ${nexthop} is outside the VPC's cidr ${formatCidr(vpcCidr)}`, {
            hint: 'The next hop must be an address inside a subnet of this VPC; otherwise the route has no effect.',
          }),
        );
      }
    }
  });
}
