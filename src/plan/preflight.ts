import type { LiveSubnet, LiveVpc } from '../model/vpc.js';
import type { DesiredVpc, SourceMap } from '../config/types.js';
import type { Diagnostic, ErrorCode, Severity, SourceLocation } from '../errors/index.js';
import type { AttributeChange } from './types.js';
import { containsCidr, containsIp, parseCidr, parseIpv4 } from '../config/ipv4.js';

/** What one preflight check sees: the desired VPC, its live twin, and what refresh read around it. */
export interface PreflightInput {
  desired: DesiredVpc;
  live: LiveVpc;
  changes: AttributeChange[];
  /** Subnets of the VPC, read when its cidr or routes change. */
  subnets?: LiveSubnet[];
  /** Every VPC of the project, when listed. */
  projectVpcs?: LiveVpc[];
  /** Desired names by live id of the VPCs this plan renames (a swap is refused by the API). */
  plannedNames: ReadonlyMap<string, string>;
  /** Holder of the source map (the desired state): read only when a finding needs a position, as building it is costly. */
  sources: SourceHolder;
}

export interface SourceHolder {
  readonly sourceMap: SourceMap;
}

/**
 * The refusals the API would answer a PUT with, predicted before anything is sent. Errors block the
 * change; warnings are shown and let it through.
 */
export function preflight(input: PreflightInput): Diagnostic[] {
  return [...checkStatus(input), ...checkCidrCoversSubnets(input), ...checkNameFree(input), ...checkNexthops(input)];
}

/** A PUT on a VPC that is busy (PENDING_UPDATE) or broken (ERROR) is refused (VPC.0004 / VPC.0113). */
function checkStatus({ desired, live, changes, sources }: PreflightInput): Diagnostic[] {
  if (live.status === 'OK') return [];
  const path = desired.address;
  if (changes.length === 0) {
    return [
      diagnostic('PLAN_VPC_NOT_READY', 'warning', sources, path, {
        summary: `VPC ${live.id} is ${live.status}, not OK; its values may still change`,
        hint: 'Run plan again once the VPC is OK to confirm it is in sync.',
      }),
    ];
  }
  return [
    diagnostic('PLAN_VPC_NOT_READY', 'error', sources, path, {
      summary: `VPC ${live.id} is ${live.status}, not OK: the API refuses updates until it is OK`,
      detail: 'The API answers VPC.0004 "VPC is not active" or VPC.0113 "Router status is not active" to a PUT on a VPC that is not OK.',
      hint: live.status === 'PENDING_UPDATE' || live.status === 'CREATING' ? 'Wait until the VPC is OK, then run plan again.' : `Repair the VPC (status ${live.status}) in the console or with support, then run plan again.`,
    }),
  ];
}

/** VPC.0117: a new cidr must still contain every subnet of the VPC. */
function checkCidrCoversSubnets({ desired, live, changes, subnets, sources }: PreflightInput): Diagnostic[] {
  const change = changes.find((c) => c.path === 'cidr');
  if (change === undefined || subnets === undefined || typeof change.after !== 'string') return [];
  const block = parseCidr(change.after);
  if (block === undefined) return [];
  const outside = subnets.filter((s) => {
    const inner = parseCidr(s.cidr);
    return inner !== undefined && !containsCidr(block, inner);
  });
  if (outside.length === 0) return [];
  const list = outside.map((s) => `${s.name || s.id} (${s.cidr})`).join(', ');
  return [
    diagnostic('PLAN_CIDR_EXCLUDES_SUBNET', 'error', sources, `${desired.address}.cidr`, {
      summary: `cidr ${change.after} does not cover ${outside.length === 1 ? 'subnet' : `${outside.length} subnets`} ${list} of VPC ${live.id}`,
      detail: 'The API refuses it with VPC.0117 "Cidr can not contain subnetList cidr".',
      hint: `Pick a cidr that contains ${outside.length === 1 ? 'the subnet' : 'every subnet'} (the current one is ${live.cidr}), or move the subnets first.`,
    }),
  ];
}

/** VPC.0115: a non-blank name is unique in the project. */
function checkNameFree({ desired, live, changes, projectVpcs, plannedNames, sources }: PreflightInput): Diagnostic[] {
  const change = changes.find((c) => c.path === 'name');
  if (change === undefined || projectVpcs === undefined || typeof change.after !== 'string' || change.after === '') return [];
  const holder = projectVpcs.find((v) => v.id !== live.id && v.name === change.after);
  if (holder === undefined) return [];
  const alsoRenamed = plannedNames.get(holder.id);
  return [
    diagnostic('PLAN_NAME_TAKEN', 'error', sources, `${desired.address}.name`, {
      summary: `name "${change.after}" is already used by VPC ${holder.id}`,
      detail:
        alsoRenamed === undefined
          ? 'The API refuses it with VPC.0115 "The router name has exist".'
          : `This plan also renames ${holder.id} to "${alsoRenamed}", but updates run independently: the API would refuse this one (VPC.0115) while the name is still taken.`,
      hint:
        alsoRenamed === undefined
          ? 'Choose another name, or rename or delete the other VPC first.'
          : 'Apply in two steps: first free the name (give the other VPC its new name), then apply this rename.',
    }),
  ];
}

/**
 * Reference §1.2: a nexthop must be an IP inside a subnet of the VPC, "else the route has no effect".
 * The API accepts such a route, so this is a warning, not an error: the route is inert until a
 * subnet covers its nexthop, and creating that subnet after the route is a legitimate order.
 */
function checkNexthops({ desired, live, changes, subnets, sources }: PreflightInput): Diagnostic[] {
  if (!changes.some((c) => c.path === 'routes') || subnets === undefined || desired.routes === undefined) return [];
  const blocks = subnets.map((s) => parseCidr(s.cidr)).filter((b) => b !== undefined);
  const out: Diagnostic[] = [];
  desired.routes.forEach((route, index) => {
    const ip = parseIpv4(route.nexthop);
    if (ip === undefined || blocks.some((b) => containsIp(b, ip))) return;
    out.push(
      diagnostic('PLAN_NEXTHOP_OUTSIDE_SUBNETS', 'warning', sources, `${desired.address}.routes.${index}.nexthop`, {
        summary: `nexthop ${route.nexthop} of route ${route.destination} is not inside any subnet of VPC ${live.id}`,
        detail:
          subnets.length === 0
            ? 'The VPC has no subnets: the API accepts the route, but it has no effect.'
            : `Subnets: ${subnets.map((s) => s.cidr).join(', ')}. The API accepts the route, but it has no effect.`,
        hint: 'Point the nexthop at an address inside one of the VPC\'s subnets, or create the subnet.',
      }),
    );
  });
  return out;
}

export function diagnostic(
  code: ErrorCode,
  severity: Severity,
  sources: SourceHolder,
  path: string,
  text: { summary: string; detail?: string; hint?: string },
): Diagnostic {
  const location = locate(sources.sourceMap, path);
  return {
    code,
    severity,
    summary: text.summary,
    ...(text.detail !== undefined && { detail: text.detail }),
    ...(text.hint !== undefined && { hint: text.hint }),
    ...(location !== undefined && { location }),
    path,
  };
}

/** The position of `path`, or of its nearest ancestor the source map knows. */
function locate(sourceMap: SourceMap, path: string): SourceLocation | undefined {
  for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const loc = sourceMap[p];
    if (loc !== undefined) return { file: loc.file, line: loc.line, col: loc.col };
  }
  return undefined;
}
