import { GitHubApiError, PlanCommentUsageError } from './errors';

export interface GitHubClientOptions {
  /** A token allowed to write pull-request comments (`GITHUB_TOKEN` with `pull-requests: write`). */
  readonly token: string;
  /** `owner/name`. */
  readonly repository: string;
  /** REST API root. @default 'https://api.github.com' (GitHub Actions sets GITHUB_API_URL, e.g. for GHES) */
  readonly apiUrl?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly html_url?: string;
}

export interface Issue {
  readonly number: number;
  readonly body?: string | null;
  readonly html_url?: string;
  /** Set when the "issue" is a pull request (the issues API lists both). */
  readonly pull_request?: unknown;
}

export interface UpsertResult {
  readonly action: 'created' | 'updated' | 'unchanged';
  readonly comment: IssueComment;
}

/** The `rel="next"` target of a Link header, if any. */
export function nextPageUrl(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="?next"?/);
    if (match) return match[1];
  }
  return undefined;
}

const HINTS: Readonly<Record<number, string>> = {
  401: 'The token was rejected: pass a valid GITHUB_TOKEN.',
  403: 'The token may not write comments: give the job `permissions: pull-requests: write` (pull requests from forks only get read-only tokens).',
  404: 'Check the repository (owner/name) and the pull request number, and that the token can see the repository.',
};

/** How long one GitHub API call may take. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Minimal GitHub REST client for issue (pull request) comments, on fetch. */
export class GitHubClient {
  private readonly apiUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: GitHubClientOptions) {
    if (!options.token) throw new PlanCommentUsageError('No GitHub token: set GITHUB_TOKEN.');
    if (!/^[^/\s]+\/[^/\s]+$/.test(options.repository)) {
      throw new PlanCommentUsageError(
        `Repository "${options.repository}" is not owner/name (GITHUB_REPOSITORY).`,
      );
    }
    this.apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /** One HTTP call; a network failure (no answer at all) becomes a GitHubApiError naming the fix. */
  private async send(method: string, url: string, body?: unknown): Promise<Response> {
    try {
      return await this.fetchImpl(url, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${this.options.token}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'zero-etl-plan-comment',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new GitHubApiError(
        `GitHub ${method} ${url} could not be reached (${why}). Check GITHUB_API_URL (${this.apiUrl}) and ` +
          "that this machine reaches it (network, proxy); on GitHub Enterprise Server it is the server's /api/v3 URL.",
        0,
        method,
        url,
      );
    }
  }

  private async request(method: string, url: string, body?: unknown): Promise<Response> {
    const response = await this.send(method, url, body);
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let detail = text.slice(0, 500);
      try {
        detail = (JSON.parse(text) as { message?: string }).message ?? detail;
      } catch {
        // not JSON: keep the raw text
      }
      const hint = HINTS[response.status] ? ` ${HINTS[response.status]}` : '';
      throw new GitHubApiError(
        `GitHub ${method} ${url} failed with ${response.status}: ${detail}.${hint}`,
        response.status,
        method,
        url,
      );
    }
    return response;
  }

  private repoUrl(path: string): string {
    return `${this.apiUrl}/repos/${this.options.repository}${path}`;
  }

  /** Every comment of an issue or pull request, following `Link: rel="next"` pagination. */
  async *listIssueComments(issueNumber: number): AsyncGenerator<IssueComment> {
    let url: string | undefined = this.repoUrl(`/issues/${issueNumber}/comments?per_page=100`);
    while (url) {
      const response = await this.request('GET', url);
      for (const comment of (await response.json()) as IssueComment[]) yield comment;
      url = nextPageUrl(response.headers.get('link'));
    }
  }

  async createIssueComment(issueNumber: number, body: string): Promise<IssueComment> {
    const response = await this.request('POST', this.repoUrl(`/issues/${issueNumber}/comments`), { body });
    return (await response.json()) as IssueComment;
  }

  async updateIssueComment(commentId: number, body: string): Promise<IssueComment> {
    const response = await this.request('PATCH', this.repoUrl(`/issues/comments/${commentId}`), { body });
    return (await response.json()) as IssueComment;
  }

  /** Every open issue (not pull request) carrying `label`, following pagination. */
  async *listOpenIssues(label: string): AsyncGenerator<Issue> {
    let url: string | undefined = this.repoUrl(
      `/issues?state=open&labels=${encodeURIComponent(label)}&per_page=100`,
    );
    while (url) {
      const response = await this.request('GET', url);
      for (const issue of (await response.json()) as Issue[]) if (!issue.pull_request) yield issue;
      url = nextPageUrl(response.headers.get('link'));
    }
  }

  async createIssue(title: string, body: string, labels: readonly string[]): Promise<Issue> {
    const response = await this.request('POST', this.repoUrl('/issues'), { title, body, labels });
    return (await response.json()) as Issue;
  }

  async updateIssue(
    issueNumber: number,
    fields: { body?: string; state?: 'open' | 'closed'; state_reason?: 'completed' },
  ): Promise<Issue> {
    const response = await this.request('PATCH', this.repoUrl(`/issues/${issueNumber}`), fields);
    return (await response.json()) as Issue;
  }

  /**
   * Edits the first comment that starts with `marker`, or creates one. A comment that merely
   * quotes the marker does not start with it, so it is never overwritten.
   */
  async upsertIssueComment(issueNumber: number, marker: string, body: string): Promise<UpsertResult> {
    for await (const comment of this.listIssueComments(issueNumber)) {
      if (!comment.body?.startsWith(marker)) continue;
      if (comment.body === body) return { action: 'unchanged', comment };
      return { action: 'updated', comment: await this.updateIssueComment(comment.id, body) };
    }
    return { action: 'created', comment: await this.createIssueComment(issueNumber, body) };
  }
}
