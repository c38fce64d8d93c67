/** Preflight errors; the CLI maps every one of them to exit code 2. */

export class PreflightError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PreflightError';
  }
}

/** Bad command-line arguments or options. */
export class PreflightUsageError extends PreflightError {
  constructor(message: string) {
    super(message);
    this.name = 'PreflightUsageError';
  }
}

/** The server could not be reached or refused the login. */
export class PreflightConnectionError extends PreflightError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PreflightConnectionError';
  }
}

/** The `--schema-file` could not be read or loaded. */
export class SchemaFileError extends PreflightError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SchemaFileError';
  }
}
