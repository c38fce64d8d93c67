/**
 * The embedded warehouse: PGlite (PostgreSQL compiled to WASM, in-process) standing in for the
 * Redshift database created FROM INTEGRATION. Like Redshift, each source database becomes a schema
 * and identifiers keep their case (R2: enable_case_sensitive_identifier).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CACHE_DIR } from '../../../paths';
import type { WarehouseColumn } from '../cdc/table-state';
import { REDSHIFT_FUNCTIONS_SQL } from './redshift-functions';
import { toWarehouseValue } from './types';

export type Row = Readonly<Record<string, unknown>>;

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
}

/** One statement's answer with its column types, rows as arrays (what a SQL API returns). */
export interface StatementResult {
  readonly fields: readonly { readonly name: string; readonly dataTypeID: number }[];
  readonly rows: readonly (readonly unknown[])[];
  readonly affectedRows: number;
}

/** Runs one statement (inside a transaction, when given one). */
export type ExecuteStatement = (sql: string) => Promise<StatementResult>;

/** Where the image of a fresh data directory is cached between runs. */
const FRESH_IMAGE_DIR = join(CACHE_DIR, 'zero-etl-pglite');

/** One image per PGlite version: a data directory from another version would not start. */
function freshImagePath(): string {
  const packageJson = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const version = existsSync(packageJson)
    ? (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version
    : 'unknown';
  return join(FRESH_IMAGE_DIR, `fresh-datadir-${version}.tar`);
}

export interface WarehouseTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly WarehouseColumn[];
  readonly primaryKey: readonly string[];
}

