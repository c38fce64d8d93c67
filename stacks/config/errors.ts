/** One configuration problem: where it is, which rule it breaks, and how to fix it. */
export interface ConfigIssue {
  /** Dotted path of the offending field, e.g. `environments.dev.aurora.engineVersion`. */
  readonly field: string;
  /** The rule that was broken, written for a human (may cite a rule id such as A1). */
  readonly rule: string;
  /** What to change. */
  readonly fix: string;
}

/** Base class for configuration errors raised at synth. */
export class ConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** The configuration failed validation; `issues` lists every problem found, not just the first. */
export class ConfigValidationError extends ConfigError {
  constructor(
    readonly issues: readonly ConfigIssue[],
    options?: ErrorOptions,
  ) {
    super(
      `Invalid zero-ETL configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  - ${issue.field}: ${issue.rule}. Fix: ${issue.fix}`).join('\n'),
      options,
    );
    this.name = 'ConfigValidationError';
  }
}
