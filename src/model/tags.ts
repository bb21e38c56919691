/**
 * VPC tags as the v2.0 tag API speaks them (lifecycle-tags.md §3): plain types, no code. A tag set of
 * one VPC is a `Record<string, string>` built on a null prototype, so a key such as `__proto__` or
 * `constructor` is plain data; iterate it with Object.keys/entries.
 */

/** One tag, as the batch action sends it and `GET …/vpcs/{vpc_id}/tags` returns it. */
export interface ResourceTag {
  key: string;
  /** Always sent, `""` included (the API marks it required; §4.3). */
  value: string;
}

/** The batch action of `POST /v2.0/{project_id}/vpcs/{vpc_id}/tags/action` (§3.2). */
export type TagAction = 'create' | 'delete';

/** A key of the project and every value it has on some VPC (`GET /v2.0/{project_id}/vpcs/tags`). */
export interface ProjectTag {
  key: string;
  values: string[];
}

/** A filter clause: VPCs that have `key` with one of `values` (OR-ed; `[]` = any value) (§3.4). */
export interface TagFilter {
  key: string;
  values: string[];
}

/** A match clause; `resource_name` is the only key the API knows (§3.4). */
export interface TagMatch {
  key: 'resource_name';
  value: string;
}

/** What `resource_instances/action` filters on: clauses are AND-ed. */
export interface VpcTagQuery {
  tags?: TagFilter[];
  matches?: TagMatch[];
}

/** One VPC found by a tag filter, with all its tags. */
export interface TaggedVpc {
  resource_id: string;
  /** `""` when the API leaves it out. */
  resource_name: string;
  /** Null-prototype record (see above). */
  tags: Record<string, string>;
}
