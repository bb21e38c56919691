import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallOptions, CloudClient } from '../cloud/types.js';
import type { Target } from '../config/types.js';
import { readTags } from '../refresh/tags.js';
import { renderImportYaml, toImported, type ImportedVpc } from './render-yaml.js';
import { selectLiveVpcs, type ImportSelection } from './select.js';

export interface ImportInput extends ImportSelection {
  client: CloudClient;
  /** The `target` block written to the file (`project_id` defaults to the client's). */
  target: Target;
  /** Where the file will be written (for the relative `$schema` path); the cwd for stdout. */
  outputDir: string;
  signal?: AbortSignal;
}

export interface ImportResult {
  yaml: string;
  vpcs: ImportedVpc[];
}

/** The desired-state schema shipped with the package (same place from `src/` and `dist/`). */
export const PACKAGE_SCHEMA_PATH = fileURLToPath(new URL('../../schemas/vpcform.schema.json', import.meta.url));

/** The `$schema` reference an editor resolves from a file in `dir`: relative, with forward slashes. */
export function schemaRefFrom(dir: string, schemaPath: string = PACKAGE_SCHEMA_PATH): string {
  const rel = relative(resolve(dir), schemaPath).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Reads the live VPCs (all, or the selected ones) and writes them as desired-state YAML. */
export async function importVpcs(input: ImportInput): Promise<ImportResult> {
  const call: CallOptions = input.signal === undefined ? {} : { signal: input.signal };
  const live = await selectLiveVpcs(input.client, input, call);
  // Tags in bulk: the filter's pages for a whole project, a GET each for a few selected VPCs.
  const all = (input.ids ?? []).length === 0 && (input.names ?? []).length === 0;
  await readTags(input.client, live, all ? live.length : undefined, call, () => undefined);
  const target: Target = { ...input.target, project_id: input.target.project_id ?? input.client.projectId };
  const vpcs = toImported(live, target.cloud);
  const yaml = renderImportYaml(vpcs, { target, schemaRef: schemaRefFrom(input.outputDir) });
  return { yaml, vpcs };
}

