/**
 * Redshift's zero-ETL system views, answered from the replication state: SVV_INTEGRATION,
 * SVV_INTEGRATION_TABLE_STATE and SVV_REDSHIFT_DATABASES, with the columns their pages in the Amazon
 * Redshift Database Developer Guide list ("SVV_INTEGRATION", "SVV_INTEGRATION_TABLE_STATE",
 * "SVV_REDSHIFT_DATABASES"). They live in `pg_catalog`, as Redshift's do, so they resolve whatever
 * the search path is, and are refilled right before a statement that reads them.
 */
import type { ExecuteStatement } from '../../../dataplane/warehouse/warehouse';

export interface IntegrationRow {
  readonly integration_id: string;
  readonly target_database: string;
  readonly source: 'MySQL';
  /** PendingDbConnectState, SchemaDiscoveryState, CdcRefreshState or ErrorState. */
  readonly state: string;
  readonly current_lag: number | null;
  readonly last_replicated_checkpoint: string;
  readonly total_tables_replicated: number;
  readonly total_tables_failed: number;
  readonly creation_time: Date;
  readonly refresh_interval: number;
  readonly source_database: string;
  readonly is_history_mode: boolean;
}

export interface IntegrationTableStateRow {
  readonly integration_id: string;
  readonly target_database: string;
  readonly schema_name: string;
  readonly table_name: string;
  readonly table_state: string;
  readonly table_last_replicated_checkpoint: string;
  readonly reason: string;
  readonly last_updated_timestamp: Date;
  readonly table_rows: number | null;
  readonly table_size: number | null;
  readonly is_history_mode: boolean;
}

export interface RedshiftDatabaseRow {
  readonly database_name: string;
  readonly database_owner: number;
  /** `local`, or `shared` for a datashare consumer database. */
  readonly database_type: string;
  readonly database_options: string;
  readonly database_isolation_level: string;
}

export interface SystemViewRows {
  readonly svv_integration: readonly IntegrationRow[];
  readonly svv_integration_table_state: readonly IntegrationTableStateRow[];
  readonly svv_redshift_databases: readonly RedshiftDatabaseRow[];
}

const COLUMNS: Record<keyof SystemViewRows, string> = {
  svv_integration: `integration_id character(128), target_database character(128), source character(128),
    state character(128), current_lag bigint, last_replicated_checkpoint character(128),
    total_tables_replicated integer, total_tables_failed integer, creation_time timestamp,
    refresh_interval integer, source_database character(128), is_history_mode boolean`,
  svv_integration_table_state: `integration_id character(128), target_database character(128),
    schema_name character(128), table_name character(128), table_state character(128),
    table_last_replicated_checkpoint character(128), reason character(256), last_updated_timestamp timestamp,
    table_rows bigint, table_size bigint, is_history_mode boolean`,
  svv_redshift_databases: `database_name varchar(128), database_owner integer, database_type varchar(32),
    database_options varchar(128), database_isolation_level varchar(128)`,
};

const VIEW_NAMES = Object.keys(COLUMNS) as (keyof SystemViewRows)[];
const MENTIONS = new RegExp(`\\b(${VIEW_NAMES.join('|')})\\b`, 'i');

/** Whether a statement reads one of the views (only then are they refilled). */
export const readsSystemViews = (sql: string) => MENTIONS.test(sql);

/** Creates the views' tables in pg_catalog (once per database). */
export async function createSystemViews(execute: ExecuteStatement): Promise<void> {
  await execute('SET allow_system_table_mods = on');
  for (const name of VIEW_NAMES) await execute(`CREATE TABLE pg_catalog.${name} (${COLUMNS[name]})`);
  await execute('SET allow_system_table_mods = off');
}

const literal = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `'${value.toISOString().replace('T', ' ').replace('Z', '')}'`;
  return `'${String(value).replace(/'/g, "''")}'`;
};

/** Replaces the views' rows with the current state. */
export async function fillSystemViews(execute: ExecuteStatement, rows: SystemViewRows): Promise<void> {
  await execute('SET allow_system_table_mods = on');
  try {
    for (const name of VIEW_NAMES) {
      await execute(`DELETE FROM pg_catalog.${name}`);
      const records = rows[name] as unknown as readonly Record<string, unknown>[];
      if (records.length === 0) continue;
      const columns = Object.keys(records[0]);
      const values = records.map((row) => `(${columns.map((column) => literal(row[column])).join(', ')})`);
      await execute(`INSERT INTO pg_catalog.${name} (${columns.join(', ')}) VALUES ${values.join(', ')}`);
    }
  } finally {
    await execute('SET allow_system_table_mods = off');
  }
}
