/**
 * The desired-state JSON Schema (2020-12): the source of truth. `schemas/vpcform.schema.json` is a
 * copy written from this object (a test keeps them equal; `UPDATE_GOLDEN=1` rewrites the file) so
 * editors can use it; `vpcform schema` prints it.
 *
 * The schema carries the structure (types, required keys, no unknown keys) and, for editors, the
 * value patterns. The loader's own rules (rules.ts) re-check every value with friendlier messages and
 * the checks a schema cannot express (host bits, ranges per cloud, next hop inside the VPC, uniqueness).
 */

export const SCHEMA_ID = 'https://vpcform.dev/schemas/vpcform.schema.json';

export const NAME_PATTERN = '^[A-Za-z0-9_.-]{1,64}$';
export const DESCRIPTION_PATTERN = '^[^<>]*$';
export const DESCRIPTION_MAX = 255;
export const PROJECT_ID_PATTERN = '^[0-9a-f]{32}$';
export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
export const ADDRESS_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]{0,63}$';
export const REGION_PATTERN = '^[a-z]{2,}(-[a-z0-9]+){1,4}$';
export const ENDPOINT_PATTERN = '^https?://[^\\s/?#@]+(/[^\\s?#]*)?$';
export const IPV4_PATTERN = '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$';
export const CIDR_PATTERN = `${IPV4_PATTERN.slice(0, -1)}/(3[0-2]|[12]?[0-9])$`;
export const MAX_ROUTES = 200;
/** `"0"` (the default enterprise project) or a UUID (reference §1.1). */
export const ENTERPRISE_PROJECT_PATTERN = `^(0|${UUID_PATTERN.slice(1, -1)})$`;
export const ENSURE_VALUES = ['present', 'absent'] as const;
/** The only keys an `ensure: absent` entry may carry. */
export const ABSENT_KEYS = ['ensure', 'id', 'name'] as const;
/**
 * Tag limits (reference §3.3): 10 tags, key 1-36, value 0-43 — the figures of both clouds' error
 * tables (VPC.1801), APIX and the older docs; the newer docs' 20/128/255 are not what every source agrees on.
 */
export const MAX_TAGS = 10;
export const TAG_KEY_MAX = 36;
export const TAG_VALUE_MAX = 43;
/** Chinese characters, which Huawei allows in tag keys and values: the CJK Unified Ideographs block. */
const CHINESE = '\\u4e00-\\u9fff';
/**
 * Tag characters per cloud (reference §3.3). otc: OTC-rst and OTC-umn list letters, digits, `_ - @`
 * for keys and values. huaweicloud: HWC lists letters, digits, `_ -` and Chinese for keys, plus `.`
 * for values. The schema takes the union (it does not know the cloud); the rules check each cloud's set.
 */
export const TAG_CHARS = {
  otc: { key: 'A-Za-z0-9_@-', value: 'A-Za-z0-9_@-' },
  huaweicloud: { key: `A-Za-z0-9_${CHINESE}-`, value: `A-Za-z0-9_.${CHINESE}-` },
  any: { key: `A-Za-z0-9_@${CHINESE}-`, value: `A-Za-z0-9_.@${CHINESE}-` },
} as const;

