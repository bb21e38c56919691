/** Exit codes of every command (DESIGN.md, Commands and exit codes). */
export const EXIT = {
  OK: 0,
  /** Invalid input, a failure, or any `error` action. */
  ERROR: 1,
  /** `plan --detailed-exitcode`: changes present; `drift`: drift found. */
  CHANGES: 2,
  /** Ctrl-C. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT] | number;
