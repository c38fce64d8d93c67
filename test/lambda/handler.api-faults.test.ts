/**
 * End to end: the real handler against a flaky source API (fault injection on the fixture server).
 * Transient faults are retried into a complete load; permanent ones fail only their resource.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateDataset } from '../../local/dataplane/fixtures/dataset';
import { lambdaWorld } from '../harness/lambda-world';
import { actualTables, expectedTables, invoke, lambdaEnv } from '../harness/lambda';

type Fault = (
  response: ServerResponse,
  request: IncomingMessage,
  attempt: number,
) => boolean | Promise<boolean>;

describe('ingestion handler with a flaky source API (end to end)', () => {
  const dataset = generateDataset(11);
  const faults = new Map<string, Fault>();
  const world = lambdaWorld({
    dataset,
    databasePrefix: 'lambda_api',
    intercept: (request, response, { resource, attempt }) =>
      faults.get(resource)?.(response, request, attempt) ?? false,
  });
  beforeEach(() => faults.clear());

  const fail =
    (status: number, headers: Record<string, string> = {}) =>
    (response: ServerResponse) => {
      response
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end('{"error":"injected"}');
      return true;
    };

  it('retries 500s and stores everything once the API recovers', async () => {
    faults.set('users', (response, _request, attempt) => attempt <= 2 && fail(500)(response));

    const result = await invoke(world.env);

    expect(result.statusCode).toBe(200);
    expect(world.api.requests.get('/users')).toBe(3);
    expect(result.body.resources.users).toEqual({
      fetched: 10,
      upserted: 10,
      unchanged: 0,
      rejected: 0,
      deleted: 0,
    });
    expect(await actualTables(world.database.pool)).toEqual(expectedTables(dataset));
  });

  it('waits as long as a 429 Retry-After says before retrying', async () => {
    faults.set(
      'posts',
      (response, _request, attempt) => attempt === 1 && fail(429, { 'retry-after': '1' })(response),
    );
    const started = Date.now();

    const result = await invoke(world.env);

    expect(result.statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(world.api.requests.get('/posts')).toBe(2);
    expect(await actualTables(world.database.pool)).toEqual(expectedTables(dataset));
  });

  it('gives up at once on a Retry-After beyond the total time bound', async () => {
    faults.set('todos', fail(429, { 'retry-after': '3600' }));

    const result = await invoke(world.env);

    expect(result.statusCode).toBe(207);
    expect(world.api.requests.get('/todos')).toBe(1);
    expect(result.body.errors).toEqual([
      { resource: 'todos', reason: `GET ${world.api.url}todos failed with HTTP 429 Too Many Requests` },
    ]);
  });

  it('times out a slow response and retries it', async () => {
    const quick = lambdaEnv(world.database, world.api.url, { HTTP_TIMEOUT_MS: '300' });
    faults.set('albums', async (_response, _request, attempt) => {
      if (attempt === 1) await new Promise((resolve) => setTimeout(resolve, 1000));
      return false;
    });

    const result = await invoke(quick);

    expect(result.statusCode).toBe(200);
    expect(world.api.requests.get('/albums')).toBe(2);
    expect(await actualTables(world.database.pool)).toEqual(expectedTables(dataset));
  });

  it('retries a connection reset', async () => {
    faults.set('comments', (_response, request, attempt) => {
      if (attempt > 1) return false;
      request.socket.destroy();
      return true;
    });

    const result = await invoke(world.env);

    expect(result.statusCode).toBe(200);
    expect(world.api.requests.get('/comments')).toBe(2);
    expect(await actualTables(world.database.pool)).toEqual(expectedTables(dataset));
  });

  it('fails only the resource whose API keeps failing, naming the URL and status', async () => {
    faults.set('todos', fail(503));

    const result = await invoke(world.env);

    expect(result.statusCode).toBe(207);
    expect(world.api.requests.get('/todos')).toBe(4);
    expect(result.body.errors).toEqual([
      { resource: 'todos', reason: `GET ${world.api.url}todos failed with HTTP 503 Service Unavailable` },
    ]);
    expect(result.body.resources.todos).toEqual({
      fetched: 0,
      upserted: 0,
      unchanged: 0,
      rejected: 0,
      deleted: 0,
    });
    expect(await actualTables(world.database.pool)).toEqual(expectedTables({ ...dataset, todos: [] }));
  });

  it('bounds the total time of a resource that is always too slow', async () => {
    const bounded = lambdaEnv(world.database, world.api.url, {
      HTTP_TIMEOUT_MS: '200',
      HTTP_TOTAL_TIMEOUT_MS: '700',
    });
    faults.set('todos', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return false;
    });
    const started = Date.now();

    const result = await invoke(bounded, { action: 'ingest', resources: ['todos'] });

    expect(result.statusCode).toBe(500);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors[0].reason).toMatch(
      new RegExp(`^GET ${world.api.url}todos (did not complete within 700 ms|failed: Request timed out)`),
    );
  });

  it('rejects a malformed JSON body without retrying and stores the other resources', async () => {
    faults.set('photos', (response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('[{"albumId": 1, "id": 1,');
      return true;
    });

    const result = await invoke(world.env);

    expect(result.statusCode).toBe(207);
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors[0].resource).toBe('photos');
    expect(result.body.errors[0].reason).toContain(`GET ${world.api.url}photos returned malformed JSON`);
    expect(await actualTables(world.database.pool)).toEqual(expectedTables({ ...dataset, photos: [] }));
  });

  it('rejects a body that is not an array', async () => {
    faults.set('users', (response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"users": []}');
      return true;
    });

    const result = await invoke(world.env, { action: 'ingest', resources: ['users'] });

    expect(result.statusCode).toBe(500);
    expect(result.body.errors).toEqual([
      { resource: 'users', reason: `GET ${world.api.url}users returned object, expected a JSON array` },
    ]);
  });
});
