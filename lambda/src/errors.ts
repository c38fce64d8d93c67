/**
 * The Lambda's error hierarchy. Errors are mapped to status codes only in the handler; everything
 * else throws these with a message that names the problem and, where there is one, the fix.
 */

export class ZeroEtlError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ZeroEtlError';
  }
}

/** The environment variables are invalid: fixed by changing the function's configuration, not by retrying. */
export class EnvVarError extends ZeroEtlError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'EnvVarError';
    this.problems = problems;
  }
}

/** The invocation event is not one the function understands. */
export class EventError extends ZeroEtlError {
  constructor(message: string) {
    super(message);
    this.name = 'EventError';
  }
}

/** The source API could not be read (after retries); carries the URL and, when known, the status. */
export class SourceApiError extends ZeroEtlError {
  readonly url: string;
  readonly status?: number;
  constructor(message: string, context: { url: string; status?: number; cause?: unknown }) {
    super(message, { cause: context.cause });
    this.name = 'SourceApiError';
    this.url = context.url;
    this.status = context.status;
  }
}

/** The database refused or lost the work; `errno` is MySQL's error number when there is one. */
export class DatabaseError extends ZeroEtlError {
  readonly errno?: number;
  constructor(message: string, options?: { cause?: unknown; errno?: number }) {
    super(message, { cause: options?.cause });
    this.name = 'DatabaseError';
    this.errno = options?.errno;
  }
}

/** The database credentials could not be obtained (Secrets Manager, or a malformed secret). */
export class SecretError extends ZeroEtlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretError';
  }
}

/** A short, single-line description of any thrown value, safe for logs and responses. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0];
  return String(error);
}
