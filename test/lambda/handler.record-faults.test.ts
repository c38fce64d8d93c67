/**
 * End to end: the real handler on a source with bad records. Each bad record is rejected with a
 * reason and counted, its descendants become orphans, and everything else is stored exactly
 * (including 10,000-character bodies and 4-byte UTF-8).
 */
import { type Dataset, generateDataset } from '../../local/dataplane/fixtures/dataset';
import { lambdaWorld } from '../harness/lambda-world';
import { type RunResult, actualTables, cloneDataset, expectedTables, invoke } from '../harness/lambda';
import { RESOURCE_NAMES as RESOURCES } from '../../lambda/src/constants';

/** Breaks a copy of `dataset` and returns it with the ids of the records it made invalid. */
function corrupt(dataset: Dataset): { source: Dataset; invalid: Record<string, Set<number>> } {
  const source = cloneDataset(dataset) as Dataset & Record<string, unknown[]>;
  const raw = source as unknown as Record<string, Record<string, unknown>[]>;
  // Valid but demanding: emoji and other 4-byte UTF-8, a 10,000-character TEXT, a title of exactly 512 bytes.
  source.users[0].name = 'Zoë 🚀 𝒳𠀋';
  source.albums[0].title = '📸 Holiday 🏖️ 𠀋';
  source.posts[6].body = 'b'.repeat(10_000);
  source.todos[2].title = '😀'.repeat(128);
  // Invalid records.
  (raw.users[2].address as { geo: { lat: unknown } }).geo.lat = 12.5; // wrong type (user 3)
  raw.posts[5].title = 'x'.repeat(10_000); // too long (post 6)
  raw.posts[7].userId = '1'; // wrong type (post 8)
  delete raw.todos[0].completed; // missing (todo 1)
  raw.todos[1].title = '😀'.repeat(129); // 129 characters but 516 bytes (todo 2)
  raw.comments[3].postId = 9999; // orphan (comment 4)
  raw.photos[20].id = 1.5; // not an integer id
  raw.photos.push({ ...raw.photos[10], title: 'a second photo 11' }); // duplicate id 11
  (raw.comments as unknown[]).push(null);
  return {
    source,
    invalid: {
      users: new Set([3]),
      posts: new Set([6, 8]),
      comments: new Set([4]),
      albums: new Set(),
      photos: new Set(),
      todos: new Set([1, 2]),
    },
  };
}

/** The records the database must hold: valid ones whose parents are valid, first of each id. */
function validRecords(source: Dataset, invalid: Record<string, Set<number>>): Dataset {
  const keep = <T extends { id: number }>(items: T[], name: string, parentOk: (item: T) => boolean) => {
    const seen = new Set<number>();
    return items.filter((item) => {
      if (item === null || !Number.isInteger(item.id) || invalid[name].has(item.id) || seen.has(item.id))
        return false;
      seen.add(item.id);
      return parentOk(item);
    });
  };
  const users = keep(source.users, 'users', () => true);
  const userIds = new Set(users.map((u) => u.id));
  const posts = keep(source.posts, 'posts', (p) => userIds.has(p.userId));
  const postIds = new Set(posts.map((p) => p.id));
  const albums = keep(source.albums, 'albums', (a) => userIds.has(a.userId));
  const albumIds = new Set(albums.map((a) => a.id));
  return {
    users,
    posts,
    comments: keep(source.comments, 'comments', (c) => postIds.has(c.postId)),
    albums,
    photos: keep(source.photos, 'photos', (p) => albumIds.has(p.albumId)),
    todos: keep(source.todos, 'todos', (t) => userIds.has(t.userId)),
  };
}

describe('ingestion handler with bad source records (end to end)', () => {
  const { source, invalid } = corrupt(generateDataset(13));
  const expected = validRecords(source, invalid);
  const world = lambdaWorld({
    dataset: source,
    databasePrefix: 'lambda_records',
    per: 'file',
    env: { LOG_LEVEL: 'warn' },
  });
  let result: RunResult;

  beforeAll(async () => {
    result = await invoke(world.env);
  });

  it('answers 207: some records were rejected, the rest stored', () => {
    expect(result.statusCode).toBe(207);
  });

  it('counts fetched, upserted and rejected records exactly for every resource', () => {
    for (const name of RESOURCES) {
      expect(result.body.resources[name]).toEqual({
        fetched: source[name].length,
        upserted: expected[name].length,
        unchanged: 0,
        rejected: source[name].length - expected[name].length,
        deleted: 0,
      });
    }
    expect(result.body.total_records).toBe(RESOURCES.reduce((sum, name) => sum + expected[name].length, 0));
  });

  it('stores exactly the valid records, byte for byte', async () => {
    const tables = await actualTables(world.database.pool);

    expect(tables).toEqual(expectedTables(expected));
    expect(tables.users[0][1]).toBe('Zoë 🚀 𝒳𠀋');
    expect(tables.posts.find((row) => row[0] === 7)?.[3]).toHaveLength(10_000);
  });

  it('logs a reason for every rejected record', () => {
    const logged = result.logs
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.message === 'records rejected')
      .flatMap((entry) =>
        entry.rejections.map((r: { id?: number; reason: string }) => ({ resource: entry.resource, ...r })),
      );
    const reasons = (resource: string, id?: number) =>
      logged.filter((e) => e.resource === resource && e.id === id).map((e) => e.reason);

    for (const name of RESOURCES) {
      expect(logged.filter((e) => e.resource === name)).toHaveLength(result.body.resources[name].rejected);
    }
    expect(reasons('users', 3)).toEqual(['"address.geo.lat" must be a decimal string, got number 12.5']);
    expect(reasons('posts', 6)).toEqual(['"title" is too long: 10000 bytes, at most 512']);
    expect(reasons('posts', 8)).toEqual(['"userId" must be an integer from 1 to 2147483647, got string "1"']);
    expect(reasons('posts', 21)).toEqual(['orphan: user_id 3 is not a stored users id']);
    expect(reasons('todos', 1)).toEqual(['"completed" is missing']);
    expect(reasons('todos', 2)).toEqual(['"title" is too long: 516 bytes, at most 512']);
    expect(reasons('comments', 4)).toEqual(['orphan: post_id 9999 is not a stored posts id']);
    expect(reasons('comments', undefined)).toEqual(['expected an object, got null']);
    expect(reasons('photos', 11)).toEqual(['duplicate id 11: an earlier record with this id was kept']);
    expect(reasons('photos', undefined)).toEqual([
      '"id" must be an integer from 1 to 2147483647, got number 1.5',
    ]);
  });

  it('answers with the first 200 errors and says how many were left out', () => {
    const rejected = RESOURCES.reduce((sum, name) => sum + result.body.resources[name].rejected, 0);

    expect(rejected).toBeGreaterThan(200);
    expect(result.body.errors).toHaveLength(201);
    expect(result.body.errors[0]).toEqual({
      resource: 'users',
      id: 3,
      reason: '"address.geo.lat" must be a decimal string, got number 12.5',
    });
    expect(result.body.errors[200]).toEqual({
      resource: '*',
      reason: `${rejected - 200} more errors omitted (see logs)`,
    });
  });
});
