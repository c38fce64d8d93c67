/**
 * Reads what zero-ETL needs to know about a source table from information_schema: columns and
 * their types, primary key, engine and foreign-key actions. Works on MySQL 8.0 and MariaDB 10.11.
 */
import type { Connection, Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';

export type MysqlQueryable = Pool | PoolConnection | Connection;

export interface SourceColumn {
  readonly name: string;
  /** `information_schema.COLUMNS.COLUMN_TYPE`, e.g. `int(11)`, `varchar(255)`, or `json`. */
  readonly columnType: string;
  readonly nullable: boolean;
}

export interface SourceForeignKey {
  readonly name: string;
  readonly referencedTable: string;
  readonly deleteRule: string;
  readonly updateRule: string;
}

export interface SourceTable {
  readonly schema: string;
  readonly name: string;
  readonly engine: string;
  readonly columns: readonly SourceColumn[];
  /** Primary-key column names in key order; empty when the table has none. */
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly SourceForeignKey[];
}

/** Base tables of a database (views and temporary tables are never replicated, S5). */
export async function listSourceTables(db: MysqlQueryable, schema: string): Promise<string[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    [schema],
  );
  return rows.map((row) => String(row.name));
}

/** MariaDB spells JSON as LONGTEXT plus a `json_valid()` check; MySQL reports `json` directly. */
async function mariaDbJsonColumns(db: MysqlQueryable, schema: string, table: string): Promise<Set<string>> {
  try {
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS
        WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?`,
      [schema, table],
    );
    const names = rows
      .map((row) => /^json_valid\(`([^`]+)`\)$/i.exec(String(row.clause).trim())?.[1])
      .filter((name): name is string => Boolean(name));
    return new Set(names);
  } catch {
    return new Set(); // MySQL 8.0: CHECK_CONSTRAINTS has no TABLE_NAME column, and no need for it.
  }
}

/** Describes one table, or `undefined` when it does not exist (any more). */
export async function describeSourceTable(
  db: MysqlQueryable,
  schema: string,
  table: string,
): Promise<SourceTable | undefined> {
  const [tables] = await db.query<RowDataPacket[]>(
    `SELECT ENGINE AS engine FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND TABLE_TYPE = 'BASE TABLE'`,
    [schema, table],
  );
  if (tables.length === 0) return undefined;
  const [columns] = await db.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS columnType, IS_NULLABLE AS nullable
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [schema, table],
  );
  const [keys] = await db.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION`,
    [schema, table],
  );
  const [foreignKeys] = await db.query<RowDataPacket[]>(
    `SELECT CONSTRAINT_NAME AS name, REFERENCED_TABLE_NAME AS referencedTable,
            DELETE_RULE AS deleteRule, UPDATE_RULE AS updateRule
       FROM information_schema.REFERENTIAL_CONSTRAINTS
      WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME`,
    [schema, table],
  );
  const jsonColumns = await mariaDbJsonColumns(db, schema, table);
  return {
    schema,
    name: table,
    engine: String(tables[0].engine ?? ''),
    columns: columns.map((column) => ({
      name: String(column.name),
      columnType: jsonColumns.has(String(column.name)) ? 'json' : String(column.columnType),
      nullable: column.nullable === 'YES',
    })),
    primaryKey: keys.map((key) => String(key.name)),
    foreignKeys: foreignKeys.map((fk) => ({
      name: String(fk.name),
      referencedTable: String(fk.referencedTable),
      deleteRule: String(fk.deleteRule),
      updateRule: String(fk.updateRule),
    })),
  };
}
