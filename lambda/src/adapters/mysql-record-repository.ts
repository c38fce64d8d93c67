/**
 * RecordRepository on mysql2. A session is one connection holding a named lock (GET_LOCK), so
 * concurrent runs take turns instead of deadlocking, plus up to DB_WRITE_CONNECTIONS - 1 more
 * connections that write batches in parallel with it. Writes are multi-row
 * `INSERT … ON DUPLICATE KEY UPDATE col = VALUES(col)`, which runs on MySQL 8.0 and MariaDB alike.
 */
import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { DatabaseConfig } from '../config';
import { INGEST_LOCK_PREFIX, MYSQL_ERRNO } from '../constants';
import { type ResourceSpec, childrenOf } from '../domain/resources';
import type { Row } from '../domain/validate';
import { DatabaseError, describeError } from '../errors';
import type { Logger } from '../logger';
import type { IngestSession, PruneResult, RecordRepository, UpsertCounts } from '../ports';
import { type MysqlDatabase, errnoOf } from './mysql-database';

const TRANSIENT = new Set<number>([MYSQL_ERRNO.DEADLOCK, MYSQL_ERRNO.LOCK_WAIT_TIMEOUT]);
const MAX_TRANSIENT_RETRIES = 3;
const DELETE_CHUNK = 1000;

export class MysqlRecordRepository implements RecordRepository {
  constructor(
    private readonly database: MysqlDatabase,
    private readonly db: DatabaseConfig,
    private readonly logger: Logger,
  ) {}

  async openSession(): Promise<IngestSession> {
    const connection = await this.database.getConnection();
    const lockName = `${INGEST_LOCK_PREFIX}${this.db.database}`.slice(0, 64);
    try {
      // Every upsert is its own single-statement transaction (see upsertBatch).
      await connection.query('SET SESSION autocommit = 1');
      const [rows] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS acquired', [
        lockName,
        this.db.lockTimeoutSeconds,
      ]);
      if (rows[0]?.acquired !== 1) {
        throw new DatabaseError(
          `another ingestion run held the lock "${lockName}" for ${this.db.lockTimeoutSeconds} s; try again later`,
        );
      }
    } catch (error) {
      connection.destroy();
      throw error instanceof DatabaseError
        ? error
        : new DatabaseError(`cannot take the ingestion lock: ${describeError(error)}`, { cause: error });
    }
    return new MysqlIngestSession(connection, await this.extraWriters(), lockName, this.logger);
  }

  /** Connections beyond the lock holder for parallel batches; fewer (or none) is fine, only slower. */
  private async extraWriters(): Promise<PoolConnection[]> {
    const extras: PoolConnection[] = [];
    for (let i = 1; i < this.db.writeConnections; i++) {
      try {
        extras.push(await this.database.getConnection());
      } catch (error) {
        this.logger.warn('writing with fewer connections', { wanted: this.db.writeConnections, error });
        break;
      }
    }
    return extras;
  }

  async countRows(specs: readonly ResourceSpec[]): Promise<Record<string, number>> {
    if (specs.length === 0) return {};
    const connection = await this.database.getConnection();
    try {
      const sql = specs.map((spec) => `SELECT ?, COUNT(*) FROM ${quote(spec.table)}`).join(' UNION ALL ');
      const [rows] = await connection.query<RowDataPacket[]>({
        sql,
        values: specs.map((spec) => spec.table),
        rowsAsArray: true,
      });
      return Object.fromEntries(rows.map((row) => [String(row[0]), Number(row[1])]));
    } finally {
      connection.release();
    }
  }
}

class MysqlIngestSession implements IngestSession {
  /** Writers not running a batch right now, and callers waiting for one. */
  private readonly idle: PoolConnection[];
  private readonly waiting: Array<(connection: PoolConnection) => void> = [];

  constructor(
    private readonly connection: PoolConnection,
    private readonly extras: readonly PoolConnection[],
    private readonly lockName: string,
    private readonly logger: Logger,
  ) {
    this.idle = [connection, ...extras];
  }

  get writeConcurrency(): number {
    return 1 + this.extras.length;
  }

