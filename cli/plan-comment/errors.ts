/** Plan comment errors; the CLI maps every one of them to exit code 2 with its message. */

export class PlanCommentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlanCommentError';
  }
}

/** Bad command-line arguments or environment. */
export class PlanCommentUsageError extends PlanCommentError {
  constructor(message: string) {
    super(message);
    this.name = 'PlanCommentUsageError';
  }
}

/** The plan file is missing or is not `terraform show -json` output. */
export class PlanInputError extends PlanCommentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlanInputError';
  }
}

/** GitHub answered an API call with an error status, or did not answer at all (status 0). */
export class GitHubApiError extends PlanCommentError {
  constructor(
    message: string,
    readonly status: number,
    readonly method: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'GitHubApiError';
  }
}
