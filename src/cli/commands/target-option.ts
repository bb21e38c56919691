/** `--target` help for plan, apply and drift (no imports: command files stay cheap to load for --help). */
const ONLY = 'only this VPC, `vpcs.<key>` or `<key>` (repeatable)';

export const TARGET_HELP = {
  plan: `${ONLY}: entries it depends on are planned with it; the others are not planned, nor read on their own`,
  apply: `${ONLY}, with -f: entries it depends on are applied with it; the others are not read on their own, never written (a saved plan keeps its own targets)`,
  drift: `${ONLY}: the others are not checked, nor read on their own`,
} as const;
