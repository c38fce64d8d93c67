/**
 * IngestionService through the real container, with the source API and the repositories replaced
 * by in-memory fakes (container overrides): status codes, ordering, orphans and the delete rules.
 */
import { asValue } from 'awilix';
import { type Cradle, buildContainer, createInvocationScope } from '../../../lambda/src/container';
import type { ResourceName } from '../../../lambda/src/constants';
import { SourceApiError } from '../../../lambda/src/errors';
import type { SchemaRepository, SourceApi } from '../../../lambda/src/ports';
import { type Dataset, generateDataset } from '../../../local/dataplane/fixtures/dataset';
import { InMemoryRepository } from './in-memory-repository';

const ENV = { DB_HOST: 'unused.local', DB_NAME: 'unused', DB_USER: 'u', DB_PASSWORD: 'p', BATCH_SIZE: '7' };

function fakeApi(dataset: Dataset, failing: Partial<Record<ResourceName, Error>> = {}) {
  const calls: ResourceName[] = [];
  const api: SourceApi = {
    async fetchAll(resource) {
      calls.push(resource);
      const failure = failing[resource];
      if (failure) throw failure;
      return structuredClone(dataset[resource]);
    },
  };
  return { api, calls };
}

function serviceWith(overrides: {
  sourceApi: SourceApi;
  repository: InMemoryRepository;
  schema?: SchemaRepository;
}) {
  const lines: string[] = [];
  const root = buildContainer({
    env: ENV,
    overrides: {
      sink: asValue({ write: (line: string) => lines.push(line) }),
      sourceApi: asValue(overrides.sourceApi),
      recordRepository: asValue(overrides.repository),
      ...(overrides.schema ? { schemaRepository: asValue(overrides.schema) } : {}),
    },
  });
  const scope = createInvocationScope(root, { runId: 'run-1', requestId: 'req-1' });
  return { service: (scope.cradle as Cradle).ingestionService, lines };
}

