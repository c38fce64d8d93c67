/**
 * Shared by tests: loads the fixture dataset into the Aurora schema on MySQL, and into a PGlite copy whose tables get
 * the Redshift types zero-ETL would give them (rules/type-mapping), so analytics SQL is
 * checked on both dialects.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { redshiftTypeFor } from '../../rules/type-mapping';
import { RESOURCES, type Dataset, type ResourceName } from '../../shared/fixtures/dataset';

export const SCHEMA_SQL = readFileSync(resolve(__dirname, '../../sql/schema.sql'), 'utf8');

type Cell = string | number;
export interface TableRows {
  readonly columns: readonly string[];
  readonly rows: readonly Cell[][];
}

/** The dataset as rows of `sql/schema.sql`'s tables (users flattened, booleans as 0/1). */
export function tableRows(data: Dataset): Record<ResourceName, TableRows> {
  return {
    users: {
      columns: [
        'id',
        'name',
        'username',
        'email',
        'phone',
        'website',
        'address_street',
        'address_suite',
        'address_city',
        'address_zipcode',
        'geo_lat',
        'geo_lng',
        'company_name',
        'company_catch_phrase',
        'company_bs',
      ],
      rows: data.users.map((u) => [
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
    },
    posts: {
      columns: ['id', 'user_id', 'title', 'body'],
      rows: data.posts.map((p) => [p.id, p.userId, p.title, p.body]),
    },
    comments: {
      columns: ['id', 'post_id', 'name', 'email', 'body'],
      rows: data.comments.map((c) => [c.id, c.postId, c.name, c.email, c.body]),
    },
    albums: { columns: ['id', 'user_id', 'title'], rows: data.albums.map((a) => [a.id, a.userId, a.title]) },
    photos: {
      columns: ['id', 'album_id', 'title', 'url', 'thumbnail_url'],
      rows: data.photos.map((p) => [p.id, p.albumId, p.title, p.url, p.thumbnailUrl]),
    },
    todos: {
      columns: ['id', 'user_id', 'title', 'completed'],
      rows: data.todos.map((t) => [t.id, t.userId, t.title, t.completed ? 1 : 0]),
    },
  };
}

export async function loadIntoMysql(pool: Pool, data: Dataset): Promise<void> {
  await pool.query(SCHEMA_SQL);
  const tables = tableRows(data);
  for (const name of RESOURCES) {
    const { columns, rows } = tables[name];
    await pool.query(`INSERT INTO ${name} (${columns.join(', ')}) VALUES ?`, [rows]);
  }
}

/** Creates the tables in PGlite with the Redshift types of the MySQL columns, then copies the rows. */
export async function loadIntoPglite(pg: PGlite, mysql: Pool, data: Dataset): Promise<void> {
  const [columns] = await mysql.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  const tables = tableRows(data);
  for (const name of RESOURCES) {
    const definitions = columns
      .filter((column) => column.tbl === name)
      .map((column) => {
        const mapping = redshiftTypeFor(String(column.type));
        if (!mapping.supported) throw new Error(`${name}.${column.name}: ${mapping.reason}`);
        return `${column.name} ${mapping.redshiftType}`;
      });
    await pg.exec(`CREATE TABLE ${name} (${definitions.join(', ')}, PRIMARY KEY (id))`);
    const { columns: names, rows } = tables[name];
    const placeholders = rows.map(
      (_, r) => `(${names.map((__, c) => `$${r * names.length + c + 1}`).join(', ')})`,
    );
    await pg.query(
      `INSERT INTO ${name} (${names.join(', ')}) VALUES ${placeholders.join(', ')}`,
      rows.flat(),
    );
  }
}
