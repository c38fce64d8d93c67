/**
 * End to end: the real handler against a throwaway MariaDB and the local fixture API.
 * Happy path, re-runs, source changes and deletions, subsets, migrate and configuration errors.
 */
import { generateDataset } from '../../local/dataplane/fixtures/dataset';
import { lambdaWorld } from '../harness/lambda-world';
import { actualTables, cloneDataset, expectedTables, invoke, lambdaEnv, rowCounts } from '../harness/lambda';
import { RESOURCE_NAMES as RESOURCES } from '../../lambda/src/constants';

describe('ingestion handler (end to end)', () => {
  const dataset = generateDataset(7);
  // Not migrated: the first spec tests migrate itself.
  const world = lambdaWorld({ dataset, databasePrefix: 'lambda_ingest', migrate: false });

  it('creates the schema with migrate, idempotently', async () => {
    const env = world.env;

    const first = await invoke(env, { action: 'migrate' });
    const second = await invoke(env, { action: 'migrate' });

    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.body.statements).toBe(6);
    expect(await rowCounts(world.database.pool)).toEqual({
      users: 0,
      posts: 0,
      comments: 0,
      albums: 0,
      photos: 0,
      todos: 0,
    });
  });

  it('loads every resource exactly as the source serves it', async () => {
    const env = world.env;
    await invoke(env, { action: 'migrate' });

    const result = await invoke(env, {});

    expect(result.statusCode).toBe(200);
    expect(result.body.errors).toEqual([]);
    for (const name of RESOURCES) {
      const count = dataset[name].length;
      expect(result.body.resources[name]).toEqual({
        fetched: count,
        upserted: count,
        unchanged: 0,
        rejected: 0,
        deleted: 0,
      });
    }
    expect(result.body.total_records).toBe(RESOURCES.reduce((sum, name) => sum + dataset[name].length, 0));
    expect(await actualTables(world.database.pool)).toEqual(expectedTables(dataset));
  });

  it('reports a re-run on unchanged data as unchanged and writes nothing', async () => {
    const env = world.env;
    await invoke(env, { action: 'migrate' });
    await invoke(env, {});

    const rerun = await invoke(env, { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });

    expect(rerun.statusCode).toBe(200);
    for (const name of RESOURCES) {
      const count = dataset[name].length;
      expect(rerun.body.resources[name]).toEqual({
        fetched: count,
        upserted: 0,
        unchanged: count,
        rejected: 0,
        deleted: 0,
      });
    }
    expect(await actualTables(world.database.pool)).toEqual(expectedTables(dataset));
  });

  it('updates changed rows and deletes rows gone from the source, children first', async () => {
    const env = world.env;
    await invoke(env, { action: 'migrate' });
    await invoke(env, {});
    const changed = cloneDataset(dataset);
    changed.posts[0].title = 'a changed title';
    changed.users[1].address.geo.lat = '-12.3456789';
    // User 10 leaves the source with everything that belongs to them.
    changed.users = changed.users.filter((u) => u.id !== 10);
    changed.posts = changed.posts.filter((p) => p.userId !== 10);
    const gonePosts = new Set(dataset.posts.filter((p) => p.userId === 10).map((p) => p.id));
    changed.comments = changed.comments.filter((c) => !gonePosts.has(c.postId));
    changed.albums = changed.albums.filter((a) => a.userId !== 10);
    const goneAlbums = new Set(dataset.albums.filter((a) => a.userId === 10).map((a) => a.id));
    changed.photos = changed.photos.filter((p) => !goneAlbums.has(p.albumId));
    changed.todos = changed.todos.filter((t) => t.userId !== 10);
    world.api.dataset = changed;

    const result = await invoke(env, {});

    expect(result.statusCode).toBe(200);
    expect(result.body.resources.users).toEqual({
      fetched: 9,
      upserted: 1,
      unchanged: 8,
      rejected: 0,
      deleted: 1,
    });
    expect(result.body.resources.posts.upserted).toBe(1);
    for (const name of RESOURCES) {
      expect(result.body.resources[name].deleted).toBe(dataset[name].length - changed[name].length);
    }
    expect(await actualTables(world.database.pool)).toEqual(expectedTables(changed));
  });

  it('counts the rows of every table for the replication check', async () => {
    const env = world.env;
    await invoke(env, { action: 'migrate' });
    await invoke(env, { action: 'ingest', resources: ['users', 'todos'] });

    const result = await invoke(env, { action: 'counts' });

    expect(result.statusCode).toBe(200);
    expect(result.body.counts).toEqual({
      users: dataset.users.length,
      posts: 0,
      comments: 0,
      albums: 0,
      photos: 0,
      todos: dataset.todos.length,
    });
    expect(result.body.total_records).toBe(dataset.users.length + dataset.todos.length);
  });

  it('ingests only the requested resources', async () => {
    const env = world.env;
    await invoke(env, { action: 'migrate' });

    const result = await invoke(env, { action: 'ingest', resources: ['posts', 'users'] });

    expect(result.statusCode).toBe(200);
    expect(Object.keys(result.body.resources)).toEqual(['users', 'posts']);
    expect(world.api.requests.get('/comments')).toBeUndefined();
    expect(await rowCounts(world.database.pool)).toEqual({
      users: dataset.users.length,
      posts: dataset.posts.length,
      comments: 0,
      albums: 0,
      photos: 0,
      todos: 0,
    });
  });

  it('answers 500 with the reason for an unknown action or resource', async () => {
    const env = world.env;

    const badAction = await invoke(env, { action: 'drop' });
    const badResource = await invoke(env, { action: 'ingest', resources: ['users', 'widgets'] });

    expect(badAction.statusCode).toBe(500);
    expect(badAction.body.errors[0].reason).toContain('unknown action "drop"');
    expect(badResource.statusCode).toBe(500);
    expect(badResource.body.errors[0].reason).toContain('unknown resources ["widgets"]');
  });

  it('answers 500 naming every configuration problem', async () => {
    const env = { ...world.env, BATCH_SIZE: 'lots' };
    delete (env as Record<string, string | undefined>).DB_HOST;

    const result = await invoke(env, {});

    expect(result.statusCode).toBe(500);
    expect(result.body.errors[0].reason).toContain('DB_HOST is required');
    expect(result.body.errors[0].reason).toContain('BATCH_SIZE must be an integer');
  });

  it('answers 500 when the database is unreachable', async () => {
    const env = lambdaEnv(world.database, world.api.url, { DB_PORT: '1' });

    const result = await invoke(env, {});

    expect(result.statusCode).toBe(500);
    expect(result.body.errors[0].reason).toMatch(/database unavailable: cannot connect to 127\.0\.0\.1:1/);
  });
});
