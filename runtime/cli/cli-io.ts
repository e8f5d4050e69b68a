/** A writable the CLI prints to: `process.stdout`/`process.stderr`, or a collector in tests. */
export interface CliOutput {
  write(text: string): unknown;
  /** True when the output is a terminal: enables colour (unless `NO_COLOR`) and width-aware tables. */
  isTTY?: boolean;
  /** Terminal width in columns, when known. */
  columns?: number;
}

/** What `main()` runs against; the bin passes the real process, tests pass collectors and a temp cwd. */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Environment variables. Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Working directory the data directory is searched from. Default: `process.cwd()`. */
  cwd?: string;
  /** Stops a stream tail early (Ctrl-C in the bin). Default: none. */
  signal?: AbortSignal;
  /** Clock for relative times. Default: `Date.now`. */
  now?: () => number;
}

/** Exit codes: 0 success, 1 a user error (unknown id, no data), 2 a usage error. */
export const EXIT = { ok: 0, user: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad invocation (unknown command or flag, missing argument): printed with the command's usage, exit 2. */
export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = "CliUsageError";
  }
}

/** The invocation was well-formed but cannot be served (unknown run, no data directory): exit 1. */
export class CliUserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUserError";
  }
}