/** PostgreSQL allows 65,535 bind parameters per statement; stay well below it. */
const MAX_PARAMETERS = 30_000;

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qualified = (table: Pick<WarehouseTable, 'schema' | 'name'>) =>
  `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/** Keeps the last image per primary key: one INSERT … ON CONFLICT may not touch a row twice. */
function lastImagePerKey(table: WarehouseTable, rows: readonly Row[]): Row[] {
  const byKey = new Map<string, Row>();
  for (const row of rows) byKey.set(JSON.stringify(table.primaryKey.map((key) => row[key])), row);
  return [...byKey.values()];
}

/** CSV for COPY: NULL is an empty unquoted field, every other value is quoted (so '' stays ''). */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Uint8Array ? `\\x${Buffer.from(value).toString('hex')}` : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

export class Warehouse {
  private constructor(private readonly db: PGlite) {}

  /**
   * Starts an in-memory PostgreSQL. The first start runs initdb (several seconds of WASM) and caches
   * the fresh data directory; later starts load that image instead (about 1 s). Redshift's functions
   * that PostgreSQL lacks (GETDATE) are created on every start.
   */
  static async open(): Promise<Warehouse> {
    const warehouse = new Warehouse(await Warehouse.openDatabase());
    for (const statement of REDSHIFT_FUNCTIONS_SQL) await warehouse.db.exec(statement);
    return warehouse;
  }

  private static async openDatabase(): Promise<PGlite> {
    const cacheFile = freshImagePath();
    if (existsSync(cacheFile)) {
      try {
        return await PGlite.create({ loadDataDir: new Blob([readFileSync(cacheFile)]) });
      } catch {
        rmSync(cacheFile, { force: true }); // A damaged image: fall back to initdb and rewrite it.
      }
    }
    const db = await PGlite.create();
    try {
      const image = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
      mkdirSync(dirname(cacheFile), { recursive: true });
      const partial = `${cacheFile}.${process.pid}.partial`;
      writeFileSync(partial, image);
      renameSync(partial, cacheFile); // Atomic: concurrent first runs never read half a file.
    } catch {
      // The cache is an optimisation only.
    }
    return db;
  }

  /** Drops and creates the table with the mapped types (a Failed→Synced move or a resync starts clean). */
  async recreateTable(table: WarehouseTable): Promise<void> {
    const columns = table.columns.map((column) => `${quoteIdent(column.name)} ${column.postgresType}`);
    const key = `PRIMARY KEY (${table.primaryKey.map(quoteIdent).join(', ')})`;
    await this.db.exec(
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(table.schema)};
       DROP TABLE IF EXISTS ${qualified(table)};
       CREATE TABLE ${qualified(table)} (${[...columns, key].join(', ')});`,
    );
  }

  async dropTable(table: Pick<WarehouseTable, 'schema' | 'name'>): Promise<void> {
    await this.db.exec(`DROP TABLE IF EXISTS ${qualified(table)}`);
  }

  async truncate(table: Pick<WarehouseTable, 'schema' | 'name'>): Promise<void> {
    await this.db.exec(`TRUNCATE ${qualified(table)}`);
  }

  /** Inserts or replaces full row images (source columns the warehouse lacks are ignored). */
  async upsert(table: WarehouseTable, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const names = table.columns.map((column) => quoteIdent(column.name));
    const keys = new Set(table.primaryKey);
    const updates = table.columns
      .filter((column) => !keys.has(column.name))
      .map((column) => `${quoteIdent(column.name)} = EXCLUDED.${quoteIdent(column.name)}`);
    const onConflict = `ON CONFLICT (${table.primaryKey.map(quoteIdent).join(', ')}) DO ${
      updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'
    }`;
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / table.columns.length));
    for (const batch of chunk(lastImagePerKey(table, rows), perStatement)) {
      const params: unknown[] = [];
      const tuples = batch.map((row) => {
        const placeholders = table.columns.map((column) => {
          params.push(toWarehouseValue(row[column.name], column.postgresType));
          return `$${params.length}`;
        });
        return `(${placeholders.join(', ')})`;
      });
      await this.db.query(
        `INSERT INTO ${qualified(table)} (${names.join(', ')}) VALUES ${tuples.join(', ')} ${onConflict}`,
        params,
      );
    }
  }

  /**
   * Loads rows into a table known to be empty (a snapshot right after `recreateTable`) with COPY,
   * about twice as fast as INSERT in PGlite.
   */
  async bulkLoad(table: WarehouseTable, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const csv = rows
      .map((row) =>
        table.columns
          .map((column) => csvField(toWarehouseValue(row[column.name], column.postgresType)))
          .join(','),
      )
      .join('\n');
    const names = table.columns.map((column) => quoteIdent(column.name)).join(', ');
    await this.db.query(`COPY ${qualified(table)} (${names}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
      blob: new Blob([csv]),
    });
  }

  /** Deletes rows by primary key (deleting a missing row is fine: replay is idempotent). */
  async delete(table: WarehouseTable, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const keyColumns = table.primaryKey.map(
      (name) => table.columns.find((column) => column.name === name) ?? { name, postgresType: 'TEXT' },
    );
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / keyColumns.length));
    for (const batch of chunk(rows, perStatement)) {
      const params: unknown[] = [];
      const tuples = batch.map((row) => {
        const placeholders = keyColumns.map((column) => {
          params.push(toWarehouseValue(row[column.name], column.postgresType));
          return `$${params.length}`;
        });
        return `(${placeholders.join(', ')})`;
      });
      const key = `(${keyColumns.map((column) => quoteIdent(column.name)).join(', ')})`;
      await this.db.query(`DELETE FROM ${qualified(table)} WHERE ${key} IN (${tuples.join(', ')})`, params);
    }
  }

  async countRows(table: Pick<WarehouseTable, 'schema' | 'name'>): Promise<number> {
    const result = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${qualified(table)}`);
    return result.rows[0]?.n ?? 0;
  }

  /** Runs SQL text (one or more statements) and returns the last result set, with `search_path` set. */
  async query(sql: string, searchPath?: string): Promise<QueryResult> {
    const prefix = searchPath ? `SET search_path TO ${quoteIdent(searchPath)}, public;\n` : '';
    const results = await this.db.exec(prefix + sql);
    const last = [...results].reverse().find((result) => result.fields.length > 0);
    return {
      columns: last?.fields.map((field) => field.name) ?? [],
      rows: (last?.rows ?? []) as Row[],
    };
  }

  /** One statement, with column types (the Data API's ExecuteStatement). */
  async execute(sql: string): Promise<StatementResult> {
    return toStatementResult(await this.db.query<unknown[]>(sql, [], { rowMode: 'array' }));
  }

  /** Statements in one transaction, rolled back when one fails (the Data API's BatchExecuteStatement). */
  async transaction<T>(run: (execute: ExecuteStatement) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      run(async (sql) => toStatementResult(await tx.query<unknown[]>(sql, [], { rowMode: 'array' }))),
    );
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

function toStatementResult(result: {
  fields: { name: string; dataTypeID: number }[];
  rows: unknown[][];
  affectedRows?: number;
}): StatementResult {
  return { fields: result.fields, rows: result.rows, affectedRows: result.affectedRows ?? 0 };
}
