import { Document, isMap, visit } from 'yaml';
import type { LiveVpc } from '../model/vpc.js';
import type { CloudKind, Target } from '../config/types.js';
import { normalizeRoutes, normalizeTags } from '../model/fields.js';
import { assignKeys } from './addresses.js';

/** What `import` writes for one live VPC: every managed field it has, plus its id (the identity). */
export interface ImportedVpc {
  key: string;
  id: string;
  name?: string;
  cidr?: string;
  description?: string;
  enable_shared_snat?: boolean;
  routes: Array<{ destination: string; nexthop: string }>;
  /** Written only when the VPC has tags (then the file manages exactly that set). */
  tags?: Record<string, string>;
}

/**
 * The managed fields of each live VPC, keyed by a readable address. A field the API left blank or
 * absent is written only when "blank" is a value the file can manage: an empty name or cidr cannot
 * be written back (the schema refuses them), an absent `enable_shared_snat` (Huawei dropped it from
 * its responses) is left unmanaged rather than guessed. On `huaweicloud` the field is never written:
 * its update API no longer carries it, and `validate` warns on every file that manages it.
 */
export function toImported(vpcs: readonly LiveVpc[], cloud: CloudKind): ImportedVpc[] {
  const keys = assignKeys(vpcs);
  return vpcs.map((live, i) => {
    const out: ImportedVpc = { key: keys[i] as string, id: live.id, routes: normalizeRoutes(live.routes) };
    if (live.name !== '') out.name = live.name;
    if (live.cidr !== '') out.cidr = live.cidr;
    if (live.description !== undefined && live.description !== '') out.description = live.description;
    if (live.enable_shared_snat !== undefined && cloud !== 'huaweicloud') out.enable_shared_snat = live.enable_shared_snat;
    if (live.tags !== undefined && Object.keys(live.tags).length > 0) out.tags = { ...normalizeTags(live.tags) };
    return out;
  });
}

export interface RenderImportOptions {
  target: Target;
  /** The `$schema` reference for editors, relative to the written file (or a URL). */
  schemaRef: string;
}

/** The desired-state YAML for `vpcs`, with the `$schema` comment and the `target` block. */
export function renderImportYaml(vpcs: readonly ImportedVpc[], options: RenderImportOptions): string {
  const { target } = options;
  const targetBlock: Record<string, string> = { cloud: target.cloud, region: target.region };
  if (target.project_id !== undefined) targetBlock['project_id'] = target.project_id;
  if (target.endpoint !== undefined) targetBlock['endpoint'] = target.endpoint;

  const vpcBlock: Record<string, Record<string, unknown>> = {};
  for (const vpc of vpcs) {
    const { key, ...fields } = vpc;
    vpcBlock[key] = fields;
  }
  const doc = new Document({ version: 1, target: targetBlock, vpcs: vpcBlock });
  // Routes read best one per line, `{ destination, nexthop }`, as in the examples.
  visit(doc, {
    Seq(_key, seq) {
      for (const item of seq.items) if (isMap(item)) item.flow = true;
      if (seq.items.length === 0) seq.flow = true;
    },
  });

  const count = vpcs.length === 1 ? '1 VPC' : `${vpcs.length} VPCs`;
  const header = [
    `# yaml-language-server: $schema=${options.schemaRef}`,
    `# Written by \`vpcform import\` from the live state (${count}). Review it, commit it, then`,
    '# `vpcform plan` shows no changes. A field present here is managed; delete a field to leave it alone.',
  ].join('\n');
  return `${header}\n${doc.toString({ lineWidth: 0 })}`;
}
