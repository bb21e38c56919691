/**
 * The registry of stable error and diagnostic codes. A code never changes meaning once released;
 * scripts match on it. Each entry is the one-line title shown when the code has no summary of its own.
 * Keep the sections; add new codes to the section of the stage that raises them.
 */
export const ERROR_CODES = {
  // --- cli / usage ---
  USAGE: 'Invalid command line',
  INTERRUPTED: 'Interrupted',
  INTERNAL: 'Internal error (a bug in vpcform)',
  IO_READ: 'Cannot read a file',
  IO_WRITE: 'Cannot write a file',
  TARGET_UNKNOWN: 'A --target address names no VPC of the given files',

  // --- config (desired-state files) ---
  CONFIG_NO_FILES: 'No desired-state files found',
  CONFIG_SYNTAX: 'YAML syntax error',
  CONFIG_SCHEMA: 'Does not match the desired-state schema',
  CONFIG_UNKNOWN_KEY: 'Unknown key',
  CONFIG_INVALID: 'Desired state is invalid',
  CONFIG_NOT_FOUND: 'A desired-state path does not exist',
  CONFIG_TOO_LARGE: 'The file is too large',
  CONFIG_BINARY: 'The file is not UTF-8 text',
  CONFIG_EMPTY: 'The file is empty',
  CONFIG_TOO_DEEP: 'The document is nested too deeply',
  CONFIG_MULTI_DOCUMENT: 'The file holds several YAML documents',
  CONFIG_DUPLICATE_KEY: 'A key appears twice in one mapping',
  CONFIG_ALIAS: 'A YAML alias cannot be expanded',
  CONFIG_MERGE: 'A YAML merge key (<<) does not merge mappings',
  CONFIG_TAG: 'YAML tags are not supported',
  CONFIG_FORBIDDEN_KEY: 'A key that is never allowed',
  CONFIG_KEY_TYPE: 'A mapping key is not a plain string',
  CONFIG_KEY_TOO_LONG: 'A mapping key is far longer than any desired-state key',
  CONFIG_TYPE: 'A value has the wrong type',
  CONFIG_MISSING_KEY: 'A required key is missing',
  CONFIG_VERSION: 'Unsupported desired-state version',
  CONFIG_CLOUD: 'Unknown cloud',
  CONFIG_REGION: 'Invalid region',
  CONFIG_PROJECT_ID: 'Invalid project id',
  CONFIG_ENDPOINT: 'Invalid endpoint',
  CONFIG_ADDRESS: 'Invalid VPC address',
  CONFIG_IDENTITY: 'A VPC has neither id nor name',
  CONFIG_ID: 'Invalid VPC id',
  CONFIG_NAME: 'Invalid VPC name',
  CONFIG_DESCRIPTION: 'Invalid description',
  CONFIG_CIDR: 'Invalid CIDR',
  CONFIG_CIDR_ALIGN: 'The CIDR has host bits set',
  CONFIG_CIDR_RANGE: 'The CIDR is outside the ranges the cloud allows',
  CONFIG_ROUTE: 'Invalid route',
  CONFIG_NEXTHOP: 'Invalid route next hop',
  CONFIG_DUPLICATE: 'Two VPCs share an address, id or name in one target',
  CONFIG_UNSUPPORTED_FIELD: 'The cloud may not support this field',
  CONFIG_ENSURE: 'Invalid ensure value',
  CONFIG_ABSENT_FIELD: 'An entry marked ensure: absent carries more than its identity',
  CONFIG_ENTERPRISE_PROJECT: 'Invalid enterprise project id',
  CONFIG_VPC_TAG: 'Invalid VPC tag',

  // --- cloud (client, auth, HTTP) ---
  CLOUD_CONFIG: 'Cloud target is not configured',
  CLOUD_AUTH_MISSING: 'No credentials configured',
  CLOUD_AUTH_FAILED: 'Authentication failed',
  CLOUD_FORBIDDEN: 'Permission denied',
  CLOUD_NOT_FOUND: 'Not found',
  CLOUD_BAD_REQUEST: 'The API refused the request',
  CLOUD_CONFLICT: 'Conflict',
  CLOUD_IN_USE: 'The VPC is still in use by other resources',
  CLOUD_BUSY: 'The resource is busy',
  CLOUD_AMBIGUOUS: 'The outcome of a request that must not be repeated is unknown',
  CLOUD_THROTTLED: 'Throttled by the API gateway',
  CLOUD_UNAVAILABLE: 'The service is unavailable',
  CLOUD_NETWORK: 'Network error',
  CLOUD_TIMEOUT: 'Request timed out',
  CLOUD_BAD_RESPONSE: 'Unexpected response from the API',
  CLOUD_API: 'The API returned an error',

  // --- plan ---
  PLAN_CORRUPT: 'The plan file is not a valid plan',
  PLAN_FORMAT_VERSION: 'Unknown plan format version',
  PLAN_STALE: 'The plan is stale',
  PLAN_TARGET_MISMATCH: 'The plan was made for another target',
  PLAN_VPC_NOT_FOUND: 'The VPC does not exist',
  PLAN_NAME_AMBIGUOUS: 'Several VPCs have this name',
  PLAN_NO_IDENTITY: 'The VPC has neither id nor name',
  PLAN_CIDR_EXCLUDES_SUBNET: 'The new cidr does not cover a subnet of the VPC',
  PLAN_NAME_TAKEN: 'Another VPC in the project already has this name',
  PLAN_NEXTHOP_OUTSIDE_SUBNETS: 'A route nexthop is not inside any subnet of the VPC',
  PLAN_VPC_NOT_READY: 'The VPC is not in status OK',
  PLAN_CREATE_INCOMPLETE: 'A VPC to create lacks a field the API needs',
  PLAN_VPC_HAS_SUBNETS: 'The VPC to delete still has subnets',
  PLAN_QUOTA_EXCEEDED: 'The project has no VPC quota left for this create',

  // --- apply ---
  APPLY_NOT_APPROVED: 'Apply was not approved',
  APPLY_FAILED: 'Apply failed',
  APPLY_TIMEOUT: 'Timed out waiting for the VPC',
  APPLY_VPC_STATUS: 'The VPC reached a failed status',
  APPLY_NOT_CONVERGED: 'The VPC did not converge',
  APPLY_DEPENDENCY_FAILED: 'A change this one waits for did not succeed',
  APPLY_VPC_IN_USE: 'The VPC is still in use and cannot be deleted',

  // --- emulator ---
  EMULATOR_SEED: 'Invalid emulator seed',
  EMULATOR_STATE: 'Invalid emulator state file',
  EMULATOR_LISTEN: 'The emulator cannot listen',

  // --- watch ---
  WATCH_LISTEN: 'The metrics server of vpcform watch cannot listen',

  // --- gitops (import, drift, demo) ---
  IMPORT_NOTHING: 'No VPCs to import',
  IMPORT_NOT_FOUND: 'A VPC to import was not found',
  IMPORT_INVALID_OUTPUT: 'The imported file does not validate',
  DEMO_FAILED: 'A demo step did not go as expected',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
