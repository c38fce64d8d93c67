/**
 * The one reader of a MySQL-compatible server's version, variables and information_schema, used by
 * the preflight and the local pipeline alike. It returns the plain facts rules/ evaluates and works
 * the same on MySQL 8.0 (Aurora MySQL 3) and MariaDB 10.11.
 */
import type { Connection, Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import {
  SERVER_VARIABLES,
  type SchemaFacts,
  type ServerFacts,
  type TableFacts,
  type ViewFacts,
} from '../rules';

export type MysqlQueryable = Pool | PoolConnection | Connection;

/** Databases that are never replicated and never checked (S5). */
export const SYSTEM_DATABASES = ['mysql', 'information_schema', 'performance_schema', 'sys'] as const;

const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

export async function readServerFacts(db: MysqlQueryable): Promise<ServerFacts> {
  const [versionRows] = await db.query<RowDataPacket[]>('SELECT @@version AS version');
  let auroraVersion: string | undefined;
  try {
    // Only Aurora MySQL has this variable; elsewhere the query fails with 1193.
    const [rows] = await db.query<RowDataPacket[]>('SELECT @@aurora_version AS aurora');
    auroraVersion = String(rows[0].aurora);
  } catch (error) {
    if ((error as { errno?: number }).errno !== ER_UNKNOWN_SYSTEM_VARIABLE) throw error;
  }
  const [variableRows] = await db.query<RowDataPacket[]>('SHOW GLOBAL VARIABLES WHERE Variable_name IN (?)', [
    SERVER_VARIABLES,
  ]);
  const variables: Record<string, string> = {};
  for (const row of variableRows)
    variables[String(row.Variable_name).toLowerCase()] = String(row.Value ?? '');
  return { version: String(versionRows[0].version), auroraVersion, variables };
}

/** Every non-system database on the server. */
export async function listUserDatabases(db: MysqlQueryable): Promise<string[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (?) ORDER BY SCHEMA_NAME',
    [SYSTEM_DATABASES],
  );
  return rows.map((row) => String(row.name));
}

/** Base tables of a database (views and temporary tables are never replicated, S5). */
export async function listBaseTables(db: MysqlQueryable, database: string): Promise<string[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    [database],
  );
  return rows.map((row) => String(row.name));
}

const key = (database: string, table: string) => `${database}\u0000${table}`;

function groupBy<T>(rows: RowDataPacket[], toItem: (row: RowDataPacket) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = key(String(row.db), String(row.tbl));
    groups.set(id, [...(groups.get(id) ?? []), toItem(row)]);
  }
  return groups;
}

/**
 * MariaDB spells JSON as LONGTEXT plus a `json_valid(col)` check constraint; MySQL reports `json`
 * in COLUMN_TYPE and its CHECK_CONSTRAINTS has no TABLE_NAME column (the query fails: no need).
 */
async function mariaDbJsonColumns(db: MysqlQueryable, databases: readonly string[]): Promise<Set<string>> {
  try {
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT CONSTRAINT_SCHEMA AS db, TABLE_NAME AS tbl, CHECK_CLAUSE AS clause
         FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (?)`,
      [databases],
    );
    const columns = new Set<string>();
    for (const row of rows) {
      const column = /^json_valid\(`([^`]+)`\)$/i.exec(String(row.clause).trim())?.[1];
      if (column) columns.add(`${key(String(row.db), String(row.tbl))}\u0000${column}`);
    }
    return columns;
  } catch {
    return new Set();
  }
}

async function readTables(
  db: MysqlQueryable,
  databases: readonly string[],
  onlyTable?: string,
): Promise<{ tables: TableFacts[]; views: ViewFacts[] }> {
  if (databases.length === 0) return { tables: [], views: [] };
  const filter = onlyTable === undefined ? '' : ' AND TABLE_NAME = ?';
  const args = onlyTable === undefined ? [databases] : [databases, onlyTable];
  const [tableRows] = await db.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, TABLE_TYPE AS type, ENGINE AS engine
       FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?)${filter}
       AND TABLE_TYPE IN ('BASE TABLE', 'VIEW') ORDER BY TABLE_SCHEMA, TABLE_NAME`,
    args,
  );
  const [columnRows] = await db.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (?)${filter}
      ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    args,
  );
  const [keyRows] = await db.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE
      WHERE CONSTRAINT_NAME = 'PRIMARY' AND TABLE_SCHEMA IN (?)${filter}
      ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    args,
  );
  const [foreignKeyRows] = await db.query<RowDataPacket[]>(
    `SELECT CONSTRAINT_SCHEMA AS db, TABLE_NAME AS tbl, CONSTRAINT_NAME AS name,
            REFERENCED_TABLE_NAME AS referenced, DELETE_RULE AS onDelete, UPDATE_RULE AS onUpdate
       FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (?)${filter}
      ORDER BY CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME`,
    args,
  );
  const jsonColumns = await mariaDbJsonColumns(db, databases);

  const columns = groupBy(columnRows, (row) => {
    const name = String(row.name);
    const isJson = jsonColumns.has(`${key(String(row.db), String(row.tbl))}\u0000${name}`);
    return { name, columnType: isJson ? 'json' : String(row.type), nullable: row.nullable === 'YES' };
  });
  const primaryKeys = groupBy(keyRows, (row) => String(row.name));
  const foreignKeys = groupBy(foreignKeyRows, (row) => ({
    name: String(row.name),
    referencedTable: String(row.referenced),
    deleteRule: String(row.onDelete),
    updateRule: String(row.onUpdate),
  }));

  const tables: TableFacts[] = [];
  const views: ViewFacts[] = [];
  for (const row of tableRows) {
    const [database, name] = [String(row.db), String(row.tbl)];
    if (String(row.type).toUpperCase() === 'VIEW') {
      views.push({ database, name });
      continue;
    }
    const id = key(database, name);
    tables.push({
      database,
      name,
      engine: row.engine === null ? null : String(row.engine),
      primaryKey: primaryKeys.get(id) ?? [],
      columns: columns.get(id) ?? [],
      foreignKeys: foreignKeys.get(id) ?? [],
    });
  }
  return { tables, views };
}

/** Every table and view of `databases`, in name order. */
export async function readSchemaFacts(
  db: MysqlQueryable,
  databases: readonly string[],
): Promise<SchemaFacts> {
  return { databases, ...(await readTables(db, databases)) };
}

/** One base table, or undefined when it does not exist (any more). */
export async function describeTable(
  db: MysqlQueryable,
  database: string,
  table: string,
): Promise<TableFacts | undefined> {
  const { tables } = await readTables(db, [database], table);
  return tables[0];
}