  private acquireWriter(): Promise<PoolConnection> {
    const connection = this.idle.shift();
    return connection ? Promise.resolve(connection) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseWriter(connection: PoolConnection): void {
    const next = this.waiting.shift();
    if (next) next(connection);
    else this.idle.push(connection);
  }

  async upsertBatch(spec: ResourceSpec, rows: readonly Row[]): Promise<UpsertCounts> {
    if (rows.length === 0) return { upserted: 0, unchanged: 0 };
    const writer = await this.acquireWriter();
    try {
      return await this.upsertWith(writer, spec, rows);
    } finally {
      this.releaseWriter(writer);
    }
  }

  private async upsertWith(
    writer: PoolConnection,
    spec: ResourceSpec,
    rows: readonly Row[],
  ): Promise<UpsertCounts> {
    const sql = upsertSql(spec);
    for (let attempt = 1; ; attempt++) {
      try {
        // One statement in autocommit mode is one transaction: InnoDB applies all its rows or none,
        // without the two extra round trips of BEGIN/COMMIT.
        const [header] = await writer.query<ResultSetHeader>(sql, [rows]);
        return countUpsert(rows.length, header);
      } catch (error) {
        const errno = errnoOf(error);
        if (errno !== undefined && TRANSIENT.has(errno) && attempt <= MAX_TRANSIENT_RETRIES) {
          this.logger.warn('transient database error: retrying the batch', {
            table: spec.table,
            errno,
            attempt,
          });
          continue;
        }
        throw new DatabaseError(`writing ${spec.table} failed: ${describeError(error)}`, {
          cause: error,
          errno,
        });
      }
    }
  }

  async ids(spec: ResourceSpec): Promise<Set<number>> {
    const [rows] = await this.connection.query<RowDataPacket[]>({
      sql: `SELECT id FROM ${quote(spec.table)}`,
      rowsAsArray: true,
    });
    return new Set(rows.map((row) => Number(row[0])));
  }

  async deleteAllExcept(spec: ResourceSpec, keep: ReadonlySet<number>): Promise<PruneResult> {
    const stale = [...(await this.ids(spec))].filter((id) => !keep.has(id));
    if (stale.length === 0) return { deleted: 0, kept: [] };
    const table = quote(spec.table);
    // Under ON DELETE RESTRICT a referenced parent cannot go; skip it instead of failing the chunk.
    const guards = childrenOf(spec.name).map(
      (child) =>
        ` AND NOT EXISTS (SELECT 1 FROM ${quote(child.table)} c WHERE c.${quote(child.column)} = ${table}.id)`,
    );
    let deleted = 0;
    const kept: number[] = [];
    for (let start = 0; start < stale.length; start += DELETE_CHUNK) {
      const chunk = stale.slice(start, start + DELETE_CHUNK);
      const [header] = await this.connection.query<ResultSetHeader>(
        `DELETE FROM ${table} WHERE id IN (?)${guards.join('')}`,
        [chunk],
      );
      deleted += header.affectedRows;
      const [left] = await this.connection.query<RowDataPacket[]>({
        sql: `SELECT id FROM ${table} WHERE id IN (?)`,
        values: [chunk],
        rowsAsArray: true,
      });
      kept.push(...left.map((row) => Number(row[0])));
    }
    return { deleted, kept: kept.sort((a, b) => a - b) };
  }

  async release(): Promise<void> {
    try {
      await this.connection.query('SELECT RELEASE_LOCK(?)', [this.lockName]);
      this.connection.release();
    } catch {
      // The connection died (and with it the lock); do not hand it back to the pool.
      this.connection.destroy();
    }
    await Promise.all(
      this.extras.map(async (extra) => {
        try {
          await extra.query('SELECT 1');
          extra.release();
        } catch {
          extra.destroy();
        }
      }),
    );
  }
}

/** `INSERT INTO t (…) VALUES ? ON DUPLICATE KEY UPDATE c = VALUES(c), …` — `?` expands to the rows. */
export function upsertSql(spec: ResourceSpec): string {
  const columns = spec.columns.map((c) => quote(c.column));
  const updates = columns.slice(1).map((c) => `${c} = VALUES(${c})`);
  return `INSERT INTO ${quote(spec.table)} (${columns.join(', ')}) VALUES ? ON DUPLICATE KEY UPDATE ${updates.join(', ')}`;
}

/**
 * Splits an upsert's outcome. The connection runs without CLIENT_FOUND_ROWS (mysql2 sets it by
 * default; we clear it), so affectedRows counts 1 per inserted row, 2 per changed row and 0 per
 * unchanged row, and the multi-row info string's `Duplicates` counts changed rows only (with
 * CLIENT_FOUND_ROWS it would count unchanged ones too). MySQL 8.0 and MariaDB share this code path.
 */
export function countUpsert(
  records: number,
  header: Pick<ResultSetHeader, 'affectedRows' | 'info'>,
): UpsertCounts {
  const match = /Duplicates:\s*(\d+)/.exec(header.info ?? '');
  // A single-row statement has no info string; its affectedRows alone says 0, 1 or 2.
  const changed = match ? Number(match[1]) : header.affectedRows === 2 ? 1 : 0;
  const inserted = header.affectedRows - 2 * changed;
  if (!match && records !== 1) {
    throw new DatabaseError(
      `cannot count a ${records}-row upsert: the server sent no "Records/Duplicates" info`,
    );
  }
  return { upserted: inserted + changed, unchanged: records - inserted - changed };
}

const quote = (identifier: string) => `\`${identifier.replace(/`/g, '``')}\``;