describe('IngestionService', () => {
  const dataset = generateDataset(5, { users: 3, posts: 9, comments: 20, albums: 4, photos: 30, todos: 6 });

  it('loads every resource in batches and answers 200', async () => {
    const repository = new InMemoryRepository();
    const { service } = serviceWith({ sourceApi: fakeApi(dataset).api, repository });

    const outcome = await service.ingest(['todos', 'users', 'photos', 'albums', 'comments', 'posts']);

    expect(outcome.statusCode).toBe(200);
    expect(Object.keys(outcome.body.resources)).toEqual([
      'users',
      'posts',
      'comments',
      'albums',
      'photos',
      'todos',
    ]);
    expect(repository.table('photos').size).toBe(30);
    expect(outcome.body.total_records).toBe(3 + 9 + 20 + 4 + 30 + 6);
    expect(outcome.body.run_id).toBe('run-1');
  });

  it('answers 207 when one resource cannot be fetched, and still loads the others', async () => {
    const repository = new InMemoryRepository();
    const failure = new SourceApiError('GET http://api/albums failed with HTTP 502', {
      url: 'http://api/albums',
      status: 502,
    });
    const { service } = serviceWith({ sourceApi: fakeApi(dataset, { albums: failure }).api, repository });

    const outcome = await service.ingest(['users', 'albums', 'photos']);

    expect(outcome.statusCode).toBe(207);
    expect(outcome.body.errors[0]).toEqual({
      resource: 'albums',
      reason: 'GET http://api/albums failed with HTTP 502',
    });
    // Photos are checked against the albums already stored: none, so every photo is an orphan.
    expect(outcome.body.resources.photos).toMatchObject({ fetched: 30, upserted: 0, rejected: 30 });
    expect(repository.table('users').size).toBe(3);
  });

  it('answers 500 when every requested resource fails', async () => {
    const failure = new SourceApiError('GET http://api/users failed: ECONNREFUSED', {
      url: 'http://api/users',
    });
    const { service } = serviceWith({
      sourceApi: fakeApi(dataset, { users: failure }).api,
      repository: new InMemoryRepository(),
    });

    const outcome = await service.ingest(['users']);

    expect(outcome.statusCode).toBe(500);
  });

  it('answers 500 when the database cannot be opened', async () => {
    const repository = new InMemoryRepository();
    repository.failOpen = new Error('connect ETIMEDOUT');
    const { service } = serviceWith({ sourceApi: fakeApi(dataset).api, repository });

    const outcome = await service.ingest(['users']);

    expect(outcome).toEqual({
      statusCode: 500,
      body: expect.objectContaining({
        errors: [{ resource: '*', reason: 'database unavailable: connect ETIMEDOUT' }],
      }),
    });
  });

  it('stops a resource at its first failed batch, counts only committed batches and deletes nothing', async () => {
    const repository = new InMemoryRepository();
    const { service } = serviceWith({ sourceApi: fakeApi(dataset).api, repository });
    await service.ingest(['users', 'posts']);
    repository.table('posts').set(999, [999, 1, 'stale', 'stale']);
    // Run 1 made 3 batch calls (users, posts ×2); run 2's 3rd call is its second posts batch.
    repository.failOnBatch = { call: 6, error: new Error('Connection lost') };

    const outcome = await service.ingest(['users', 'posts']);

    expect(outcome.statusCode).toBe(207);
    expect(outcome.body.resources.posts).toMatchObject({ unchanged: 7, upserted: 0 });
    expect(outcome.body.errors).toEqual([
      {
        resource: 'posts',
        reason: 'batch of 2 rows (ids 8…9) rolled back, 2 rows not stored: Connection lost',
      },
    ]);
    expect(repository.table('posts').has(999)).toBe(true);
  });

  it('with two write connections, lets the batch already in flight finish and counts it', async () => {
    const repository = new InMemoryRepository();
    repository.writeConcurrency = 2;
    const { service } = serviceWith({ sourceApi: fakeApi(dataset).api, repository });
    await service.ingest(['users', 'posts']);
    // Run 2's 2nd call is its first posts batch (ids 1…7); the second (ids 8…9) is already in flight.
    repository.failOnBatch = { call: 5, error: new Error('Connection lost') };

    const outcome = await service.ingest(['users', 'posts']);

    expect(outcome.statusCode).toBe(207);
    expect(outcome.body.resources.posts).toMatchObject({ unchanged: 2, upserted: 0 });
    expect(outcome.body.errors).toEqual([
      {
        resource: 'posts',
        reason: 'batch of 7 rows (ids 1…7) rolled back, 7 rows not stored: Connection lost',
      },
    ]);
  });

  it('deletes rows gone from the source, children before parents', async () => {
    const repository = new InMemoryRepository();
    const source = structuredClone(dataset);
    const { service } = serviceWith({ sourceApi: fakeApi(source).api, repository });
    await service.ingest(['users', 'todos']);
    source.users = source.users.filter((u) => u.id !== 3);
    source.todos = source.todos.filter((t) => t.userId !== 3);

    const outcome = await service.ingest(['users', 'todos']);

    expect(outcome.statusCode).toBe(200);
    expect(outcome.body.resources.users.deleted).toBe(1);
    expect(outcome.body.resources.todos.deleted).toBe(dataset.todos.length - source.todos.length);
    expect([...repository.table('users').keys()]).toEqual([1, 2]);
  });

  it('applies the bundled schema statement by statement for migrate', async () => {
    const applied: string[] = [];
    const schema: SchemaRepository = {
      async apply(statements) {
        applied.push(...statements);
        return statements.length;
      },
    };
    const { service } = serviceWith({
      sourceApi: fakeApi(dataset).api,
      repository: new InMemoryRepository(),
      schema,
    });

    const outcome = await service.migrate();

    expect(outcome.statusCode).toBe(200);
    expect(applied.map((s) => /CREATE TABLE IF NOT EXISTS (\w+)/.exec(s)?.[1])).toEqual([
      'users',
      'posts',
      'comments',
      'albums',
      'photos',
      'todos',
    ]);
  });

  it('logs JSON lines with run and request ids and publishes EMF metrics per resource', async () => {
    const { service, lines } = serviceWith({
      sourceApi: fakeApi(dataset).api,
      repository: new InMemoryRepository(),
    });

    await service.ingest(['users']);

    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.find((e) => e.message === 'ingestion finished')).toMatchObject({
      run_id: 'run-1',
      request_id: 'req-1',
      status: 200,
    });
    const emf = entries.find((e) => e._aws && e.Resource === 'users');
    expect(emf).toMatchObject({ RecordsUpserted: 3, RecordsRejected: 0 });
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'ZeroEtl/Ingestion',
      Dimensions: [['Resource']],
    });
  });
});
