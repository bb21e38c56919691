import type { Diagnostic } from '../errors/index.js';
import type { DesiredState, Target } from './types.js';

/** Files that share cloud, region, project id and endpoint manage the same VPCs: one target. */
export function targetKey(target: Target): string {
  return JSON.stringify([target.cloud, target.region, target.project_id ?? '', target.endpoint ?? '']);
}

/**
 * Uniqueness across files of one target: an address, id or name used in two files is reported at
 * the later file (files in the order given). Within one file, parseDesired already checks. As
 * there, names are compared among present entries and among absent ones: a name marked absent in
 * one file and present in another is a replace, not a duplicate.
 */
export function checkAcrossFiles(states: readonly DesiredState[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byTarget = new Map<string, Map<string, { file: string; address: string }>>();
  for (const state of states) {
    const key = targetKey(state.target);
    let seen = byTarget.get(key);
    if (seen === undefined) {
      seen = new Map();
      byTarget.set(key, seen);
    }
    const local = new Map<string, { file: string; address: string }>();
    for (const vpc of state.vpcs) {
      const facets: Array<[field: 'address' | 'id' | 'name', slot: string, value: string | undefined, path: string]> = [
        ['address', 'address', vpc.address, vpc.address],
        ['id', 'id', vpc.id?.toLowerCase(), `${vpc.address}.id`],
        ['name', `name:${vpc.ensure ?? 'present'}`, vpc.name, `${vpc.address}.name`],
      ];
      for (const [field, slot, value, path] of facets) {
        if (value === undefined || value === '') continue;
        const first = seen.get(`${slot}\u0000${value}`);
        if (first !== undefined && first.file !== state.file) {
          const location = state.sourceMap[path];
          out.push({
            code: 'CONFIG_DUPLICATE',
            severity: 'error',
            summary: `The ${field} "${value}" is also used by ${first.address} in ${first.file}, for the same target`,
            hint:
              field === 'address'
                ? 'Addresses are unique within a target: rename one of them.'
                : 'One VPC is managed by one entry: remove one of them, or give the files different targets.',
            path,
            ...(location !== undefined && { location }),
          });
        } else {
          local.set(`${slot}\u0000${value}`, { file: state.file, address: vpc.address });
        }
      }
    }
    for (const [k, v] of local) if (!seen.has(k)) seen.set(k, v);
  }
  return out;
}
