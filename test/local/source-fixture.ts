/** Test helper: loads the fixture dataset straight into the source schema (what an ingest run would do). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'mysql2/promise';
import type { Dataset } from '../../scripts/local/fixture-dataset';

export const SCHEMA_SQL = readFileSync(join(__dirname, '../../sql/schema.sql'), 'utf8');

export function datasetRows(dataset: Dataset): Record<string, unknown[][]> {
  return {
    users: dataset.users.map((u) => [
      u.id,
      u.name,
      u.username,
      u.email,
      u.phone,
      u.website,
      u.address.street,
      u.address.suite,
      u.address.city,
      u.address.zipcode,
      u.address.geo.lat,
      u.address.geo.lng,
      u.company.name,
      u.company.catchPhrase,
      u.company.bs,
    ]),
    posts: dataset.posts.map((p) => [p.id, p.userId, p.title, p.body]),
    comments: dataset.comments.map((c) => [c.id, c.postId, c.name, c.email, c.body]),
    albums: dataset.albums.map((a) => [a.id, a.userId, a.title]),
    photos: dataset.photos.map((p) => [p.id, p.albumId, p.title, p.url, p.thumbnailUrl]),
    todos: dataset.todos.map((t) => [t.id, t.userId, t.title, t.completed ? 1 : 0]),
  };
}

export async function loadDataset(pool: Pool, dataset: Dataset): Promise<void> {
  await pool.query(SCHEMA_SQL);
  for (const [table, rows] of Object.entries(datasetRows(dataset))) {
    if (rows.length > 0) await pool.query(`INSERT INTO \`${table}\` VALUES ?`, [rows]);
  }
}
