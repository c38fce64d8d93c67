/**
 * Every analytics query, run on the fixture dataset in MySQL (Aurora's dialect) and in PostgreSQL
 * (PGlite, the local warehouse's dialect, with Redshift's column types), against results computed in
 * TypeScript straight from the fixture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ANALYTICS_DIR } from '../../paths';
import { generateDataset, type Dataset } from '../../local/dataplane/fixtures/dataset';
import { createTestDatabase, type TestDatabase } from '../harness/mysql';
import { loadIntoMysql, loadIntoPglite } from '../harness/fixture-tables';

type Row = Record<string, unknown>;
const query = (name: string) => readFileSync(join(ANALYTICS_DIR, `${name}.sql`), 'utf8');

/** Drivers return counts as number, bigint or string and decimals as strings: compare as numbers. */
const normalise = (rows: Row[]) =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
          ? Number(value)
          : value,
      ]),
    ),
  );

const countBy = <T>(items: readonly T[], keyOf: (item: T) => string | number) => {
  const counts = new Map<string | number, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
};
const domainOf = (email: string) => email.slice(email.indexOf('@') + 1).toLowerCase();

/** The expected rows of each query, computed from the dataset, in the query's documented order. */
const expected: Record<string, (data: Dataset) => Row[]> = {
  posts_per_user: (data) => {
    const posts = countBy(data.posts, (post) => post.userId);
    return data.users
      .map((user) => ({ user_id: user.id, username: user.username, post_count: posts.get(user.id) ?? 0 }))
      .sort((a, b) => b.post_count - a.post_count || a.user_id - b.user_id);
  },
  comments_per_post: (data) => {
    const comments = countBy(data.comments, (comment) => comment.postId);
    return data.posts
      .map((post) => ({ post_id: post.id, user_id: post.userId, comment_count: comments.get(post.id) ?? 0 }))
      .sort((a, b) => b.comment_count - a.comment_count || a.post_id - b.post_id);
  },
  todo_completion_rate: (data) => {
    const todos = countBy(data.todos, (todo) => todo.userId);
    const completed = countBy(
      data.todos.filter((todo) => todo.completed),
      (todo) => todo.userId,
    );
    return [...todos.entries()]
      .map(([userId, total]) => {
        const done = completed.get(userId) ?? 0;
        return {
          user_id: userId as number,
          todo_count: total,
          completed_count: done,
          completion_rate_pct: Math.round((done * 10_000) / total) / 100,
        };
      })
      .sort((a, b) => b.completion_rate_pct - a.completion_rate_pct || a.user_id - b.user_id);
  },
  photos_per_album: (data) => {
    const photos = countBy(data.photos, (photo) => photo.albumId);
    return data.albums
      .map((album) => ({ album_id: album.id, user_id: album.userId, photo_count: photos.get(album.id) ?? 0 }))
      .sort((a, b) => b.photo_count - a.photo_count || a.album_id - b.album_id);
  },
  commenters_by_email_domain: (data) => {
    const comments = countBy(data.comments, (comment) => domainOf(comment.email));
    return [...comments.entries()]
      .map(([domain, count]) => ({
        email_domain: domain as string,
        commenter_count: new Set(
          data.comments.filter((c) => domainOf(c.email) === domain).map((c) => c.email.toLowerCase()),
        ).size,
        comment_count: count,
      }))
      .sort((a, b) => b.comment_count - a.comment_count || (a.email_domain < b.email_domain ? -1 : 1));
  },
};

/**
 * The generator gives every parent children; add a user without posts or todos, a post without
 * comments, an album without photos and an upper-case email domain so outer joins and LOWER matter.
 */
function withEdgeCases(base: Dataset): Dataset {
  const lurker = {
    ...base.users[0],
    id: base.users.length + 1,
    username: 'lurker',
    email: 'lurker@example.com',
  };
  return {
    ...base,
    users: [...base.users, lurker],
    posts: [...base.posts, { userId: 1, id: base.posts.length + 1, title: 'quiet post', body: 'no replies' }],
    albums: [...base.albums, { userId: lurker.id, id: base.albums.length + 1, title: 'empty album' }],
    comments: base.comments.map((comment, index) =>
      index === 0
        ? { ...comment, email: comment.email.replace(/@.*/, (domain) => domain.toUpperCase()) }
        : comment,
    ),
  };
}

describe('analytics SQL on the fixture dataset', () => {
  // Uneven counts so ties and non-trivial rates occur.
  const data = withEdgeCases(
    generateDataset(7, { users: 7, posts: 45, comments: 210, albums: 30, photos: 400, todos: 93 }),
  );
  let mysql: TestDatabase;
  let pg: PGlite;

  beforeAll(async () => {
    mysql = await createTestDatabase('analytics');
    pg = new PGlite();
    await loadIntoMysql(mysql.pool, data);
    await loadIntoPglite(pg, mysql.pool, data);
  });
  afterAll(async () => {
    await mysql?.drop();
    await pg?.close();
  });

  describe.each(Object.keys(expected))('%s.sql', (name) => {
    it('returns the figures computed from the fixture on MySQL / Aurora', async () => {
      const [rows] = await mysql.pool.query(query(name));

      expect(normalise(rows as Row[])).toEqual(expected[name](data));
    });

    it('returns the same figures on PostgreSQL with Redshift column types', async () => {
      const result = await pg.query<Row>(query(name));

      expect(normalise(result.rows)).toEqual(expected[name](data));
    });
  });

  it('counts parents without children as 0 instead of dropping them (outer joins)', async () => {
    const [users] = await mysql.pool.query(query('posts_per_user'));
    const [albums] = await mysql.pool.query(query('photos_per_album'));

    expect(normalise(users as Row[])).toContainEqual({ user_id: 8, username: 'lurker', post_count: 0 });
    expect(normalise(albums as Row[])).toContainEqual({ album_id: 31, user_id: 8, photo_count: 0 });
  });
});
