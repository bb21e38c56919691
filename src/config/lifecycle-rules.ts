import type { Diagnostic } from '../errors/index.js';
import { ABSENT_KEYS, ENTERPRISE_PROJECT_PATTERN, desiredStateSchema } from './schema.js';
import { diagAt, type PlainMap, type PlainValue, type PositionIndex } from './tree.js';
import type { CloudKind, Ensure } from './types.js';

/**
 * The lifecycle rules of an entry (DESIGN "The whole lifecycle"): what an `ensure: absent` entry may
 * carry, `enterprise_project_id`, and which entries may share an id or a name.
 */

const ENTERPRISE_PROJECT_RE = new RegExp(ENTERPRISE_PROJECT_PATTERN);
const ABSENT_KEY_SET: ReadonlySet<string> = new Set(ABSENT_KEYS);
const VPC_KEYS: ReadonlySet<string> = new Set(Object.keys(desiredStateSchema.$defs.vpc.properties));

/** `ensure` as the loader reads it: `absent` only when written so; anything else counts as present. */
export function ensureOf(vpc: PlainMap): Ensure {
  return vpc['ensure'] === 'absent' ? 'absent' : 'present';
}

/**
 * An absent entry names the VPC to delete and nothing else (DESIGN: "An absent entry carries only its
 * identity"): every other field is an error at its key, tags included. (An unknown key is the
 * schema's to report, with its did-you-mean.)
 */
export function checkAbsentEntry(vpc: PlainMap, path: string, positions: PositionIndex, out: Diagnostic[]): void {
  for (const key of Object.keys(vpc)) {
    if (ABSENT_KEY_SET.has(key) || !VPC_KEYS.has(key)) continue;
    out.push(
      diagAt(positions, `${path}.${key}`, 'CONFIG_ABSENT_FIELD', `\`${key}\` is set on an entry marked \`ensure: absent\``, {
        which: 'key',
        hint: `An absent entry names only the VPC to delete (\`id\` and/or \`name\`): remove \`${key}\`, or set \`ensure: present\` to keep the VPC and manage it.`,
      }),
    );
  }
}

/**
 * `enterprise_project_id` (reference §1.1): `"0"` or a UUID. On otc it is a warning, not an error:
 * OTC's own API reference documents it for create, but the API Explorer flags it for Huawei Cloud
 * only, the OTC Terraform provider never sends it and OTC's error table has no EPS codes (§5 item 5).
 */
export function checkEnterpriseProject(vpc: PlainMap, path: string, cloud: CloudKind | undefined, positions: PositionIndex, out: Diagnostic[]): void {
  if (!('enterprise_project_id' in vpc)) return;
  const value = vpc['enterprise_project_id'];
  const at = `${path}.enterprise_project_id`;
  if (typeof value === 'string' && !ENTERPRISE_PROJECT_RE.test(value)) {
    const lower = value.toLowerCase();
    out.push(
      diagAt(positions, at, 'CONFIG_ENTERPRISE_PROJECT', `"${value}" is not an enterprise project id ("0" or a UUID)`, {
        hint: ENTERPRISE_PROJECT_RE.test(lower)
          ? `Write it in lowercase: ${lower}`
          : 'Write "0" for the default enterprise project, or the project\'s id, a UUID such as 0aad99bc-f5f6-4f78-8404-c598d76b0ed2 (console: Enterprise > Project Management).',
      }),
    );
  }
  if (cloud === 'otc') {
    out.push(
      diagAt(positions, at, 'CONFIG_UNSUPPORTED_FIELD', 'Open Telekom Cloud may ignore or refuse `enterprise_project_id`', {
        which: 'key',
        severity: 'warning',
        detail:
          "OTC's API reference documents it for creating a VPC, but Huawei's API Explorer lists it for Huawei Cloud only and the OTC Terraform provider never sends it. vpcform sends it only when it creates this VPC.",
        hint: 'Remove `enterprise_project_id` unless your OTC project uses enterprise projects.',
      }),
    );
  }
}

/**
 * Ids and names unique within a file. Absent entries take part: an id is one VPC, kept or deleted,
 * never both; two absent entries with one name are one too many. But a name marked absent may be
 * given again by a present entry: that is a replace (delete the old VPC, create the new one), not a
 * duplicate. Ids compare case-insensitively (the API's are lowercase UUIDs).
 */
export class IdentityIndex {
  private readonly ids = new Map<string, string>();
  private readonly names: Record<Ensure, Map<string, string>> = { present: new Map(), absent: new Map() };

  constructor(
    private readonly positions: PositionIndex,
    private readonly out: Diagnostic[],
  ) {}

  note(vpc: PlainMap, path: string): void {
    const ensure = ensureOf(vpc);
    this.check(vpc['id'], path, 'id', this.ids);
    this.check(vpc['name'], path, 'name', this.names[ensure], ensure);
  }

  private check(value: PlainValue | undefined, path: string, field: 'id' | 'name', seen: Map<string, string>, ensure?: Ensure): void {
    if (typeof value !== 'string' || value === '') return;
    const normalized = field === 'id' ? value.toLowerCase() : value;
    const first = seen.get(normalized);
    if (first === undefined) {
      seen.set(normalized, path);
      return;
    }
    let hint = 'VPC names are unique within a project: rename one of them.';
    if (field === 'id') hint = 'Each VPC appears once, to keep or to delete: remove one of the entries.';
    else if (ensure === 'absent') hint = 'One `ensure: absent` entry per VPC is enough: remove the other.';
    this.out.push(diagAt(this.positions, `${path}.${field}`, 'CONFIG_DUPLICATE', `The ${field} "${value}" is also used by ${first}`, { hint }));
  }
}
