/**
 * The one I/O module of the preflight: reads server and schema facts over a mysql2 connection.
 * Everything it returns is plain data the pure rules evaluate.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { SERVER_VARIABLES } from '../../rules/server-checks';
import type { ColumnFacts, ForeignKeyFacts, SchemaFacts, ServerFacts, TableFacts, ViewFacts } from './types';

/** Databases that are never replicated and never checked. */
export const SYSTEM_DATABASES = ['mysql', 'information_schema', 'performance_schema', 'sys'] as const;

const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

export async function readServerFacts(connection: Connection): Promise<ServerFacts> {
  const [versionRows] = await connection.query<RowDataPacket[]>('SELECT @@version AS version');
  let auroraVersion: string | undefined;
  try {
    // Only Aurora MySQL has this variable; elsewhere the query fails with 1193.
    const [rows] = await connection.query<RowDataPacket[]>('SELECT @@aurora_version AS aurora');
    auroraVersion = String(rows[0].aurora);
  } catch (error) {
    if ((error as { errno?: number }).errno !== ER_UNKNOWN_SYSTEM_VARIABLE) throw error;
  }
  const [variableRows] = await connection.query<RowDataPacket[]>(
    'SHOW GLOBAL VARIABLES WHERE Variable_name IN (?)',
    [SERVER_VARIABLES],
  );
  const variables: Record<string, string> = {};
  for (const row of variableRows)
    variables[String(row.Variable_name).toLowerCase()] = String(row.Value ?? '');
  return { version: String(versionRows[0].version), auroraVersion, variables };
}

/** Every non-system database on the server. */
export async function listUserDatabases(connection: Connection): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (?) ORDER BY SCHEMA_NAME',
    [SYSTEM_DATABASES],
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

export async function readSchemaFacts(
  connection: Connection,
  databases: readonly string[],
): Promise<SchemaFacts> {
  if (databases.length === 0) return { databases, tables: [], views: [] };
  const list = [databases];
  const [tableRows] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, TABLE_TYPE AS type, ENGINE AS engine
       FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?) ORDER BY TABLE_SCHEMA, TABLE_NAME`,
    list,
  );
  const [columnRows] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (?) ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    list,
  );
  const [primaryKeyRows] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl FROM information_schema.TABLE_CONSTRAINTS
      WHERE CONSTRAINT_TYPE = 'PRIMARY KEY' AND TABLE_SCHEMA IN (?)`,
    list,
  );
  const [foreignKeyRows] = await connection.query<RowDataPacket[]>(
    `SELECT CONSTRAINT_SCHEMA AS db, TABLE_NAME AS tbl, CONSTRAINT_NAME AS name,
            REFERENCED_TABLE_NAME AS referenced, DELETE_RULE AS onDelete, UPDATE_RULE AS onUpdate
       FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (?)
      ORDER BY CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME`,
    list,
  );

  const columns = groupBy<ColumnFacts>(columnRows, (row) => ({
    name: String(row.name),
    columnType: String(row.type),
  }));
  const foreignKeys = groupBy<ForeignKeyFacts>(foreignKeyRows, (row) => ({
    name: String(row.name),
    referencedTable: String(row.referenced),
    deleteRule: String(row.onDelete),
    updateRule: String(row.onUpdate),
  }));
  const withPrimaryKey = new Set(primaryKeyRows.map((row) => key(String(row.db), String(row.tbl))));

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
      hasPrimaryKey: withPrimaryKey.has(id),
      columns: columns.get(id) ?? [],
      foreignKeys: foreignKeys.get(id) ?? [],
    });
  }
  return { databases, tables, views };
}
