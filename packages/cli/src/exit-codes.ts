// The documented exit codes (README "Exit codes"); scripts depend on them.
export const EXIT = {
  /** Found and verified (or found with --offline/--no-probe, marked unverified). */
  OK: 0,
  /** The run completed but nothing usable came out of it. */
  NOT_FOUND: 1,
  /** Usage error, bad address or input, unreadable or unwritable file. */
  USAGE: 2,
  /** Found, but with a high-severity finding: read it before using the settings. */
  HIGH_FINDING: 3,
  /** Internal error: a bug in autoconf (sysexits.h EX_SOFTWARE). */
  INTERNAL: 70,
  /** Interrupted (SIGINT): 128 + signal number 2, as shells report it. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
