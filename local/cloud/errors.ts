/** Errors of the local cloud; its CLI maps them to a message and an exit code at the edge. */
export class LocalCloudError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalCloudError';
  }
}

/** Bad command-line input: the message says which argument and what it accepts (exit code 2). */
export class LocalCloudUsageError extends LocalCloudError {
  constructor(message: string) {
    super(message);
    this.name = 'LocalCloudUsageError';
  }
}
