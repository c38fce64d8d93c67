/**
 * The initial load. Consistency comes from ordering, as in zero-ETL's seeding: record the binlog
 * position first, then copy every table inside one consistent-snapshot transaction, then stream
 * the binlog from the recorded position. Changes committed between the two are both in the copy and
 * replayed from the binlog; replaying full row images as upserts and deletes is idempotent, so the
 * warehouse converges on the source.
 */
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import type { MysqlQueryable } from '../../../shared/mysql-schema';
import type { Warehouse, WarehouseTable } from '../warehouse/warehouse';

export interface BinlogPosition {
  readonly filename: string;
  readonly position: number;
}

export interface SnapshotResult {
  /** Rows copied per table. */
  readonly rows: ReadonlyMap<string, number>;
  readonly durationMs: number;
}

export interface SnapshotOptions {
  /** Rows fetched and written per round trip. @default 5000 */
  readonly batchSize?: number;
}

const quoteMysql = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/**
 * A dedicated connection for copying: temporal values as text (no time-zone conversion) and big
 * integers as exact strings (BIGINT UNSIGNED does not fit a double).
 */
export function openSnapshotConnection(url: string): Promise<Connection> {
  return createConnection({ uri: url, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
}

/** The source's current binlog file and offset (`SHOW MASTER STATUS`, MySQL 8.0 and MariaDB). */
export async function currentBinlogPosition(db: MysqlQueryable): Promise<BinlogPosition> {
  const [rows] = await db.query<RowDataPacket[]>('SHOW MASTER STATUS');
  if (rows.length === 0) {
    throw new Error(
      'The source has no binary log (SHOW MASTER STATUS is empty): start it with log_bin and ' +
        'binlog_format=ROW (A3), as startMysqlServer() does.',
    );
  }
  return { filename: String(rows[0].File), position: Number(rows[0].Position) };
}

/** Keyset pagination over the primary key keeps every page an index range scan. */
async function copyTable(
  source: Connection,
  warehouse: Warehouse,
  table: WarehouseTable,
  batchSize: number,
): Promise<number> {
  const columns = table.columns.map((column) => quoteMysql(column.name)).join(', ');
  const key = table.primaryKey.map(quoteMysql);
  const keyTuple = key.length === 1 ? key[0] : `(${key.join(', ')})`;
  const from = `${quoteMysql(table.schema)}.${quoteMysql(table.name)}`;
  const page = async (after?: unknown[]) => {
    const where = after
      ? `WHERE ${keyTuple} > ${key.length === 1 ? '?' : `(${key.map(() => '?').join(', ')})`}`
      : '';
    const [rows] = await source.query<RowDataPacket[]>(
      `SELECT ${columns} FROM ${from} ${where} ORDER BY ${key.join(', ')} LIMIT ${batchSize}`,
      after ?? [],
    );
    return rows;
  };
  let copied = 0;
  let rows = await page();
  for (;;) {
    // Read the next page from the source while the warehouse loads this one.
    const lastRow = rows[rows.length - 1];
    const next = rows.length === batchSize ? page(table.primaryKey.map((name) => lastRow[name])) : undefined;
    next?.catch(() => undefined); // Awaited below; this only avoids an unhandled rejection if the load fails first.
    await warehouse.bulkLoad(table, rows);
    copied += rows.length;
    if (!next) return copied;
    rows = await next;
  }
}

/**
 * Copies the tables into the (just created, empty) warehouse tables. `source` comes from
 * {@link openSnapshotConnection}.
 */
export async function snapshotTables(
  source: Connection,
  warehouse: Warehouse,
  tables: readonly WarehouseTable[],
  options: SnapshotOptions = {},
): Promise<SnapshotResult> {
  const started = performance.now();
  const rows = new Map<string, number>();
  await source.query("SET SESSION time_zone = '+00:00'");
  await source.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  try {
    for (const table of tables) {
      rows.set(table.name, await copyTable(source, warehouse, table, options.batchSize ?? 5000));
    }
  } finally {
    await source.query('COMMIT');
  }
  return { rows, durationMs: performance.now() - started };
}
