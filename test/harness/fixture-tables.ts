/**
 * Shared by tests: loads the fixture dataset into the Aurora schema on MySQL, and into a PGlite copy whose tables get
 * the Redshift types zero-ETL would give them (rules/type-mapping), so analytics SQL is
 * checked on both dialects.
 */
import { readFileSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { SCHEMA_FILE } from '../../paths';
import { redshiftTypeFor } from '../../rules/type-mapping';
import { RESOURCE_SPECS } from '../../lambda/src/domain/resources';
import { RESOURCES, type Dataset, type ResourceName } from '../../local/dataplane/fixtures/dataset';

export const SCHEMA_SQL = readFileSync(SCHEMA_FILE, 'utf8');

type Cell = string | number;
export interface TableRows {
  readonly columns: readonly string[];
  readonly rows: readonly Cell[][];
}

/** The value at `path` of a source record, as the table stores it (booleans as 0/1). */
function cellAt(record: unknown, path: readonly string[]): Cell {
  const value = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], record);
  return typeof value === 'boolean' ? (value ? 1 : 0) : (value as Cell);
}

/** The dataset as rows of `sql/schema.sql`'s tables, column by column as RESOURCE_SPECS maps them. */
export function tableRows(data: Dataset): Record<ResourceName, TableRows> {
  return Object.fromEntries(
    RESOURCES.map((name) => {
      const spec = RESOURCE_SPECS[name];
      const records: readonly unknown[] = data[name];
      return [
        name,
        {
          columns: spec.columns.map((column) => column.column),
          rows: records.map((record) => spec.columns.map((column) => cellAt(record, column.path))),
        },
      ];
    }),
  ) as unknown as Record<ResourceName, TableRows>;
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
