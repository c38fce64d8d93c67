/** Errors of the operations CLI; `cli.ts` maps each to an exit code and one line on stderr. */
export class ZeroEtlError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ZeroEtlError';
  }
}

/** Bad arguments or configuration: exit 2. */
export class ZeroEtlUsageError extends ZeroEtlError {
  constructor(message: string) {
    super(message);
    this.name = 'ZeroEtlUsageError';
  }
}

/** AWS could not be reached or refused a call (credentials, permissions, names): exit 2. */
export class ZeroEtlAccessError extends ZeroEtlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ZeroEtlAccessError';
  }
}
