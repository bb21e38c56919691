/** `--target` help for plan, apply and drift (no imports: command files stay cheap to load for --help). */
const ONLY = 'only this VPC, `vpcs.<key>` or `<key>` (repeatable): the others are not planned, and not read when avoidable';

export const TARGET_HELP = {
  plan: `${ONLY}; entries it depends on are planned with it`,
  apply: `${ONLY}; entries it depends on are applied with it (with -f; a saved plan keeps its own targets)`,
  drift: ONLY,
} as const;
