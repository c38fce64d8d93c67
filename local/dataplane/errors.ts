/** Errors of the local pipeline; `npm start` maps them to a message and exit code at the edge. */
export class LocalPipelineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalPipelineError';
  }
}

/** Bad command-line input: the message says which flag and what it accepts. */
export class UsageError extends LocalPipelineError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The binlog stream or the warehouse failed while replicating. */
export class ReplicationError extends LocalPipelineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReplicationError';
  }
}
