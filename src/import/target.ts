import type { CloudKind, Target } from '../config/types.js';
import { VpcformError } from '../errors/index.js';

export interface ImportTargetFlags {
  cloud?: string;
  region?: string;
  projectId?: string;
  /** `--endpoint`: used to connect and written to the file (the file then works on its own). */
  endpoint?: string;
}

const REGION_VARS = ['HW_REGION_NAME', 'OS_REGION_NAME'] as const;
const CLOUDS: readonly CloudKind[] = ['otc', 'huaweicloud'];

/**
 * The `target` block of an imported file, from flags then the environment. `--cloud` defaults to
 * `otc`; the region comes from `--region`, `HW_REGION_NAME` or `OS_REGION_NAME`; the project id from
 * `--project-id`, else the connection resolves `HW_PROJECT_ID` / `OS_PROJECT_ID` and the file records
 * it. `VPCFORM_ENDPOINT` is honoured when connecting but, being environment, is not written.
 */
export function importTarget(flags: ImportTargetFlags, env: Readonly<Record<string, string | undefined>>): Target {
  const cloud = (flags.cloud ?? 'otc').trim();
  if (!isCloud(cloud)) {
    throw new VpcformError('USAGE', {
      summary: `Unknown cloud ${JSON.stringify(cloud)}`,
      hint: `Use --cloud ${CLOUDS.join(' or ')}.`,
    });
  }
  const region = flags.region?.trim() || REGION_VARS.map((v) => env[v]?.trim()).find((v) => v !== undefined && v !== '');
  if (region === undefined || region === '') {
    throw new VpcformError('CLOUD_CONFIG', {
      summary: 'No region for the imported file',
      detail: 'The file records its target (cloud, region, project) so that plan and apply find the VPCs again.',
      hint: `Pass --region (e.g. --region eu-de), or set ${REGION_VARS.join(' or ')}.`,
    });
  }
  const target: Target = { cloud, region };
  if (flags.projectId !== undefined && flags.projectId.trim() !== '') target.project_id = flags.projectId.trim();
  if (flags.endpoint !== undefined && flags.endpoint.trim() !== '') target.endpoint = flags.endpoint.trim().replace(/\/+$/, '');
  return target;
}

function isCloud(value: string): value is CloudKind {
  return (CLOUDS as readonly string[]).includes(value);
}
