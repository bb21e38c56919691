/** A desired-state YAML file with `count` VPCs (see generate-desired.mjs). */
export function generateDesired(count: number): string;