export const desiredStateSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: SCHEMA_ID,
  title: 'vpcform desired state',
  description:
    'The VPCs of one Huawei Cloud or Open Telekom Cloud project as they should be. A field that is present is managed; an absent field is left alone.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'target', 'vpcs'],
  properties: {
    $schema: {
      description: 'Optional pointer to this schema, for editors (JSON files). Ignored by vpcform.',
      type: 'string',
    },
    version: {
      description: 'Format version of this file. Only 1 exists.',
      const: 1,
    },
    target: {
      description: 'Where the VPCs live. Credentials never go here: they come from the environment.',
      type: 'object',
      additionalProperties: false,
      required: ['cloud', 'region'],
      properties: {
        cloud: {
          description: 'Which cloud: `otc` (Open Telekom Cloud) or `huaweicloud` (Huawei Cloud). It picks the endpoint and the CIDR rules.',
          enum: ['otc', 'huaweicloud'],
        },
        region: {
          description: 'Region id, e.g. `eu-de`, `eu-nl`, `cn-north-4`, `ap-southeast-1`.',
          type: 'string',
          pattern: REGION_PATTERN,
        },
        project_id: {
          description:
            'IAM project id (32 lowercase hex digits). Optional: when absent, HW_PROJECT_ID or OS_PROJECT_ID from the environment is used.',
          type: 'string',
          pattern: PROJECT_ID_PATTERN,
        },
        endpoint: {
          description:
            'Optional VPC endpoint override (http or https URL, e.g. the local emulator). Default: derived from cloud and region. Never put credentials in it.',
          type: 'string',
          pattern: ENDPOINT_PATTERN,
        },
      },
    },
    vpcs: {
      description:
        'The managed VPCs, keyed by address (`vpcs.<key>` in plans and output): a stable name of your choosing, letters, digits, `_` and `-`, starting with a letter or `_`.',
      type: 'object',
      propertyNames: { pattern: ADDRESS_PATTERN },
      additionalProperties: { $ref: '#/$defs/vpc' },
    },
  },
  $defs: {
    vpc: {
      description: 'One VPC. It is identified by `id` when given, else found by `name`.',
      type: 'object',
      additionalProperties: false,
      anyOf: [{ required: ['id'] }, { required: ['name'] }],
      if: { required: ['ensure'], properties: { ensure: { const: 'absent' } } },
      then: { propertyNames: { enum: [...ABSENT_KEYS] } },
      properties: {
        ensure: {
          description:
            '`present` (the default): the VPC must exist; without `id` it is found by `name` and created when no VPC has that name. `absent`: the VPC is deleted if it exists; such an entry carries only `id` and/or `name`.',
          enum: [...ENSURE_VALUES],
        },
        id: {
          description: 'The VPC id (a UUID). When absent the VPC is found by its name.',
          type: 'string',
          pattern: UUID_PATTERN,
        },
        name: {
          description: 'VPC name: 1-64 letters, digits, `_`, `-` or `.`; unique within the target.',
          type: 'string',
          pattern: NAME_PATTERN,
        },
        cidr: {
          description:
            'VPC address block, e.g. `192.168.0.0/16`, host bits zero. otc: inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, down to /28. huaweicloud: /8../28 outside the reserved ranges. A new block must still contain every subnet of the VPC.',
          type: 'string',
          pattern: CIDR_PATTERN,
        },
        description: {
          description: 'Free text, at most 255 characters, without `<` or `>`. `""` clears it.',
          type: 'string',
          maxLength: DESCRIPTION_MAX,
          pattern: DESCRIPTION_PATTERN,
        },
        enable_shared_snat: {
          description: 'Whether shared SNAT is enabled (Open Telekom Cloud). true or false.',
          type: 'boolean',
        },
        routes: {
          description: 'The VPC route table, compared as a set. `[]` manages "no routes"; absent leaves routes alone. At most 200.',
          type: 'array',
          maxItems: MAX_ROUTES,
          items: { $ref: '#/$defs/route' },
        },
        enterprise_project_id: {
          description:
            'huaweicloud: the enterprise project a new VPC is created in, `"0"` (the default project) or a UUID. Sent only when vpcform creates the VPC; never compared with or moved on an existing one. On otc it draws a warning (only the OTC API reference documents it).',
          type: 'string',
          maxLength: 36,
          pattern: ENTERPRISE_PROJECT_PATTERN,
        },
        tags: {
          description:
            'The exact tag set, `{key: value}`: keys not listed are removed; absent leaves tags alone; `{}` manages "no tags". At most 10; key 1-36, value 0-43 characters, both strings. otc: letters, digits, `_ - @`; huaweicloud: letters, digits, `_ -`, Chinese, and `.` in values.',
          type: 'object',
          maxProperties: MAX_TAGS,
          propertyNames: { minLength: 1, maxLength: TAG_KEY_MAX, pattern: `^[${TAG_CHARS.any.key}]*$` },
          additionalProperties: { type: 'string', maxLength: TAG_VALUE_MAX, pattern: `^[${TAG_CHARS.any.value}]*$` },
        },
      },
    },
    route: {
      description: 'One route: traffic to `destination` goes to `nexthop`.',
      type: 'object',
      additionalProperties: false,
      required: ['destination', 'nexthop'],
      properties: {
        destination: {
          description: 'Destination IPv4 block, e.g. `0.0.0.0/0`, host bits zero.',
          type: 'string',
          pattern: CIDR_PATTERN,
        },
        nexthop: {
          description: "Next-hop IPv4 address; it must lie inside the VPC's cidr.",
          type: 'string',
          pattern: IPV4_PATTERN,
        },
      },
    },
  },
} as const;

/** The schema as pretty JSON, exactly as `schemas/vpcform.schema.json` holds it. */
export function schemaJson(): string {
  return `${JSON.stringify(desiredStateSchema, null, 2)}\n`;
}
