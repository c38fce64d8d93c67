import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commentMarker } from '../../../cli/plan-comment/constants';
import { GitHubApiError } from '../../../cli/plan-comment/errors';
import { GitHubClient, nextPageUrl } from '../../../cli/plan-comment/github-client';
import { main } from '../../../cli/plan-comment/cli';

const TOKEN = 'ghs_test-token-123';
const REPOSITORY = 'acme/zero-etl';
const PULL_REQUEST = 7;

interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly body?: { body?: string };
}

interface StoredComment {
  id: number;
  body: string;
}

interface StoredIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  comments: string[];
  pull_request?: object;
}

/**
 * A local stand-in for the three GitHub REST endpoints the plan comment uses:
 * list (paginated with a Link header, like GitHub), create and update issue comments.
 */
class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  comments: StoredComment[] = [];
  issues: StoredIssue[] = [];
  pageSize = 2;
  private nextId = 1000;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, json, link }) => {
        response.writeHead(status, { 'content-type': 'application/json', ...(link ? { link } : {}) });
        response.end(JSON.stringify(json));
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v3`;
  }

  async stop(): Promise<void> {
    this.server?.close();
    if (this.server) await once(this.server, 'close');
  }

  seed(bodies: string[]): void {
    this.comments = bodies.map((body) => ({ id: this.nextId++, body }));
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; json: unknown; link?: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    this.requests.push({
      method: request.method ?? '',
      path: url.pathname + url.search,
      authorization: request.headers.authorization,
      body: text ? JSON.parse(text) : undefined,
    });
    if (request.headers.authorization !== `Bearer ${TOKEN}`)
      return { status: 401, json: { message: 'Bad credentials' } };
    const list = url.pathname.match(/^\/api\/v3\/repos\/acme\/zero-etl\/issues\/(\d+)\/comments$/);
    if (list && request.method === 'GET') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const slice = this.comments.slice((page - 1) * this.pageSize, page * this.pageSize);
      const hasNext = page * this.pageSize < this.comments.length;
      const next = new URL(url.href);
      next.searchParams.set('page', String(page + 1));
      return {
        status: 200,
        json: slice,
        link: hasNext
          ? `<${this.url.replace('/api/v3', '')}${next.pathname}${next.search}>; rel="next", <x>; rel="last"`
          : undefined,
      };
    }
    if (
      list &&
      request.method === 'POST' &&
      this.issues.some((candidate) => candidate.number === Number(list[1]))
    ) {
      this.issues
        .find((candidate) => candidate.number === Number(list[1]))!
        .comments.push(JSON.parse(text).body);
      return { status: 201, json: { id: this.nextId++ } };
    }
    if (list && request.method === 'POST') {
      const comment = { id: this.nextId++, body: JSON.parse(text).body as string };
      this.comments.push(comment);
      return { status: 201, json: comment };
    }
    if (url.pathname === '/api/v3/repos/acme/zero-etl/issues' && request.method === 'GET') {
      const label = url.searchParams.get('labels');
      const open = this.issues.filter(
        (issue) => issue.state === url.searchParams.get('state') && (!label || issue.labels.includes(label)),
      );
      return { status: 200, json: open };
    }
    if (url.pathname === '/api/v3/repos/acme/zero-etl/issues' && request.method === 'POST') {
      const { title, body, labels } = JSON.parse(text) as StoredIssue;
      const issue: StoredIssue = { number: this.nextId++, title, body, labels, state: 'open', comments: [] };
      this.issues.push(issue);
      return { status: 201, json: issue };
    }
    const issueMatch = url.pathname.match(/^\/api\/v3\/repos\/acme\/zero-etl\/issues\/(\d+)$/);
    const issue = issueMatch && this.issues.find((candidate) => candidate.number === Number(issueMatch[1]));
    if (issue && request.method === 'PATCH') {
      Object.assign(issue, JSON.parse(text));
      return { status: 200, json: issue };
    }
    const one = url.pathname.match(/^\/api\/v3\/repos\/acme\/zero-etl\/issues\/comments\/(\d+)$/);
    if (one && request.method === 'PATCH') {
      const comment = this.comments.find((candidate) => candidate.id === Number(one[1]));
      if (!comment) return { status: 404, json: { message: 'Not Found' } };
      comment.body = JSON.parse(text).body as string;
      return { status: 200, json: comment };
    }
    return { status: 404, json: { message: 'Not Found' } };
  }
}

describe('GitHub pagination', () => {
  it('reads the next page from a GitHub Link header', () => {
    const link =
      '<https://api.github.com/repositories/1/issues/7/comments?page=2>; rel="next", <https://api.github.com/repositories/1/issues/7/comments?page=5>; rel="last"';
    expect(nextPageUrl(link)).toBe('https://api.github.com/repositories/1/issues/7/comments?page=2');
    expect(nextPageUrl('<https://x/?page=1>; rel="prev"')).toBeUndefined();
    expect(nextPageUrl(null)).toBeUndefined();
  });
});

describe('plan comment upsert against a local GitHub API', () => {
  const github = new FakeGitHub();
  let client: GitHubClient;

  beforeAll(async () => {
    await github.start();
  });
  afterAll(async () => {
    await github.stop();
  });
  beforeEach(() => {
    github.requests.length = 0;
    client = new GitHubClient({ token: TOKEN, repository: REPOSITORY, apiUrl: github.url });
  });

  it('creates the stack’s comment when none exists, sending the token and the body', async () => {
    // Arrange
    github.seed(['LGTM', 'a review remark']);
    const body = `${commentMarker('dev')}\n### ✅ \`dev\`: no changes\n`;

    // Act
    const result = await client.upsertIssueComment(PULL_REQUEST, commentMarker('dev'), body);

    // Assert
    expect(result.action).toBe('created');
    const post = github.requests.find((request) => request.method === 'POST');
    expect(post?.path).toBe('/api/v3/repos/acme/zero-etl/issues/7/comments');
    expect(post?.body).toEqual({ body });
    expect(github.requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(github.comments.at(-1)?.body).toBe(body);
  });

  it('follows Link pagination to find and edit the earlier comment on a later page', async () => {
    // Arrange: the dev comment sits on page 3 of 3
    github.seed([
      'first',
      `> quoting ${commentMarker('dev')} is not the comment`,
      `${commentMarker('prod')}\nprod plan`,
      'another',
      `${commentMarker('dev')}\nold dev plan`,
    ]);
    const devId = github.comments[4].id;
    const body = `${commentMarker('dev')}\nnew dev plan`;

    // Act
    const result = await client.upsertIssueComment(PULL_REQUEST, commentMarker('dev'), body);

    // Assert
    expect(result).toMatchObject({ action: 'updated', comment: { id: devId } });
    const gets = github.requests.filter((request) => request.method === 'GET').map((request) => request.path);
    expect(gets).toEqual([
      '/api/v3/repos/acme/zero-etl/issues/7/comments?per_page=100',
      '/api/v3/repos/acme/zero-etl/issues/7/comments?per_page=100&page=2',
      '/api/v3/repos/acme/zero-etl/issues/7/comments?per_page=100&page=3',
    ]);
    const patch = github.requests.find((request) => request.method === 'PATCH');
    expect(patch).toMatchObject({
      path: `/api/v3/repos/acme/zero-etl/issues/comments/${devId}`,
      body: { body },
    });
    expect(github.comments.map((comment) => comment.body)).toContain(`${commentMarker('prod')}\nprod plan`);
    expect(github.requests.some((request) => request.method === 'POST')).toBe(false);
  });

  it('leaves an identical comment alone', async () => {
    // Arrange
    const body = `${commentMarker('dev')}\nsame plan`;
    github.seed([body]);

    // Act
    const result = await client.upsertIssueComment(PULL_REQUEST, commentMarker('dev'), body);

    // Assert
    expect(result.action).toBe('unchanged');
    expect(github.requests.map((request) => request.method)).toEqual(['GET']);
  });

  it('explains a rejected token with GitHub’s message and the fix', async () => {
    // Arrange
    const badClient = new GitHubClient({ token: 'wrong', repository: REPOSITORY, apiUrl: github.url });

    // Act
    const error = await badClient.upsertIssueComment(PULL_REQUEST, commentMarker('dev'), 'x').catch((e) => e);

    // Assert
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ status: 401, method: 'GET' });
    expect(error.message).toMatch(/401: Bad credentials\. The token was rejected/);
  });

  it('posts rendered files through the CLI, one comment per stack, using GITHUB_API_URL', async () => {
    // Arrange
    github.seed([`${commentMarker('prod')}\nstale prod plan`]);
    const dir = mkdtempSync(join(tmpdir(), 'plan-comment-cli-'));
    writeFileSync(join(dir, 'dev.md'), `${commentMarker('dev')}\ndev plan`);
    writeFileSync(join(dir, 'prod.md'), `${commentMarker('prod')}\nfresh prod plan`);
    const logs: string[] = [];
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: github.url };

    // Act
    const code = await main(
      ['post', '--pull-request', String(PULL_REQUEST), join(dir, 'dev.md'), join(dir, 'prod.md')],
      env,
      (line) => logs.push(line),
    );

    // Assert
    expect(code).toBe(0);
    expect(github.comments.map((comment) => comment.body)).toEqual([
      `${commentMarker('prod')}\nfresh prod plan`,
      `${commentMarker('dev')}\ndev plan`,
    ]);
    expect(logs.join('\n')).toMatch(/dev: comment \d+ created[\s\S]*prod: comment \d+ updated/);
  });

  it('names GITHUB_API_URL and the network when GitHub cannot be reached (exit 2, no stack trace)', async () => {
    // Arrange: a port nothing listens on.
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/api/v3`;
    closed.close();
    await once(closed, 'close');
    const dir = mkdtempSync(join(tmpdir(), 'plan-comment-cli-'));
    writeFileSync(join(dir, 'dev.md'), `${commentMarker('dev')}\ndev plan`);
    const logs: string[] = [];

    // Act
    const code = await main(
      ['post', '--pull-request', '3', join(dir, 'dev.md')],
      { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: url },
      (line) => logs.push(line),
    );

    // Assert
    expect(code).toBe(2);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(
      /could not be reached \(ECONNREFUSED\)\. Check GITHUB_API_URL \(http:\/\/127\.0\.0\.1:\d+\/api\/v3\)/,
    );
  });

  it('refuses a file without a plan marker before calling GitHub', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'plan-comment-cli-'));
    writeFileSync(join(dir, 'note.md'), 'hello');
    const logs: string[] = [];

    // Act
    const code = await main(
      ['post', '--pull-request', '3', join(dir, 'note.md')],
      { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: github.url },
      (line) => logs.push(line),
    );

    // Assert
    expect(code).toBe(2);
    expect(logs.join('\n')).toContain('does not start with a plan marker');
    expect(github.requests).toHaveLength(0);
  });
});

describe('drift issues against a local GitHub API', () => {
  const github = new FakeGitHub();
  const env = () => ({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: github.url });
  const RUN = 'https://github.com/acme/zero-etl/actions/runs/99';
  let dir: string;

  beforeAll(async () => {
    await github.start();
    dir = mkdtempSync(join(tmpdir(), 'plan-comment-drift-'));
  });
  afterAll(async () => {
    await github.stop();
  });

  async function nightly(stack: string, statusLine: string, rest = '') {
    const file = join(dir, `${stack}.md`);
    writeFileSync(file, `${commentMarker(stack)}\n${statusLine}\n${rest}`);
    const logs: string[] = [];
    const code = await main(['drift-issue', '--run-url', RUN, file], env(), (line) => logs.push(line));
    return { code, logs };
  }

  it('opens one issue for a stack whose plan has changes, labelled drift, with the plan in it', async () => {
    // Arrange: an unrelated open drift-labelled issue must not be taken for ours.
    github.issues.push({
      number: 1,
      title: 'Drift notes',
      body: 'by hand',
      labels: ['drift'],
      state: 'open',
      comments: [],
    });

    // Act
    const { code, logs } = await nightly(
      'dev',
      '### 🟡 `dev`: plan has changes',
      '| 🟡 update | `aws_x.y` | |',
    );

    // Assert
    expect(code).toBe(0);
    expect(logs).toEqual([expect.stringMatching(/^plan-comment: dev: drift issue opened #\d+$/)]);
    const opened = github.issues.filter((issue) => issue.body.startsWith('<!-- zero-etl-drift:dev -->'));
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ title: 'Drift in dev', labels: ['drift'], state: 'open' });
    expect(opened[0].body).toContain(`([run](${RUN}))`);
    expect(opened[0].body).toContain('| 🟡 update | `aws_x.y` | |');
    expect(github.issues[0]).toMatchObject({ body: 'by hand', state: 'open' });
  });

  it('updates the same issue the next night while the plan still differs', async () => {
    const { logs } = await nightly('dev', '### ❌ `dev`: plan failed', 'Error: access denied');

    expect(logs).toEqual([expect.stringMatching(/dev: drift issue updated #\d+$/)]);
    expect(
      github.issues.filter((issue) => issue.body.startsWith('<!-- zero-etl-drift:dev -->')),
    ).toHaveLength(1);
  });

  it('closes the issue with a note once the stack plans clean, and does nothing while it stays clean', async () => {
    const closed = await nightly('dev', '### ✅ `dev`: no changes');
    const again = await nightly('dev', '### ✅ `dev`: no changes');

    const issue = github.issues.find((candidate) =>
      candidate.body.startsWith('<!-- zero-etl-drift:dev -->'),
    )!;
    expect(closed.logs).toEqual([expect.stringMatching(/dev: drift issue closed #\d+$/)]);
    expect(issue.state).toBe('closed');
    expect(issue.comments).toEqual([
      `The scheduled plan of \`dev\` is clean again ([run](${RUN})): closing.`,
    ]);
    expect(again.logs).toEqual(['plan-comment: dev: drift issue clean']);
  });
});
