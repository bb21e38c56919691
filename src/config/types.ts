import type { Diagnostic, SourceLocation } from '../errors/index.js';

export type CloudKind = 'otc' | 'huaweicloud';

export interface Route {
  destination: string;
  nexthop: string;
}

/** Where the VPCs live. `project_id` may come from the environment instead of the file. */
export interface Target {
  cloud: CloudKind;
  region: string;
  project_id?: string;
  endpoint?: string;
}

/**
 * One desired VPC. A field that is present is managed; an absent one is left alone.
 * `routes: []` manages "no routes".
 */
export interface DesiredVpc {
  /** `vpcs.<key>`: the stable address used in plans and output. */
  address: string;
  /** The key under `vpcs:`. */
  key: string;
  /**
   * `present` (the VPC must exist; created when found by name and missing) or `absent` (deleted when
   * found). The loader always sets it (`present` when the file leaves it out); it is optional in the
   * type only so that states built by hand keep compiling — read a missing one as `present`. An
   * absent entry carries nothing but `id` and/or `name`.
   */
  ensure?: Ensure;
  /** Identity; when absent the VPC is found by `name`. */
  id?: string;
  name?: string;
  cidr?: string;
  description?: string;
  enable_shared_snat?: boolean;
  routes?: Route[];
  /**
   * huaweicloud only: the enterprise project (`"0"` = default, or a UUID) the VPC is created in. Sent
   * in the create POST only; never compared with, or moved on, an existing VPC.
   */
  enterprise_project_id?: string;
  /**
   * The exact tag set (keys not listed are removed); absent = tags left alone; `{}` = no tags. A
   * null-prototype object, so any key (even `__proto__`) is plain data; iterate with Object.keys/entries.
   */
  tags?: Record<string, string>;
}

export type Ensure = 'present' | 'absent';

/**
 * Source positions of a document: dotted paths (`vpcs.web.cidr`, `vpcs.web.routes.0.nexthop`)
 * to the position of the value (or the key, for missing-key findings).
 */
export type SourceMap = Record<string, SourceLocation>;

/** One desired-state file, loaded and validated. */
export interface DesiredState {
  /** The path as the user gave it (relative paths stay relative). */
  file: string;
  /** SHA-256 (hex) of the file's bytes: plans record it. */
  sha256: string;
  version: 1;
  target: Target;
  vpcs: DesiredVpc[];
  sourceMap: SourceMap;
}

/** The result of loading one or more files: the states that loaded, and every finding. */
export interface LoadResult {
  states: DesiredState[];
  diagnostics: Diagnostic[];
  /** Every file that was checked, as displayed (the path as given, or directory + name). */
  files?: string[];
  /** Files found in a directory that were left out because they are not desired-state files. */
  skipped?: SkippedFile[];
}

export interface SkippedFile {
  file: string;
  reason: string;
}
